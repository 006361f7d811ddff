"""Section 55 of the Police Act 1996: the one place its period is computed."""

from __future__ import annotations

from datetime import date, timedelta

# Policing and Crime Act 2017 s37 inserted s55(5A), in force from 2 May 2017.
PERIOD_IN_FORCE = date(2017, 5, 2)
PERIOD_DAYS = 56


def section55_last_day(published: date | None) -> date | None:
    """The last day to publish a response: the 56 days begin on the day of publication.

    A report published on 27 March 2025 must be answered by 21 May 2025.  Reports
    published before 2 May 2017 have no statutory period, so there is no last day.
    """
    if published is None or published < PERIOD_IN_FORCE:
        return None
    try:
        return published + timedelta(days=PERIOD_DAYS - 1)
    except OverflowError:  # a mistyped year such as 9999: no real deadline
        return None

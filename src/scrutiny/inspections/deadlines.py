"""The section 55 deadline of an inspection: the one function every screen and document uses.

The law's date wins: when the report's publication date is known (and falls on or after
2 May 2017) the deadline is the statutory last day, published + 55 days.  A date a
document printed, or a user entered, is used only when the statutory day cannot be
worked out; where it differs from the statutory day the pages say so.  A report that
does not concern the office's force has no deadline for that office.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from scrutiny.extraction.statute import PERIOD_DAYS, PERIOD_IN_FORCE, section55_last_day

if TYPE_CHECKING:
    from .models import Inspection


class Basis:
    STATUTORY = "statutory"
    PRINTED = "printed"
    NOT_SUBJECT = "not_subject"
    NONE = ""


@dataclass(frozen=True)
class Deadline:
    day: date | None
    basis: str
    explanation: str


def work_out(published: date | None, printed: date | None, concerns_force: bool) -> Deadline:
    """The deadline from the publication date, a printed or entered date, and whether the
    report concerns the office's force."""
    if not concerns_force:
        return Deadline(None, Basis.NOT_SUBJECT,
                        "The report is not about the office's force, so no section 55 response "
                        "is due from this office.")
    statutory = section55_last_day(published)
    if statutory is not None:
        assert published is not None
        text = (f"Published {published:%-d %B %Y}. The {PERIOD_DAYS} days begin with that day "
                f"(Police Act 1996 s55(5A), inserted by the Policing and Crime Act 2017 s37), "
                f"so the last day to publish is {statutory:%-d %B %Y} "
                f"(published + {PERIOD_DAYS - 1} days).")
        if printed and printed != statutory:
            text += (f" The document gave {printed:%-d %B %Y}; Scrutiny uses the statutory "
                     "last day.")
        return Deadline(statutory, Basis.STATUTORY, text)
    if published is not None and published < PERIOD_IN_FORCE:
        text = ("The report was published before 2 May 2017, when the 56-day period "
                "(Police Act 1996 s55(5A)) came into force: there is no statutory deadline.")
        if printed:
            return Deadline(printed, Basis.PRINTED,
                            text + f" The office's own date, {printed:%-d %B %Y}, is used.")
        return Deadline(None, Basis.NONE, text)
    if printed:
        return Deadline(printed, Basis.PRINTED,
                        f"The report's publication date is not recorded; the date given, "
                        f"{printed:%-d %B %Y}, is used. Record the publication date to have "
                        "the statutory last day worked out.")
    return Deadline(None, Basis.NONE,
                    "The report's publication date is not recorded, so the deadline cannot be "
                    "worked out. Correct the inspection to add it.")


def concerns_force(inspection: Inspection) -> bool:
    """A report concerns the office's force if it names it, or names no force (national)."""
    if inspection.pk is None:
        return True
    forces = [f.pk for f in inspection.forces.all()]
    return not forces or inspection.force_id in forces


def section55_deadline(inspection: Inspection) -> Deadline:
    """The inspection's section 55 deadline and why."""
    return work_out(inspection.published, inspection.section55_printed, concerns_force(inspection))


def apply_deadline(inspection: Inspection) -> bool:
    """Store the worked-out deadline on the inspection (for lists and sorting).

    Returns whether it changed; the caller saves.
    """
    deadline = section55_deadline(inspection)
    changed = (inspection.section55_due, inspection.section55_basis) != (deadline.day,
                                                                        deadline.basis)
    inspection.section55_due, inspection.section55_basis = deadline.day, deadline.basis
    return changed

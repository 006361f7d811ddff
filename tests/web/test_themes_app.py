"""Themes in the app: assigned on recording with the matched words shown, corrected by a
user (recorded, and kept when the rules run again), filtered on in the register, and
counted over time on the force page."""

from __future__ import annotations

from scrutiny.audit.models import AuditEvent
from scrutiny.inspections.models import FindingTheme
from scrutiny.inspections.themes import apply
from webtools import client_for


def test_themes_are_assigned_shown_corrected_and_filtered(alice, norfolk_peel) -> None:  # type: ignore[no-untyped-def]
    stop = norfolk_peel.findings.get(text__contains="stop and search")
    assert list(stop.themes.filter(active=True).values_list("theme", flat=True)) == ["stop_search"]
    c = client_for(alice)
    page = c.get(stop.get_absolute_url()).content.decode()
    assert "Stop and search and use of force" in page and "matched: stop and search" in page
    # A user adds a theme and takes the rule's off: recorded, and the rules leave it so.
    r = c.post(f"/findings/{stop.pk}/themes/", {"theme": ["vetting_corruption"]})
    assert r.status_code == 302
    assert set(stop.themes.filter(active=True).values_list("theme", flat=True)) == {"vetting_corruption"}
    assert AuditEvent.objects.filter(finding=stop, summary__startswith="Themes of").exists()
    apply([stop])
    assert not FindingTheme.objects.get(finding=stop, theme="stop_search").active
    # The register filters by theme.
    listed = c.get("/findings/", {"theme": "call_handling"}).context["page"].paginator.count
    assert listed == norfolk_peel.findings.filter(themes__theme="call_handling", themes__active=True) \
        .exclude(type__endswith="_practice").count() > 0  # practice is not in the register
    assert c.get("/findings/", {"theme": "vetting_corruption"}).context["page"].paginator.count == 1
    # The force page counts open findings by theme over time.
    force = c.get("/forces/norfolk-constabulary/")
    rows = {code: counts for code, _, counts in force.context["themes_over_time"]}
    assert rows["call_handling"][-1] >= 1 and "Open findings by theme over time" in force.content.decode()


def test_readers_cannot_correct_themes(rita, norfolk_peel) -> None:  # type: ignore[no-untyped-def]
    finding = norfolk_peel.findings.first()
    assert client_for(rita).post(f"/findings/{finding.pk}/themes/", {"theme": ["custody"]}).status_code == 403

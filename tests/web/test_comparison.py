"""Grade comparison: a force's PEEL grades against every force graded in the same round
and against its most similar forces (a list the office keeps, or a file loads)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from scrutiny.accounts.models import Membership
from scrutiny.audit.models import AuditEvent
from scrutiny.cli import main
from scrutiny.extraction.peel import concepts
from scrutiny.inspections.comparison import compare, held_grades, round_of
from scrutiny.inspections.models import Force, Grade, Inspection, InspectionType, SimilarForces
from webtools import AREAS_2021, client_for, make_user, norfolk_peel, peel_grades  # noqa: F401


def _concepts(*names: str) -> list[Any]:
    return [c for c in concepts() if c.name in names]


def test_the_round_is_the_year_a_title_prints_else_what_the_areas_and_date_allow() -> None:
    assert round_of("PEEL 2021/22 An inspection of Norfolk Constabulary", None, []) == 2021
    assert round_of("PEEL 2023–25: An inspection of Kent Police", date(2024, 1, 9), []) == 2023
    assert round_of("Durham 2016", None, []) == 2016  # a PEEL page's own title
    assert round_of("Durham 2016", None, [], peel_report=False) is None
    # A 2021/22 report published in 2023: its areas include one graded only in 2021/22.
    areas = _concepts("Investigating crime", "Strategic planning, organisational management "
                      "and value for money")
    assert round_of("An inspection of Kent Police", date(2023, 3, 1), areas) == 2021
    assert round_of("An inspection of Kent Police", date(2024, 9, 1),
                    _concepts("Police powers and public treatment")) == 2023
    # No date and areas graded in several rounds: not guessed.
    assert round_of("An inspection of Kent Police", None, _concepts("Investigating crime")) is None
    assert round_of("An inspection of Kent Police", None, _concepts("Police powers and public "
                                                                    "treatment")) is None


def test_a_force_against_every_force_and_its_most_similar_forces(db: Any) -> None:
    peel_grades("Norfolk Constabulary", ["good", "adequate", "requires_improvement"])
    peel_grades("Suffolk Constabulary", ["good", "good", "adequate"])
    peel_grades("Kent Police", ["adequate", "inadequate", "adequate"])
    peel_grades("Essex Police", ["outstanding", "good", "good"])
    # A neighbouring office recorded Kent's report too: Kent is still counted once.
    peel_grades("Kent Police", ["adequate", "inadequate", "adequate"], office="Essex Police")
    # An older round and a thematic's grades do not mix in.
    peel_grades("Suffolk Constabulary", ["inadequate", "inadequate", "inadequate"],
          title="PEEL 2018/19: Suffolk", published=date(2019, 5, 1),
          areas=["Effectiveness", "Efficiency", "Legitimacy"])
    thematic = Inspection.objects.create(force=Force.objects.get(name="Kent Police"),
                                         title="Stalking thematic", published=date(2022, 6, 1),
                                         inspection_type=InspectionType.THEMATIC)
    Grade.objects.create(inspection=thematic, force=thematic.force, area="Investigating crime",
                         grade="outstanding")
    norfolk = Force.objects.get(name="Norfolk Constabulary")
    group = SimilarForces.objects.create(force=norfolk, source="Test group")
    group.similar.set(Force.objects.filter(name__in=["Suffolk Constabulary", "Kent Police",
                                                     "Dorset Police"]))

    result = compare(norfolk)
    assert result.round == 2021 and result.label == "PEEL 2021/22"
    assert [y for y, _ in result.rounds] == [2018, 2021]
    assert result.forces_graded == 4
    rows = {r.area: r for r in result.rows}
    assert list(rows) == [  # in the inspectorate's order
        "Responding to the public", "Investigating crime", "Protecting vulnerable people"]
    investigating = rows["Investigating crime"]
    assert investigating.grade == "good"
    assert investigating.national_cells() == [1, 2, 1, 0, 0]  # outstanding .. inadequate
    assert investigating.similar == [("Dorset Police", None), ("Kent Police", "adequate"),
                                     ("Suffolk Constabulary", "good")]
    assert investigating.similar_cells() == [0, 1, 1, 0, 0]
    assert rows["Protecting vulnerable people"].national_cells() == [0, 2, 1, 0, 1]
    older = compare(norfolk, 2018)
    assert older.round == 2018 and older.forces_graded == 1
    assert all(r.grade is None for r in older.rows)  # Norfolk has no grades held for 2018/19
    assert len(held_grades()) == 4 * 3 + 3


def test_the_comparison_page_draws_the_chart_and_gives_the_figures(db: Any) -> None:
    peel_grades("Norfolk Constabulary", ["good", "adequate", "requires_improvement"])
    peel_grades("Suffolk Constabulary", ["good", "good", "adequate"])
    group = SimilarForces.objects.create(force=Force.objects.get(name="Norfolk Constabulary"),
                                         source="Home Office most similar groups, 2025")
    group.similar.add(Force.objects.get(name="Suffolk Constabulary"))
    reader = make_user("reader", "Norfolk Constabulary", Membership.Role.READER)
    page = client_for(reader).get("/forces/norfolk-constabulary/grades/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "<svg" in body and "PEEL 2021/22" in body
    assert body.count("Norfolk Constabulary: Good</title>") == 2  # marker on both bars
    assert "Good: 2 of 2 forces graded" in body  # the national bar's segment
    assert "Suffolk Constabulary: Good" in body  # the table of most similar forces
    assert "Home Office most similar groups, 2025" in body
    # Another office's force page is not theirs to open; a nonsense round is ignored.
    assert client_for(reader).get("/forces/suffolk-constabulary/grades/").status_code == 404
    assert client_for(reader).get(
        "/forces/norfolk-constabulary/grades/?round=1066").context["result"].round == 2021


def test_with_no_grades_the_page_says_so(db: Any) -> None:
    reader = make_user("reader", "Norfolk Constabulary", Membership.Role.READER)
    body = client_for(reader).get("/forces/norfolk-constabulary/grades/").content.decode()
    assert "No PEEL grades are held in Scrutiny yet" in body


def test_a_recorded_peel_report_is_compared(norfolk_peel: Inspection, alice: User) -> None:  # noqa: F811
    """The corpus's PEEL 2021/22 report, read and accepted: its printed area names
    ("Treatment of the public", "Good use of resources") are the round's areas."""
    result = compare(norfolk_peel.force)
    assert result.round == 2021
    names = {r.area: r.grade for r in result.rows}
    assert names["Engaging with and treating the public with fairness and respect"] == \
        "requires_improvement"
    assert names["Investigating crime"] == "adequate"


def _admin(force: str = "Norfolk Constabulary") -> User:
    return make_user(f"admin-{force[:5]}", force, Membership.Role.ADMINISTRATOR)


def test_administrators_keep_the_list_and_the_change_is_recorded(db: Any) -> None:
    admin = _admin()
    c = client_for(admin)
    page = c.get("/settings/similar-forces/")
    assert page.status_code == 200 and "None listed." in page.content.decode()
    ids = list(Force.objects.filter(name__in=["Suffolk Constabulary", "Wiltshire Police"])
               .values_list("pk", flat=True))
    r = c.post("/settings/similar-forces/", {"similar": ids, "source": "Home Office MSG 2025",
                                             "version": 1})
    assert r.status_code == 302
    group = SimilarForces.objects.get(force__name="Norfolk Constabulary")
    assert sorted(group.similar.values_list("name", flat=True)) == [
        "Suffolk Constabulary", "Wiltshire Police"]
    event = AuditEvent.objects.get(object_type="most similar forces")
    assert event.user == admin and event.changes["similar forces"] == [
        None, "Suffolk Constabulary, Wiltshire Police"]
    # A page opened before that save is stale: nothing saved.
    r = c.post("/settings/similar-forces/", {"similar": ids[:1], "version": 1}, follow=True)
    assert "Someone else changed the list" in r.content.decode()
    assert group.similar.count() == 2
    # Too many, a force of its own, an unknown force: refused with a message, nothing saved.
    many = list(Force.objects.exclude(name="Norfolk Constabulary")
                .filter(territorial=True).values_list("pk", flat=True)[:16])
    for bad in (many, [group.force_id], [999999]):
        r = c.post("/settings/similar-forces/", {"similar": bad, "version": 2})
        assert r.status_code == 400 and 'class="error"' in r.content.decode()
    assert group.similar.count() == 2


def test_readers_see_the_list_but_cannot_change_it(db: Any) -> None:
    reader = make_user("reader", "Norfolk Constabulary", Membership.Role.READER)
    c = client_for(reader)
    assert "Only your office's administrators" in c.get("/settings/similar-forces/").content.decode()
    assert c.post("/settings/similar-forces/", {"similar": [], "version": 1}).status_code == 403
    assert not SimilarForces.objects.exists()


@pytest.mark.parametrize("content, message", [
    ("source = 'x'\n[groups]\n'Norfolk Constabulary' = ['Atlantis Police']\n",
     "no force called 'Atlantis Police'"),
    ("[groups\n", "not valid TOML"),
    ("source = 'x'\n", "no [groups] table"),
    ("[groups]\n'Norfolk Constabulary' = ['Norfolk']\n", "similar to itself"),
])
def test_a_bad_file_of_groups_changes_nothing(db: Any, tmp_path: Path, capsys: Any,
                                              content: str, message: str) -> None:
    path = tmp_path / "groups.toml"
    path.write_text(content)
    assert main(["similar-forces", str(path)]) == 2
    assert message in capsys.readouterr().err
    assert not SimilarForces.objects.exists()


def test_a_file_of_groups_loads_many_forces_at_once(db: Any, tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "groups.toml"
    path.write_text('source = "Home Office most similar groups, 2025"\n[groups]\n'
                    '"Norfolk Constabulary" = ["Suffolk", "Wiltshire Police"]\n'
                    '"Kent Police" = ["Essex Police", "Hampshire Constabulary"]\n')
    assert main(["similar-forces", str(path)]) == 0
    assert "2 forces in groups.toml: 2 lists changed" in capsys.readouterr().out
    kent = SimilarForces.objects.get(force__name="Kent Police")
    assert sorted(kent.similar.values_list("name", flat=True)) == [
        "Essex Police", "Hampshire and Isle of Wight Constabulary"]
    assert main(["similar-forces", str(path)]) == 0
    assert "0 lists changed, 2 as before" in capsys.readouterr().out

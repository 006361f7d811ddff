"""A PEEL report laid out as the inspectorate lays them out, read as PDF and as HTML."""

from __future__ import annotations

import pytest

from scrutiny.extraction import extract_bytes

REPORT = """<html lang="en-GB"><head><meta charset="utf-8"><style>
@page { size: A4; margin: 20mm; @top-center { content: "PEEL 2023–25: An inspection of Cleveland Police"; font-size: 8pt } @bottom-center { content: counter(page); font-size: 8pt } }
body { font-family: "DejaVu Sans"; font-size: 11pt; line-height: 1.4 }
h1 { font-size: 24pt } h2 { font-size: 16pt; color: #1d4f91 } h3 { font-size: 13pt }
.grade { font-weight: bold; font-size: 13pt }
</style></head><body>
<h1>PEEL 2023–25</h1><p>Police effectiveness, efficiency and legitimacy</p><h1>An inspection of Cleveland Police</h1>
<h2>Our judgments</h2>
<table><tr><th>Area</th><th>Grade</th></tr><tr><td>Police powers and public treatment</td><td>Adequate</td></tr><tr><td>Responding to the public</td><td>Inadequate</td></tr><tr><td>Investigating crime</td><td>Requires improvement</td></tr></table>
<h2>Responding to the public</h2>
<p class="grade">Inadequate</p>
<p>Cleveland Police is inadequate at responding to the public.</p>
<h3>Cause of concern</h3>
<p><strong>The force isn't answering emergency and non-emergency calls quickly enough</strong></p>
<p>Too many callers wait too long. This means vulnerable people may not get help.</p>
<h3>Recommendations</h3>
<p>Within three months, the force should:</p>
<ul><li>make sure it answers 90 percent of emergency calls within ten seconds;</li><li>reduce the number of abandoned non-emergency calls; and</li><li>make sure it has enough staff in its control room to meet demand.</li></ul>
<h2>Investigating crime</h2>
<p class="grade">Requires improvement</p>
<p>Cleveland Police requires improvement at investigating crime.</p>
<h3>Area for improvement</h3>
<p><strong>The force should make sure that investigations are supervised effectively and that investigation plans are used</strong></p>
<p>We found that supervisors didn't always review investigations. In 30 of the 80 cases we reviewed, there was no evidence of supervision.</p>
<h3>Area for improvement</h3>
<p><strong>The force should improve how it records victims' wishes when they withdraw support</strong></p>
<p>An auditable record of the victim's decision was missing in most cases.</p>
<h3>Innovative practice</h3>
<p><strong>Using body-worn video to record victim statements at the scene</strong></p>
<p>Officers use body-worn video to record first accounts. This speeds up charging.</p>
<h3>Main findings</h3>
<p>The force should consider reviewing its approach to bail. This is not a finding.</p>
</body></html>
"""


def _pdf() -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=REPORT).write_pdf() or b"")


@pytest.mark.parametrize("fmt", ["pdf", "html"])
def test_peel_report_layout(fmt: str) -> None:
    data = _pdf() if fmt == "pdf" else REPORT.encode("utf-8")
    result = extract_bytes(data, f"cleveland.{fmt}")
    doc = result["document"]
    assert doc["title"] == ("PEEL 2023–25 Police effectiveness, efficiency and legitimacy "
                            "An inspection of Cleveland Police")
    assert (doc["kind"], doc["inspection_type"], doc["forces"]) == (
        "inspection_report", "peel", ["Cleveland Police"])
    assert result["grades"] == [
        {"area": "Police powers and public treatment", "grade": "adequate"},
        {"area": "Responding to the public", "grade": "inadequate"},
        {"area": "Investigating crime", "grade": "requires_improvement"},
    ]
    got = [(f["type"], f["area"], f["due_text"], f["addressee"], f["text"]) for f in result["findings"]]
    assert got == [
        ("cause_of_concern", "Responding to the public", None, None,
         "The force isn't answering emergency and non-emergency calls quickly enough"),
        ("recommendation", "Responding to the public", "Within three months", "the force",
         "make sure it answers 90 percent of emergency calls within ten seconds"),
        ("recommendation", "Responding to the public", "Within three months", "the force",
         "reduce the number of abandoned non-emergency calls"),
        ("recommendation", "Responding to the public", "Within three months", "the force",
         "make sure it has enough staff in its control room to meet demand."),
        ("area_for_improvement", "Investigating crime", None, "the force",
         "The force should make sure that investigations are supervised effectively and that "
         "investigation plans are used"),
        ("area_for_improvement", "Investigating crime", None, "the force",
         "The force should improve how it records victims' wishes when they withdraw support"),
        ("innovative_practice", "Investigating crime", None, None,
         "Using body-worn video to record victim statements at the scene"),
    ]

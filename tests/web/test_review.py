"""Upload, review beside the source, correct, and accept in one transaction."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from scrutiny.inspections.models import Finding, Inspection, ReadingJob, SourceDocument
from webtools import client_for, corpus_file, upload


def _upload(client: Any, name: str, data: bytes) -> Any:
    return upload(client, (name, data))


def _review_post(client: Any, document: SourceDocument, **changes: Any) -> Any:
    page = client.get(f"/ingest/{document.pk}/review/")
    formset = page.context["formset"]
    meta = page.context["meta_form"]
    data: dict[str, Any] = {
        "findings-TOTAL_FORMS": str(len(formset.forms)),
        "findings-INITIAL_FORMS": str(formset.initial_form_count()),
        "findings-MIN_NUM_FORMS": "0", "findings-MAX_NUM_FORMS": "1000",
    }
    for name in meta.fields:
        value = meta.initial.get(name)
        if name == "forces":
            data[f"inspection-{name}"] = [f.pk for f in value or []]
        elif hasattr(value, "pk"):
            data[f"inspection-{name}"] = value.pk
        elif value is not None:
            data[f"inspection-{name}"] = value.isoformat() if hasattr(value, "isoformat") else value
    for i, form in enumerate(formset.forms):
        for name, value in form.initial.items():
            if value is None or value is False:
                continue
            data[f"findings-{i}-{name}"] = value.isoformat() if hasattr(value, "isoformat") else value
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return client.post(f"/ingest/{document.pk}/review/", data)


def test_upload_shows_extraction_beside_highlighted_source(alice) -> None:  # type: ignore[no-untyped-def]
    c = client_for(alice)
    path = corpus_file("004")
    r = _upload(c, path.name, path.read_bytes())
    document = SourceDocument.objects.get()
    assert r.status_code == 302 and r.url == f"/ingest/{document.pk}/review/"
    page = c.get(r.url).content.decode()
    assert page.count('class="source-mark"') == 10
    assert 'href="#src-0"' in page and 'id="src-0"' in page
    assert "Norfolk Constabulary Crime Data Integrity inspection 2019" in page
    assert Inspection.objects.count() == 0  # nothing recorded before accepting
    # Each finding and grade says why it was taken and what it rests on.
    assert page.count('class="why"') == 10 + 1
    assert "Why taken: bullet under a lead-in</span> under <q>The force should immediately:</q>" in page
    assert "Taken from a grading sentence" in page and "graded as &#x27;requires improvement&#x27;" in page


def test_corrections_removals_merges_and_additions_are_recorded(alice) -> None:  # type: ignore[no-untyped-def]
    c = client_for(alice)
    path = corpus_file("004")
    _upload(c, path.name, path.read_bytes())
    document = SourceDocument.objects.get()
    r = _review_post(
        c, document,
        **{"findings-1-text": "Take steps to close gaps in recording violent crime.",
           "findings-2-keep": None,  # drop the second recommendation
           "findings-5-merge_with_previous": "on",  # join AFI 2 into AFI 1
           "findings-10-type": "area_for_improvement",
           "findings-10-text": "The force should review its crime registrar capacity.",
           "findings-10-due": "2026-06-30", "findings-10-force_to_act": "on"},
    )
    assert r.status_code == 302, [e for e in r.context["formset"].errors if e]
    inspection = Inspection.objects.get()
    assert r.status_code == 302 and r.url == inspection.get_absolute_url()
    texts = list(inspection.findings.values_list("type", "text"))
    assert len(texts) == 10 - 1 - 1 + 1
    assert ("recommendation", "Take steps to close gaps in recording violent crime.") in texts
    merged = inspection.findings.get(text__startswith="reviews its backlog")
    assert merged.text.endswith("always records reports of crime received from professional third parties")
    added = inspection.findings.get(text__startswith="The force should review its crime registrar")
    assert str(added.due) == "2026-06-30"
    document.refresh_from_db()
    assert document.status == SourceDocument.Status.ACCEPTED


def test_impossible_dates_and_overlong_text_are_refused_beside_the_field(alice) -> None:  # type: ignore[no-untyped-def]
    c = client_for(alice)
    path = corpus_file("004")
    _upload(c, path.name, path.read_bytes())
    document = SourceDocument.objects.get()
    r = _review_post(c, document, **{"findings-0-due": "2025-02-30", "findings-1-ref": "x" * 30,
                                     "inspection-section55_due": "2019-01-01"})
    assert r.status_code == 400
    body = r.content.decode()
    assert "Enter a valid date." in body
    assert "Ensure this value has at most 20 characters" in body
    assert "cannot be due before the report was published" in body
    assert Inspection.objects.count() == 0 and Finding.objects.count() == 0


def test_a_bad_upload_shows_the_reason_and_stores_nothing(alice) -> None:  # type: ignore[no-untyped-def]
    c = client_for(alice)
    r = _upload(c, "report.pdf", b"this is not a pdf at all")
    assert r.status_code == 200  # the job's page, saying why it could not be read
    assert "report.pdf: the file is named as PDF but its content is plain text." in r.content.decode()
    assert SourceDocument.objects.count() == 0
    job = ReadingJob.objects.get()
    assert job.status == "failed" and not job.file  # the upload itself is not kept
    # Files refused before reading never reach the queue.
    r = c.post("/ingest/", {"documents": [SimpleUploadedFile("notes.xyz", b"hello")]})
    assert r.status_code == 400 and "notes.xyz: Scrutiny cannot read" in r.content.decode()
    assert ReadingJob.objects.count() == 1


def test_discarding_a_document_stores_nothing(alice) -> None:  # type: ignore[no-untyped-def]
    c = client_for(alice)
    path = corpus_file("003")
    _upload(c, path.name, path.read_bytes())
    document = SourceDocument.objects.get()
    # Discarding asks first, and nothing is thrown away until the user confirms.
    r = c.post(f"/ingest/{document.pk}/review/", {"discard": "1"})
    assert r.status_code == 200 and "Yes, discard it" in r.content.decode()
    assert SourceDocument.objects.count() == 1
    r = c.post(f"/ingest/{document.pk}/review/", {"discard": "1", "confirmed": "1"})
    assert r.status_code == 302
    assert SourceDocument.objects.count() == 0 and Inspection.objects.count() == 0

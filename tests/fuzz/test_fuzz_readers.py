"""Every reader and the extractor: any bytes give a reading or one clear UnreadableFile.

Real documents in every format, damaged by Hypothesis (bytes flipped, cut short, spliced),
and arbitrary text built from the inspectorate's own vocabulary.
"""

from __future__ import annotations

from functools import cache

from hypothesis import given
from hypothesis import strategies as st

from scrutiny.extraction import UnreadableFile, read_and_extract
from scrutiny.extraction.render import to_docx, to_html, to_pdf
from support import CORPUS_DOCS, text_doc

FORMATS = ["pdf", "docx", "html", "txt", "md"]


@cache
def samples() -> dict[str, bytes]:
    text = next(CORPUS_DOCS.glob("004_*")).read_text()
    doc = text_doc(text)
    return {"pdf": to_pdf(doc), "docx": to_docx(doc), "html": to_html(doc).encode(),
            "txt": text.encode(), "md": text.encode()}


def damaged(data: bytes, cuts: list[tuple[int, int]], cut_at: int | None) -> bytes:
    out = bytearray(data)
    for position, value in cuts:
        out[position % len(out)] = value
    return bytes(out[:cut_at] if cut_at is not None else out)


def check(data: bytes, name: str) -> None:
    try:
        doc, result = read_and_extract(data, name)
    except UnreadableFile as exc:
        assert exc.reason and "\n" not in exc.reason
        return
    check_contract(doc.text, result)


def check_contract(text: str, result: dict) -> None:  # type: ignore[type-arg]
    assert set(result) >= {"document", "findings", "grades", "responses"}
    for f in result["findings"]:
        assert f["type"] in {"recommendation", "area_for_improvement", "cause_of_concern",
                             "innovative_practice", "good_practice"}
        assert f["text"].strip()
        loc = f.get("location") or {}
        if loc.get("start") is not None:
            assert 0 <= loc["start"] <= loc["end"] <= len(text)


@given(fmt=st.sampled_from(FORMATS),
       cuts=st.lists(st.tuples(st.integers(0, 10**7), st.integers(0, 255)), max_size=20),
       cut_at=st.none() | st.integers(0, 400_000))
def test_a_damaged_document_is_read_or_refused_with_a_reason(fmt, cuts, cut_at) -> None:  # type: ignore[no-untyped-def]
    check(damaged(samples()[fmt], cuts, cut_at), f"report.{fmt}")


@given(data=st.binary(max_size=4096), fmt=st.sampled_from(FORMATS))
def test_arbitrary_bytes_are_read_or_refused_with_a_reason(data, fmt) -> None:  # type: ignore[no-untyped-def]
    check(data, f"file.{fmt}")


WORDS = ["Recommendation", "Area for improvement", "Cause of concern", "The force should",
         "By 31 March 2025,", "chief constables should", "Outstanding", "Good", "Adequate",
         "Requires improvement", "Inadequate", "Published on:", "PEEL", "Norfolk Constabulary",
         "\n\n", "\n", "- ", "1.", "2a", ":", "•", "\t", "Innovative practice", "the force",
         "Summary of recommendations", "We found", "Table", "Police and crime commissioner"]


@given(parts=st.lists(st.sampled_from(WORDS) | st.text(max_size=40), max_size=80))
def test_any_text_gives_a_contract_shaped_extraction(parts) -> None:  # type: ignore[no-untyped-def]
    text = " ".join(parts)
    check(text.encode("utf-8", "surrogatepass"), "notes.txt") if text.strip() else None

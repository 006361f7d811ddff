"""The scrutiny command line: summary, JSON contract, folders, eval."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scrutiny.cli import main
from support import CORPUS_DOCS, CORPUS_GOLD

CONTRACT_KEYS = ["schema", "source", "document", "grades", "findings", "responses", "distribution"]


def test_json_is_exactly_the_contract_object(capsys: pytest.CaptureFixture[str]) -> None:
    path = next(CORPUS_DOCS.glob("000_*"))
    assert main(["extract", "--json", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    result = json.loads(out)
    assert list(result)[: len(CONTRACT_KEYS)] == CONTRACT_KEYS
    assert result["schema"] == "scrutiny.extraction/1"
    assert result["source"] == {"filename": path.name, "format": "txt",
                                "sha256": result["source"]["sha256"], "pages": None}
    assert len(result["findings"]) == 8


def test_summary_shows_findings_refs_due_dates_and_deadline(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = next(CORPUS_DOCS.glob("000_*"))
    assert main(["extract", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Section 55:  22 May 2025 (as printed)" in out
    assert "recommendation         3     31 Dec 2025" in out
    assert "Forces:      Norfolk Constabulary" in out
    assert "Sent to:     chief constable ✓" in out


def test_folder_extracts_every_supported_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", "--json", str(CORPUS_DOCS)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line)["source"]["filename"] for line in lines] == sorted(
        p.name for p in CORPUS_DOCS.iterdir())


def test_progress_bar_on_request(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", "--json", "--progress", str(CORPUS_DOCS)]) == 0
    err = capsys.readouterr().err
    assert "5/5" in err and "[#" in err


def test_eval_prints_scores(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(CORPUS_DOCS), str(CORPUS_GOLD)]) == 0
    out = capsys.readouterr().out
    assert "findings F1 1.000  grades F1 1.000  document fields 1.000" in out
    assert "due-date accuracy" in out


def test_eval_refuses_folders_without_gold(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(tmp_path), str(tmp_path)]) == 2
    assert "no document" in capsys.readouterr().err

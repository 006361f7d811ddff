"""Bad files: one clear line on stderr naming the file and reason, exit 2, nothing on stdout."""

from __future__ import annotations

import base64
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from support import CORPUS_DOCS

SCRUTINY = [sys.executable, "-m", "scrutiny"]


def run(*args: str | Path, timeout: int = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*SCRUTINY, *map(str, args)], capture_output=True, text=True, timeout=timeout,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )


def _pdf_bytes(html: str) -> bytes:
    from weasyprint import HTML

    pdf = HTML(string=html).write_pdf()
    assert pdf is not None
    return bytes(pdf)


def _encrypted_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _scanned_pdf() -> bytes:
    # A page that is only a picture: a 1x1 PNG, as a scanner would make at scale.
    png = base64.b64encode(bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
    )).decode()
    return _pdf_bytes(f'<img src="data:image/png;base64,{png}" style="width:150mm">')


def _zip_bomb(path: Path) -> None:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:
            block = b"\0" * (1 << 20)
            for _ in range(260):
                member.write(block)


CASES = {
    "empty.txt": (lambda p: p.write_bytes(b""), "is empty"),
    "random.pdf": (lambda p: p.write_bytes(os.urandom(4096)), "content is binary"),
    "random.txt": (lambda p: p.write_bytes(os.urandom(4096)), "binary"),
    "truncated.pdf": (None, "damaged or truncated"),
    "encrypted.pdf": (lambda p: p.write_bytes(_encrypted_pdf()), "encrypted"),
    "scanned.pdf": (lambda p: p.write_bytes(_scanned_pdf()), "no text could be recognised"),
    "notzip.docx": (lambda p: p.write_text("Recommendation 1: the force should act."),
                    "content is plain text"),
    "bomb.docx": (_zip_bomb, "zip bomb"),
    "lying.pdf": (lambda p: p.write_text("This is plain text, not a PDF."),
                  "named as PDF but its content is plain text"),
    "lying.html": (lambda p: p.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"),
                   "named as HTML but its content is a PDF"),
    "controls.txt": (lambda p: p.write_bytes(bytes(range(1, 32)) * 200), "content is binary data"),
    "sheet.xlsx": (lambda p: p.write_bytes(b"PK\x03\x04"), "unsupported type '.xlsx'"),
}


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bad")
    files = {}
    for name, (make, _) in CASES.items():
        path = folder / name
        if name == "truncated.pdf":
            whole = _pdf_bytes("<h1>Recommendation 1</h1><p>By 1 May 2026 the force should act.</p>")
            path.write_bytes(whole[: len(whole) // 3])
        else:
            assert make is not None
            make(path)
        files[name] = path
    return files


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_file_gives_one_clear_line(bad_files: dict[str, Path], name: str) -> None:
    path = bad_files[name]
    result = run("extract", path)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(path) in lines[0]
    assert CASES[name][1] in lines[0]
    assert "Traceback" not in result.stderr


def test_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.pdf"
    with path.open("wb") as f:
        f.truncate(400 * 1024 * 1024)  # sparse: 400 MB on paper, nothing on disk
    result = run("extract", path)
    assert result.returncode == 2 and result.stdout == ""
    assert "too large (400 MB; the limit is 100 MB)" in result.stderr


def test_good_files_are_still_extracted_beside_bad_ones(
    bad_files: dict[str, Path], tmp_path: Path
) -> None:
    good = sorted(CORPUS_DOCS.glob("00[34]*.txt"))
    result = run("extract", "--json", good[0], bad_files["encrypted.pdf"], good[1])
    assert result.returncode == 2
    assert len(result.stdout.splitlines()) == 2
    assert "encrypted" in result.stderr and "1 of 3 files failed" in result.stderr


def test_missing_file_and_bad_arguments(tmp_path: Path) -> None:
    result = run("extract", tmp_path / "nowhere.txt")
    assert result.returncode == 2 and "does not exist" in result.stderr
    result = run("extract")
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_a_word_file_with_a_damaged_compressed_part_is_refused_with_a_reason() -> None:
    """Found by `make fuzz`: zlib's own error escaped the reader."""
    import io
    import zipfile

    import docx

    from scrutiny.extraction import UnreadableFile, read_and_extract

    base = io.BytesIO()
    docx.Document().save(base)
    data = bytearray(base.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start:start + 8] = b"\x07" * 8  # the deflate stream's first bytes
    with pytest.raises(UnreadableFile, match="a part of it is damaged"):
        read_and_extract(bytes(data), "damaged.docx")

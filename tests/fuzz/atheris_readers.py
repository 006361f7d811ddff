"""Coverage-guided fuzzing of every reader and the extractor with atheris (libFuzzer).

    python tests/fuzz/atheris_readers.py -max_total_time=120 CORPUS_DIR

``make fuzz`` runs it for two minutes after the Hypothesis properties, starting from the
example documents rendered in every format.  Any exception other than UnreadableFile is a
crash: atheris stops and writes the input that caused it.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from scrutiny.extraction import UnreadableFile, read_and_extract

FORMATS = ["pdf", "docx", "html", "txt", "md"]


def one_input(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    fmt = FORMATS[provider.ConsumeIntInRange(0, len(FORMATS) - 1)]
    with contextlib.suppress(UnreadableFile):
        read_and_extract(provider.ConsumeBytes(provider.remaining_bytes()), f"file.{fmt}")


def seed(folder: Path) -> None:
    """The example documents in every format, as starting points (first byte picks the reader)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from scrutiny.extraction.render import to_docx, to_html, to_pdf
    from support import CORPUS_DOCS, text_doc

    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(CORPUS_DOCS.glob("*.txt"))[:2]:
        text = path.read_text()
        doc = text_doc(text)
        for i, data in enumerate([to_pdf(doc), to_docx(doc), to_html(doc).encode(),
                                  text.encode(), text.encode()]):
            (folder / f"{path.stem}.{FORMATS[i]}").write_bytes(bytes([i]) + data)


if __name__ == "__main__":
    corpus = Path(sys.argv[-1]) if len(sys.argv) > 1 and not sys.argv[-1].startswith("-") else None
    if corpus is not None and not any(corpus.glob("*")):
        seed(corpus)
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()

"""Benchmark: `scrutiny extract` against poppler's `pdftotext`, in milliseconds per page.

Renders the example corpus to A4 PDF (justified, hyphenated, running headers
and footers) plus one long report of 400+ pages made by repeating the PEEL
report, then times, in the same run and on the same files:

- baseline: `pdftotext FILE -` (raw text, no structure, no extraction);
- `scrutiny extract --json FILE` as a user runs it (a new process each time);
- the extraction in-process (no interpreter start-up), for reference;
- `scrutiny extract --json` over all the files in one command, as a folder is
  extracted, against the sum of the pdftotext runs.

Each command is timed REPEAT times (default 7) and the median kept.  Usage:
    make bench            (or: python bench/extract_speed.py [--repeat N])
Results are printed and written to bench/out/extract_speed.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
SHARED = Path(os.environ.get("SCRUTINY_SHARED", ROOT.parent / "shared")).resolve()
LONG_COPIES = 13  # copies of the 34-page PEEL report: 400+ pages


def render_corpus() -> list[Path]:
    from scrutiny.extraction.readers import read_bytes, read_file
    from scrutiny.extraction.render import to_pdf

    OUT.mkdir(exist_ok=True)
    docs = sorted((SHARED / "corpus" / "documents").glob("*.txt"))
    pdfs = []
    for path in docs:
        target = OUT / (path.stem + ".pdf")
        if not target.exists():
            target.write_bytes(to_pdf(read_file(path), path.stem))
        pdfs.append(target)
    long_pdf = OUT / "long_peel_report.pdf"
    if not long_pdf.exists():
        peel = next(p for p in docs if p.name.startswith("001"))
        text = "\n\n".join([peel.read_text("utf-8")] * LONG_COPIES)
        doc = read_bytes(text.encode("utf-8"), "txt")
        long_pdf.write_bytes(to_pdf(doc, "Long PEEL report"))
    pdfs.append(long_pdf)
    return pdfs


def pages_of(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        return len(pdf)
    finally:
        pdf.close()


def timed(cmd: list[str], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def timed_in_process(path: Path, repeat: int) -> float:
    from scrutiny.extraction import extract_file

    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        extract_file(path)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    pdftotext = shutil.which("pdftotext")
    scrutiny = shutil.which("scrutiny") or str(Path(sys.executable).with_name("scrutiny"))
    if not pdftotext:
        print("pdftotext is not installed (Debian package poppler-utils); `make bench` installs it",
              file=sys.stderr)
        return 2
    pdfs = render_corpus()
    rows = []
    print(f"{'file':<28}{'pages':>6}{'pdftotext':>11}{'scrutiny':>10}{'in-proc':>9}{'ratio':>7}"
          "   (ms per page; ratio = scrutiny / pdftotext)")
    totals = {"pages": 0, "pdftotext": 0.0, "scrutiny": 0.0, "in_process": 0.0}
    for pdf in pdfs:
        pages = pages_of(pdf)
        base = timed([pdftotext, str(pdf), "-"], args.repeat)
        ours = timed([scrutiny, "extract", "--json", str(pdf)], args.repeat)
        inproc = timed_in_process(pdf, args.repeat)
        row = {"file": pdf.name, "pages": pages, "pdftotext_ms_per_page": 1000 * base / pages,
               "scrutiny_ms_per_page": 1000 * ours / pages,
               "in_process_ms_per_page": 1000 * inproc / pages, "ratio": ours / base}
        rows.append(row)
        totals["pages"] += pages
        totals["pdftotext"] += base
        totals["scrutiny"] += ours
        totals["in_process"] += inproc
        print(f"{pdf.name[:27]:<28}{pages:>6}{row['pdftotext_ms_per_page']:>11.2f}"
              f"{row['scrutiny_ms_per_page']:>10.2f}{row['in_process_ms_per_page']:>9.2f}"
              f"{row['ratio']:>7.2f}")
    n = totals["pages"]
    # A user extracts a folder with one command: one process for every file.
    batch = timed([scrutiny, "extract", "--json", *map(str, pdfs)], args.repeat)
    summary = {
        "pages": n,
        "pdftotext_ms_per_page": 1000 * totals["pdftotext"] / n,
        "scrutiny_ms_per_page": 1000 * totals["scrutiny"] / n,
        "in_process_ms_per_page": 1000 * totals["in_process"] / n,
        "ratio": totals["scrutiny"] / totals["pdftotext"],
        "in_process_ratio": totals["in_process"] / totals["pdftotext"],
        "batch_ms_per_page": 1000 * batch / n,
        "batch_ratio": batch / totals["pdftotext"],
    }
    print(f"{'all files':<28}{n:>6}{summary['pdftotext_ms_per_page']:>11.2f}"
          f"{summary['scrutiny_ms_per_page']:>10.2f}{summary['in_process_ms_per_page']:>9.2f}"
          f"{summary['ratio']:>7.2f}")
    print(f"{'all files, one command':<28}{n:>6}{summary['pdftotext_ms_per_page']:>11.2f}"
          f"{summary['batch_ms_per_page']:>10.2f}{'':>9}{summary['batch_ratio']:>7.2f}")
    (OUT / "extract_speed.json").write_text(json.dumps({"files": rows, "all": summary}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

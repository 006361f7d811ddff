"""Benchmark: reading scanned PDFs, in seconds per page, against Tesseract alone.

Renders the five examples to A4 PDF, rasterises them with poppler's pdftoppm at
150 dpi and rebuilds them as PDFs of page images only (as a scanner makes them), then
times, in the same run and on the same pages:

- baseline: the `tesseract` program reading each page image (PNG at the resolution
  Scrutiny renders at), one after another: the recognition alone;
- `scrutiny extract --json FILE` on each scanned PDF, as a user runs it: rendering
  the pages, recognising them (pages side by side on the machine's cores), layout
  and every extractor.

Each is timed REPEAT times (default 3) and the median kept.  Usage:
    make bench-ocr            (or: python bench/ocr_speed.py [--repeat N])
Results are printed and written to bench/out/ocr_speed.json.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
SHARED = Path(os.environ.get("SCRUTINY_SHARED", HERE.parent.parent / "shared")).resolve()
SCAN_DPI = 150


def scanned_corpus() -> list[Path]:
    from PIL import Image

    from scrutiny.extraction.readers import read_file
    from scrutiny.extraction.render import to_pdf

    OUT.mkdir(exist_ok=True)
    made = []
    for path in sorted((SHARED / "corpus" / "documents").glob("*.txt")):
        target = OUT / f"{path.stem}.scanned.pdf"
        if not target.exists():
            with tempfile.TemporaryDirectory() as folder:
                source = Path(folder) / "source.pdf"
                source.write_bytes(to_pdf(read_file(path), path.stem))
                subprocess.run(["pdftoppm", "-r", str(SCAN_DPI), "-gray", "-png", str(source),
                                str(Path(folder) / "page")], check=True)
                images = [Image.open(p).convert("L") for p in sorted(Path(folder).glob("page-*.png"))]
                buffer = io.BytesIO()
                images[0].save(buffer, "PDF", resolution=SCAN_DPI, save_all=True, append_images=images[1:])
                target.write_bytes(buffer.getvalue())
        made.append(target)
    return made


def page_images(pdf: Path, folder: Path) -> list[Path]:
    import pypdfium2 as pdfium

    from scrutiny.extraction.readers.ocr import DPI

    document = pdfium.PdfDocument(pdf.read_bytes())
    paths = []
    for i in range(len(document)):
        target = folder / f"{pdf.stem}-{i}.png"
        document[i].render(scale=DPI / 72, grayscale=True).to_pil().save(target)
        paths.append(target)
    document.close()
    return paths


def timed(command: list[str], repeat: int, env: dict[str, str] | None = None) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    tesseract = shutil.which("tesseract")
    if tesseract is None:
        print("bench: tesseract is not installed (Debian packages tesseract-ocr tesseract-ocr-eng)",
              file=sys.stderr)
        return 1
    scrutiny = str(Path(sys.executable).with_name("scrutiny"))
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for pdf in scanned_corpus():
            images = page_images(pdf, Path(folder))
            env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
            baseline = sum(timed([tesseract, str(img), "stdout", "-l", "eng", "tsv"], args.repeat, env)
                           for img in images)
            ours = timed([scrutiny, "extract", "--json", str(pdf)], args.repeat)
            rows.append({"file": pdf.name, "pages": len(images),
                         "tesseract_s_per_page": round(baseline / len(images), 3),
                         "scrutiny_s_per_page": round(ours / len(images), 3),
                         "ratio": round(ours / baseline, 2)})
    pages = sum(r["pages"] for r in rows)
    def per_page(key: str) -> float:
        return round(sum(r[key] * r["pages"] for r in rows) / pages, 3)

    total = {"file": "all five", "pages": pages, "tesseract_s_per_page": per_page("tesseract_s_per_page"),
             "scrutiny_s_per_page": per_page("scrutiny_s_per_page")}
    total["ratio"] = round(total["scrutiny_s_per_page"] / total["tesseract_s_per_page"], 2)
    rows.append(total)
    print(f"{'file':<36}{'pages':>6}{'tesseract s/page':>18}{'scrutiny s/page':>17}{'ratio':>7}")
    for r in rows:
        print(f"{r['file']:<36}{r['pages']:>6}{r['tesseract_s_per_page']:>18.3f}"
              f"{r['scrutiny_s_per_page']:>17.3f}{r['ratio']:>7.2f}")
    print(f"(cores: {os.cpu_count()}; Scrutiny reads pages side by side, the baseline one at a time)")
    (OUT / "ocr_speed.json").write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

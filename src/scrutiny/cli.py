"""The ``scrutiny`` command line."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextvars import ContextVar
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from .extraction import UnreadableFile, extract_file
from .extraction.readers import SUPPORTED

EXIT_FAILED = 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print("scrutiny: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scrutiny",
        description="Read HMICFRS inspection reports and section 55 responses.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("extract", help="extract findings, grades and responses from files")
    p.add_argument("paths", nargs="+", metavar="FILE", help="files or folders to read")
    p.add_argument("--json", action="store_true",
                   help="print the extraction contract object (one JSON object per line)")
    p.add_argument("--explain", action="store_true",
                   help="show, for every finding and grade, the rule that took it and the text it rests on")
    p.add_argument("--no-ocr", action="store_true",
                   help="do not read scanned pages by text recognition (OCR); refuse them instead")
    p.add_argument("--progress", action="store_true",
                   help="show a progress bar even when standard error is not a terminal")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("eval", help="score extraction against gold files")
    p.add_argument("docs", type=Path, metavar="DOCS_DIR")
    p.add_argument("expected", type=Path, metavar="EXPECTED_DIR")
    p.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    p.set_defaults(func=cmd_eval)

    from .web.commands import add_parsers

    add_parsers(sub)
    return parser


# -- extract -----------------------------------------------------------------


def expand_paths(paths: Sequence[str]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files to read, and (path, reason) for arguments that are not readable files."""
    files: list[Path] = []
    problems: list[tuple[str, str]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in SUPPORTED
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                problems.append((raw, "is a folder with no supported files in it"))
            files.extend(found)
        elif path.exists() or path.suffix:
            files.append(path)
        else:
            problems.append((raw, "does not exist"))
    return files, problems


def cmd_extract(args: argparse.Namespace) -> int:
    from .extraction.readers.ocr import OCR_ENABLED, OCR_PROGRESS

    files, problems = expand_paths(args.paths)
    for raw, reason in problems:
        print(f"scrutiny: {raw}: {reason}", file=sys.stderr)
    bar = Progress(len(files), sys.stderr, force=args.progress) if len(files) > 3 else None
    failed = len(problems)
    enabled = OCR_ENABLED.set(False if args.no_ocr else OCR_ENABLED.get())
    try:
        failed += _extract_each(args, files, bar, OCR_PROGRESS)
    finally:
        OCR_ENABLED.reset(enabled)
    if bar:
        bar.finish()
    if failed:
        if len(files) + len(problems) > 1:
            print(f"scrutiny: {failed} of {len(files) + len(problems)} files failed",
                  file=sys.stderr)
        return EXIT_FAILED
    return 0


def _extract_each(args: argparse.Namespace, files: list[Path], bar: Progress | None,
                  ocr_progress: ContextVar[Callable[[int, int], None] | None]) -> int:
    """Extract and print each file; the number that failed."""
    failed = 0
    for index, path in enumerate(files):
        pages = Progress(0, sys.stderr, force=args.progress)

        def recognised(done: int, total: int, name: str = path.name, pages: Progress = pages) -> None:
            pages.total = total
            pages.update(done, f"reading scanned pages of {name}")

        token = ocr_progress.set(recognised)
        try:
            result = extract_file(path)
        except UnreadableFile as exc:
            failed += 1
            _clear(bar)
            print(f"scrutiny: {path}: {exc.reason}", file=sys.stderr)
            continue
        except Exception as exc:  # never a traceback for the user
            failed += 1
            _clear(bar)
            if os.environ.get("SCRUTINY_DEBUG"):
                raise
            print(f"scrutiny: {path}: could not be read ({type(exc).__name__}: {exc})",
                  file=sys.stderr)
            continue
        finally:
            ocr_progress.reset(token)
            pages.clear()
            if bar:
                bar.update(index + 1, path.name)
        _clear(bar)
        if args.json:
            sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        elif args.explain:
            sys.stdout.write(summary(result) + "\n" + explain(result) + "\n")
        else:
            sys.stdout.write(summary(result) + "\n")
        sys.stdout.flush()
    return failed


def _clear(bar: Progress | None) -> None:
    if bar:
        bar.clear()


class Progress:
    """A one-line progress bar on standard error, drawn only on a terminal."""

    def __init__(self, total: int, stream: TextIO, force: bool = False) -> None:
        self.total = total
        self.stream = stream
        self.enabled = force or stream.isatty()
        self.started = time.monotonic()
        self.line = ""

    def update(self, done: int, label: str) -> None:
        if not self.enabled:
            return
        width = 30
        filled = int(width * done / max(self.total, 1))
        elapsed = time.monotonic() - self.started
        self.line = (f"[{'#' * filled}{'.' * (width - filled)}] {done}/{self.total} "
                     f"{elapsed:5.1f}s {label[:40]}")
        self.stream.write("\r" + self.line)
        self.stream.flush()

    def clear(self) -> None:
        if self.enabled and self.line:
            self.stream.write("\r" + " " * len(self.line) + "\r")
            self.stream.flush()

    def finish(self) -> None:
        if self.enabled and self.line:
            self.stream.write("\r" + self.line + "\n")
            self.stream.flush()
            self.line = ""


def _day(value: str | None) -> str:
    if not value:
        return "-"
    d = date.fromisoformat(value)
    return f"{d.day} {d:%b %Y}"


def explain(result: dict[str, Any]) -> str:
    """Why each finding and grade was taken: the rule, what it was found under, and its text."""
    out = ["  Why each was taken:"]
    reasons = result.get("explanations", {})
    for finding, why in zip(result["findings"], reasons.get("findings", []), strict=False):
        ref = f" {finding['ref']}" if finding.get("ref") else ""
        loc = finding["location"]
        page = f"page {loc['page']}, " if loc.get("page") else ""
        where = f"{page}characters {loc['start']}-{loc['end']}"
        out.append(f"    {finding['type'].replace('_', ' ')}{ref} ({where})")
        out.append(f"      rule:    {why['rule']}")
        if why.get("basis"):
            out.append(f"      under:   {why['basis']}")
        out.append(f"      text:    {finding['text'][:300]}")
    for grade, why in zip(result["grades"], reasons.get("grades", []), strict=False):
        out.append(f"    grade {grade['grade'].replace('_', ' ')}: {grade['area']}")
        out.append(f"      rule:    {why['rule']}")
        if why.get("graded_as"):
            out.append(f"      names:   {why['graded_as']}")
        out.append(f"      text:    {why['evidence'][:300]}")
    if len(out) == 1:
        out.append("    nothing was taken")
    return "\n".join(out)


def summary(result: dict[str, Any]) -> str:
    """A readable account of one extraction."""
    doc = result["document"]
    src = result["source"]
    pages = f", {src['pages']} pages" if src.get("pages") else ""
    out = [f"{src['filename']}  ({src['format']}{pages}; {doc['kind'].replace('_', ' ')})"]
    if doc.get("title"):
        out.append(f"  Title:       {doc['title']}")
    if doc.get("inspection_title") and doc["inspection_title"] != doc.get("title"):
        out.append(f"  Inspection:  {doc['inspection_title']}")
    kind = (doc.get("inspection_type") or "not stated").replace("_", " ")
    out.append(f"  Type:        {kind}")
    out.append(f"  Published:   {_day(doc.get('published'))}")
    out.append(f"  Forces:      {', '.join(doc.get('forces') or []) or '-'}")
    basis = doc.get("section55_deadline_basis")
    note = {"printed": " (as printed)", "statutory": " (statutory last day: published + 55 days)"}
    out.append(f"  Section 55:  {_day(doc.get('section55_deadline'))}{note.get(basis or '', '')}")
    if result["grades"]:
        out.append("  Grades:")
        for g in result["grades"]:
            out.append(f"    {g['grade'].replace('_', ' '):<22} {g['area']}")
    findings = result["findings"]
    out.append(f"  Findings:    {len(findings)}")
    if findings:
        out.append(f"    {'type':<22} {'ref':<5} {'due':<13} text")
        for f in findings:
            due = _day(f["due"]) if f.get("due") else (f.get("due_text") or "-")
            text = f["text"] if len(f["text"]) <= 70 else f["text"][:67] + "..."
            out.append(f"    {f['type'].replace('_', ' '):<22} {f.get('ref') or '-':<5} "
                       f"{due[:13]:<13} {text}")
    if result["responses"]:
        by: dict[str, int] = {}
        for r in result["responses"]:
            by[r["author"]] = by.get(r["author"], 0) + 1
        parts = ", ".join(f"{n} from {a.replace('_', ' ')}" for a, n in by.items())
        out.append(f"  Responses:   {len(result['responses'])} ({parts})")
    if result["distribution"]:
        items = ", ".join(
            f"{d['recipient'].replace('_', ' ')} {'✓' if d['done'] else '?' if d['done'] is None else '✗'}"
            for d in result["distribution"]
        )
        out.append(f"  Sent to:     {items}")
    for w in result.get("warnings", []):
        out.append(f"  Warning:     {w}")
    return "\n".join(out) + "\n"


# -- eval --------------------------------------------------------------------


def _gold_pairs(docs: Path, expected: Path) -> Iterator[tuple[Path, Path]]:
    for gold in sorted(expected.glob("*.json")):
        matches = [p for p in docs.iterdir() if p.stem == gold.stem and p.suffix.lower() in SUPPORTED]
        if matches:
            yield matches[0], gold


def cmd_eval(args: argparse.Namespace) -> int:
    from .extraction.evaluate import Score, report, score_document

    for folder in (args.docs, args.expected):
        if not folder.is_dir():
            print(f"scrutiny: {folder}: is not a folder", file=sys.stderr)
            return EXIT_FAILED
    pairs = list(_gold_pairs(args.docs, args.expected))
    if not pairs:
        print(f"scrutiny: no document in {args.docs} has a gold file in {args.expected}",
              file=sys.stderr)
        return EXIT_FAILED
    score = Score()
    for doc_path, gold_path in pairs:
        try:
            gold = json.loads(gold_path.read_text("utf-8"))
        except (OSError, ValueError) as exc:
            print(f"scrutiny: {gold_path}: not a readable gold file ({exc})", file=sys.stderr)
            return EXIT_FAILED
        try:
            pred = extract_file(doc_path)
        except UnreadableFile as exc:
            print(f"scrutiny: {doc_path}: {exc.reason}", file=sys.stderr)
            pred = {"document": {}, "grades": [], "findings": [], "responses": [],
                    "distribution": []}
        score_document(pred, gold, score)
    print(report(score, len(pairs)))
    if args.verbose and score.misses:
        print("\nMisses:")
        for miss in score.misses:
            print(f"  {miss}")
    return 0

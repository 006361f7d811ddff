"""Reading a file with limits: in a child process, for at most so long, with so much memory.

A crafted or simply enormous file (a Word file whose text expands to hundreds of
megabytes, a PDF that makes the parser loop) must not hold a web worker or take the
machine's memory.  The child is a fresh interpreter (``spawn``): it shares nothing with
the caller but the file's bytes, and is killed when the time is up.
"""

from __future__ import annotations

import multiprocessing
import os
from dataclasses import dataclass
from typing import Any

from .document import Document
from .errors import UnreadableFile


@dataclass(frozen=True)
class Limits:
    seconds: float = 120.0     # wall-clock time to read and extract one file
    memory_mb: int = 2048      # address space of the reading process
    max_chars: int = 20_000_000  # characters of text (a 1,000-page report has about 3 million)

    @classmethod
    def from_environment(cls) -> Limits:
        def number(name: str, default: float) -> float:
            raw = os.environ.get(name, "")
            try:
                return float(raw) if raw else default
            except ValueError as exc:
                raise ValueError(f"{name} must be a number, not {raw!r}") from exc

        return cls(seconds=number("SCRUTINY_READ_SECONDS", cls.seconds),
                   memory_mb=int(number("SCRUTINY_READ_MEMORY_MB", cls.memory_mb)),
                   max_chars=int(number("SCRUTINY_READ_MAX_CHARS", cls.max_chars)))


def _child(conn: Any, data: bytes, filename: str, limits: Limits) -> None:
    import resource

    cap = limits.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    from . import read_and_extract

    try:
        doc, result = read_and_extract(data, filename)
        if len(doc.text) > limits.max_chars:
            conn.send(("unreadable", f"has more text than Scrutiny reads in one file "
                                     f"({len(doc.text) / 1e6:.0f} million characters; the limit "
                                     f"is {limits.max_chars / 1e6:.0f} million)"))
        else:
            doc.memo.clear()  # working notes of the extractors: not needed by the caller
            conn.send(("ok", (doc, result)))
    except UnreadableFile as exc:
        conn.send(("unreadable", exc.reason))
    except MemoryError:
        conn.send(("unreadable", _too_much_memory(limits)))
    finally:
        conn.close()


def _too_much_memory(limits: Limits) -> str:
    return f"needs more than {limits.memory_mb} MB of memory to read"


def read_bounded(data: bytes, filename: str,
                 limits: Limits | None = None) -> tuple[Document, dict[str, Any]]:
    """``read_and_extract`` under the limits; UnreadableFile says which limit was reached."""
    limits = limits or Limits.from_environment()
    ctx = multiprocessing.get_context("spawn")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(send, data, filename, limits), daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(limits.seconds):
            raise UnreadableFile(f"took longer than {limits.seconds:.0f} seconds to read, so "
                                 f"reading was stopped")
        try:
            kind, payload = receive.recv()
        except (EOFError, OSError) as exc:  # the child died: out of memory, or a crash
            raise UnreadableFile(_too_much_memory(limits) + " (or made the reader fail)") from exc
    finally:
        receive.close()
        if child.is_alive():
            child.kill()
        child.join()
    if kind != "ok":
        raise UnreadableFile(payload)
    return payload

"""Themes of findings: a written taxonomy kept as data (data/themes.toml), assigned by
transparent rules — a theme's words or phrases found in the finding — with the words that
matched kept beside each theme, so a reader sees why; users correct them (recorded)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .terms import WORD, _stem


@dataclass(frozen=True)
class Theme:
    code: str
    name: str
    description: str
    terms: tuple[str, ...]


def _stems(text: str) -> tuple[str, ...]:
    return tuple(_stem(w) for w in WORD.findall(text.lower().replace("-", " ")))


@cache
def taxonomy() -> dict[str, Theme]:
    data = tomllib.loads(resources.files("scrutiny.inspections").joinpath("data/themes.toml")
                         .read_text(encoding="utf-8"))
    return {code: Theme(code, t["name"], t["description"], tuple(t["terms"]))
            for code, t in data.items()}


@cache
def _compiled() -> dict[str, list[tuple[list[tuple[str, ...]], str]]]:
    """Each term as the word sequences it needs (one, or several for "a + b")."""
    return {code: [([_stems(part) for part in term.split(" + ")], term) for term in theme.terms
                   if all(_stems(part) for part in term.split(" + "))]
            for code, theme in taxonomy().items()}


def _has(words: tuple[str, ...], stems: tuple[str, ...]) -> bool:
    n = len(stems)
    return any(words[i:i + n] == stems for i in range(len(words) - n + 1))


def assign(text: str) -> dict[str, list[str]]:
    """The themes whose terms the text has, each with the terms found (in taxonomy order)."""
    words = _stems(text)
    found: dict[str, list[str]] = {}
    for code, terms in _compiled().items():
        hits = [term for parts, term in terms if all(_has(words, p) for p in parts)]
        if hits:
            found[code] = hits
    return found

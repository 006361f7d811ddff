"""Police force names: the canonical list, its aliases and bare place names.

``resolve_forces`` is the one place a piece of text is turned into canonical
force names, so every extractor and the web app agree on what a force is called.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

_SUFFIX = re.compile(r"\s+(?:Police Service|Police|Constabulary|Service)$")
# Place names that are also ordinary words or too vague to stand alone.
_NOT_BARE = {"Metropolitan", "National Crime Agency", "Ministry of Defence", "Civil Nuclear"}


@cache
def canonical_forces() -> tuple[str, ...]:
    """Every canonical force name, in the order of ``forces.txt``."""
    return tuple(names[0] for names in _entries())


@cache
def territorial_forces() -> tuple[str, ...]:
    """The 43 territorial forces of England and Wales."""
    text = resources.files(__package__).joinpath("data/forces.txt").read_text("utf-8")
    section = text.split("# Other forces")[0]
    return tuple(
        line.split("|")[0].strip()
        for line in section.splitlines()
        if line.strip() and not line.startswith("#")
    )


def _entries() -> list[list[str]]:
    text = resources.files(__package__).joinpath("data/forces.txt").read_text("utf-8")
    return [
        [n.strip() for n in line.split("|") if n.strip()]
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    ]


@cache
def _matcher(every_bare_name: bool = False) -> tuple[re.Pattern[str], dict[str, str]]:
    lookup: dict[str, str] = {}
    for names in _entries():
        canonical = names[0]
        for name in names:
            lookup.setdefault(_key(name), canonical)
            bare = _SUFFIX.sub("", name)
            if bare != name and (every_bare_name or bare not in _NOT_BARE) and not bare.isupper():
                lookup.setdefault(_key(bare), canonical)
    alternatives = sorted(lookup, key=len, reverse=True)
    pattern = r"(?<![\w-])(?:" + "|".join(_fuzzy(a) for a in alternatives) + r")(?![\w-])"
    return re.compile(pattern), lookup


def _key(name: str) -> str:
    return re.sub(r"\s+", " ", name.replace("&", "and")).strip()


def _fuzzy(name: str) -> str:
    escaped = re.escape(name).replace(r"\ and\ ", r"\s+(?:and|&)\s+")
    return escaped.replace(r"\ ", r"\s+").replace(r"\-", r"[-\s]")


def resolve_forces(text: str, *, bare: bool = False) -> list[str]:
    """Canonical names of the forces named in the text, in order of first mention.

    ``bare`` allows every place name alone, "Metropolitan" included: for a field
    that can only hold force names, such as a publication page's "Police Forces".
    """
    pattern, lookup = _matcher(bare)
    found: list[str] = []
    for m in pattern.finditer(text):
        key = _key(re.sub(r"[-\s]+", lambda s: "-" if "-" in s.group() else " ", m.group()))
        canonical = lookup.get(key) or lookup.get(key.replace("-", " "))
        if canonical is None:
            canonical = lookup.get(key.replace(" ", "-"))
        if canonical and canonical not in found:
            found.append(canonical)
    return found


def resolve_force(name: str) -> str | None:
    """The canonical name for one force name, alias or place name, or None."""
    found = resolve_forces(name)
    return found[0] if found else None


@cache
def _abbreviations() -> tuple[re.Pattern[str], dict[str, str]]:
    text = resources.files(__package__).joinpath("data/force_abbreviations.txt").read_text("utf-8")
    lookup: dict[str, str] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            canonical, *short = [n.strip() for n in line.split("|")]
            lookup.update({s: canonical for s in short})
    names = "|".join(re.escape(s) for s in sorted(lookup, key=len, reverse=True))
    pattern = r"(?<![\w&])(?:" + names + r")(?![\w&])"
    return re.compile(pattern), lookup


def force_mentions(text: str) -> list[tuple[int, int, str]]:
    """Every force name or force abbreviation in the text: (start, end, canonical name), in order."""
    pattern, lookup = _matcher()
    found = []
    for m in pattern.finditer(text):
        key = _key(re.sub(r"[-\s]+", lambda s: "-" if "-" in s.group() else " ", m.group()))
        canonical = lookup.get(key) or lookup.get(key.replace("-", " ")) or lookup.get(key.replace(" ", "-"))
        if canonical:
            found.append((m.start(), m.end(), canonical))
    short, names = _abbreviations()
    taken = [(s, e) for s, e, _ in found]
    for m in short.finditer(text):
        if not any(s < m.end() and m.start() < e for s, e in taken):
            found.append((m.start(), m.end(), names[m.group()]))
    return sorted(found)


def without_forces(text: str) -> str:
    """The text with every force name taken out (for comparing what is said about a force)."""
    for start, end, _ in reversed(force_mentions(text)):
        text = text[:start] + " " + text[end:]
    return text

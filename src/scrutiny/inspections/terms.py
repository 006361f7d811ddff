"""Words as findings are compared and themed: lower-cased, common words dropped, endings
trimmed (records, recorded, recording -> record).  No Django here, so any part can use it."""

from __future__ import annotations

import re
from collections import Counter

STOP = frozenset("""
a about above after again all also an and any are as at be been before being below between
both but by can could did do does doing down during each few for from further had has have
having he her here hers him his how i if in into is it its itself just me more most must my no
nor not of off on once only or other our ours out over own same she should so some such than
that the their them then there these they this those through to too under until up very was we
were what when where which while who whom why will with would you your force forces should
chief constable constables make sure ensure including include includes within months month
year years
""".split())  # noqa: SIM905 - a word list is easier to read as text
WORD = re.compile(r"[a-z][a-z0-9]+")


def _stem(word: str) -> str:
    """A light stem: records, recorded, recording -> record; crime, crimes -> crim."""
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        word = word[:-1]
    for ending in ("ing", "ed"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            word = word[: -len(ending)]
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


# Each word's stem, or "" for a word not compared: worked out once per distinct word (the
# findings of a force use a few thousand words many times over).
_SEEN: dict[str, str] = {}


def words(text: str) -> list[str]:
    seen = _SEEN
    if len(seen) > 200_000:  # a bound on memory for unusual texts
        seen.clear()
    out = []
    for w in WORD.findall(text.lower()):
        s = seen.get(w)
        if s is None:
            s = seen[w] = _stem(w) if w not in STOP and len(w) > 2 else ""
        if s:
            out.append(s)
    return out


def features(text: str) -> Counter[str]:
    ws = words(text)
    return Counter(ws + [f"{a} {b}" for a, b in zip(ws, ws[1:], strict=False)])



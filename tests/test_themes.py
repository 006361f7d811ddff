"""Theme assignment against hand labels of every finding in ../shared/corpus
(tests/fixtures/theme_labels.json, each label with its reason)."""

from __future__ import annotations

import json
from pathlib import Path

from scrutiny.inspections.themes import assign, taxonomy
from support import SHARED

LABELS = json.loads((Path(__file__).parent / "fixtures" / "theme_labels.json").read_text())
FLOOR = 0.85


def gold_findings() -> dict[str, str]:
    texts = {}
    for folder in ("expected", "real/expected"):
        for path in sorted((SHARED / "corpus" / folder).glob("*.json")):
            for i, f in enumerate(json.loads(path.read_text())["findings"]):
                texts[f"{folder}/{path.stem.split('_')[0]}#{i}"] = f["text"]
    return texts


def scores() -> dict[str, dict[str, float]]:
    texts = gold_findings()
    out = {}
    for code in taxonomy():
        tp = fp = fn = 0
        for key, text in texts.items():
            want = code in LABELS[key]["themes"]
            got = code in assign(text)
            tp += want and got
            fp += got and not want
            fn += want and not got
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        out[code] = {"labels": tp + fn, "precision": p, "recall": r,
                     "f1": 2 * p * r / (p + r) if p + r else 0.0}
    return out


def test_every_finding_of_the_corpus_has_a_hand_label_with_a_reason() -> None:
    texts = gold_findings()
    assert set(texts) == {k for k in LABELS if not k.startswith("_")}
    assert all(LABELS[k]["reason"] and set(LABELS[k]["themes"]) <= set(taxonomy()) for k in texts)


def test_theme_rules_agree_with_the_hand_labels() -> None:
    table = scores()
    for code, s in table.items():
        print(f"{code:20} labels {s['labels']:3d}  P {s['precision']:.2f}  R {s['recall']:.2f}  "
              f"F1 {s['f1']:.2f}")
    low = {c: round(s["f1"], 2) for c, s in table.items() if s["labels"] >= 3 and s["f1"] < FLOOR}
    assert not low, f"themes below {FLOOR}: {low}"


def test_the_matched_words_are_kept_to_explain_the_theme() -> None:
    found = assign("The force should make sure that officers record their grounds for stop "
                   "and search, and that domestic abuse crimes are recorded.")
    assert found["stop_search"] == ["stop and search"]
    assert "domestic abuse" in found["vawg"]
    assert "record + crime" in found["crime_recording"]
    # Themes the corpus has no finding for still have their words.
    assert "custody" in assign("The force should make sure detainees in custody are checked.")
    assert "vetting_corruption" in assign("The force should clear its vetting backlog.")
    assert assign("The force should improve.") == {}

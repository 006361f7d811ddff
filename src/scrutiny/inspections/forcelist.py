"""Loading the canonical force list (the contract's forces.txt) into the Force table."""

from __future__ import annotations

from importlib import resources
from typing import Any

from django.utils.text import slugify


def load_forces(force_model: Any) -> int:
    """Create or update every force; works with a migration's historical model too."""
    text = resources.files("scrutiny.extraction").joinpath("data/forces.txt").read_text("utf-8")
    territorial = True
    count = 0
    for line in text.splitlines():
        if line.startswith("# Other forces"):
            territorial = False
        if not line.strip() or line.startswith("#"):
            continue
        names = [n.strip() for n in line.split("|") if n.strip()]
        force_model.objects.update_or_create(
            name=names[0],
            defaults={"slug": slugify(names[0]), "aliases": "|".join(names[1:]),
                      "territorial": territorial},
        )
        count += 1
    return count

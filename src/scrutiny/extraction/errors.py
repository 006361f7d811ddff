"""The one error a reader raises: a file Scrutiny cannot read, and why."""

from __future__ import annotations


class UnreadableFile(Exception):
    """The file cannot be read; ``reason`` is a sentence for the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

"""Personal API tokens: issued and revoked by the office's administrators, stored hashed."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

PREFIX = "scr_"


def digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class ApiToken(models.Model):
    """A token acts as its user, with the user's role and office; only its hash is kept."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What the token is for (e.g. Power BI).")
    key_hash = models.CharField(max_length=64, unique=True)
    shown = models.CharField(max_length=12, help_text="The token's first characters, to tell it apart.")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.shown}…) for {self.user}"

    @classmethod
    def issue(cls, user: object, name: str, by: object) -> tuple[ApiToken, str]:
        """A new token and its key, which is shown once and never stored."""
        key = PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name[:100], key_hash=digest(key),
                                   shown=key[:10], created_by=by)
        return token, key

    @property
    def active(self) -> bool:
        return self.revoked_at is None

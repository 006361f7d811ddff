"""Who a user works for and what they may do."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Membership(models.Model):
    """A user belongs to one force's office (OPCC) or to the force itself, with a role."""

    class Organisation(models.TextChoices):
        OPCC = "opcc", "Office of the police and crime commissioner"
        FORCE = "force", "Police force"

    class Role(models.TextChoices):
        READER = "reader", "Reader"
        EDITOR = "editor", "Editor"
        ADMINISTRATOR = "administrator", "Administrator"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="membership")
    force = models.ForeignKey("inspections.Force", on_delete=models.PROTECT,
                              related_name="members")
    organisation = models.CharField(max_length=10, choices=Organisation.choices,
                                    default=Organisation.OPCC)
    role = models.CharField(max_length=15, choices=Role.choices, default=Role.READER)

    class Meta:
        ordering = ["user__username"]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.force})"

    @property
    def can_edit(self) -> bool:
        return self.role in (self.Role.EDITOR, self.Role.ADMINISTRATOR)

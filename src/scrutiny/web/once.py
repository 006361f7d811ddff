"""Double-submission protection for create forms.

Each create form carries a one-time key (``{% once %}``).  The view claims it in the
same transaction as the record it creates: pressing the button twice, or sending the
form again from the browser's history, finds the key taken and creates nothing more.
If creating fails, the transaction rolls back and the key stays free for a retry.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from scrutiny.audit.models import Submission

FIELD = "submission_key"
KEEP_FOR = timedelta(days=2)


def new_key() -> str:
    return secrets.token_urlsafe(24)


def first_time(request: HttpRequest) -> bool:
    """Claim the form's key; False if this form was already sent.  Call inside a transaction.

    A request without a key (a script, an old page) cannot be checked and is let through.
    """
    key = request.POST.get(FIELD, "").strip()[:64]
    if not key:
        return True
    try:
        with transaction.atomic():
            Submission.objects.create(key=key, user=request.user
                                      if request.user.is_authenticated else None)
    except IntegrityError:
        return False
    if secrets.randbelow(100) == 0:  # now and then, forget keys nobody can resend
        Submission.objects.filter(at__lt=timezone.now() - KEEP_FOR).delete()
    return True

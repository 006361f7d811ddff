"""The section 55 workflow: every change to a response goes through here and is recorded.

Police Act 1996 s55 (as amended by the Policing and Crime Act 2017 s37): the local
policing body invites the chief constable's comments by a date it sets (s55(4));
publishes its comments, the chief constable's comments and its response to them
within 56 days beginning with the day the report is published (s55(5), (5A));
explains for each recommendation the action taken or proposed, or why none (s55(5B));
and sends copies to the inspectors and the Secretary of State (s55(6)).
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime, time
from typing import Any

from django.db import transaction
from django.utils import timezone

from scrutiny.audit.history import diff, record, snapshot, versioned_update, withdraw
from scrutiny.audit.models import SecurityEvent
from scrutiny.audit.security import log as security_log
from scrutiny.inspections.deadlines import concerns_force, section55_deadline
from scrutiny.inspections.models import Finding, Inspection, SourceDocument
from scrutiny.inspections.services import NotAllowed, StaleEdit

from .models import DistributionEntry, Response, ResponseItem, ResponseVersion

Status = Response.Status
ANSWERABLE = ("recommendation", "area_for_improvement", "cause_of_concern")
CONTENT_FIELDS = ["key_findings", "cc_comments", "pcc_comments", "pcc_response_to_cc",
                  "extra_sections", "not_subject", "not_subject_reason"]


def last_day(response: Response) -> date | None:
    """The day the response must be published by (inspections.deadlines decides it)."""
    return section55_deadline(response.inspection).day


due_date = last_day


def deadline_explained(response: Response) -> str:
    """The deadline, its day count and its legal basis, in a sentence."""
    return section55_deadline(response.inspection).explanation


def ensure_response(inspection: Inspection) -> Response | None:
    """The inspection's response record, created with an answer slot per finding."""
    if not concerns_force(inspection):
        return None
    response, _ = Response.objects.get_or_create(inspection=inspection)
    have = set(response.items.values_list("finding_id", flat=True))
    ResponseItem.objects.bulk_create(
        ResponseItem(response=response, finding=f)
        for f in inspection.findings.filter(type__in=ANSWERABLE).exclude(pk__in=have)
    )
    return response


def statutory_findings(response: Response) -> list[ResponseItem]:
    """Recommendations the force must explain its action on (s55(5B))."""
    return [i for i in response.items.select_related("finding")
            if i.finding.type == "recommendation" and i.finding.force_to_act and i.applies]


def missing_parts(response: Response) -> list[str]:
    """What stops the response being approved, in words; empty when nothing is missing."""
    if response.not_subject:
        return [] if response.not_subject_reason.strip() else [
            "the reasons the force is clearly not the report's subject"]
    missing = []
    for field, words in (("cc_comments", "the chief constable's comments"),
                         ("pcc_comments", "the commissioner's comments"),
                         ("pcc_response_to_cc",
                          "the commissioner's response to the chief constable's comments")):
        if not getattr(response, field).strip():
            missing.append(words)
    for item in statutory_findings(response):
        if not item.cc_response.strip():
            missing.append(f"an explanation of the action taken or proposed, or why none, "
                           f"for {item.finding}")
    return missing


def outstanding_distribution(response: Response) -> list[str]:
    """Statutory copies not yet recorded as sent (s55(6))."""
    done = set(response.distribution.values_list("recipient", flat=True))
    return [DistributionEntry.Recipient(r).label for r in DistributionEntry.STATUTORY
            if r not in done]


def _check_date(response: Response, value: date | None, what: str) -> None:
    published = response.inspection.published
    if value and published and value < published:
        raise NotAllowed(f"{what} cannot be before the report was published "
                         f"({published:%-d %B %Y}).")


def _move(response: Response, new: str, user: Any, summary: str, **fields: Any) -> None:
    old = response.status
    updated = Response.objects.filter(pk=response.pk, status=old, lock=response.lock).update(
        status=new, lock=response.lock + 1, **fields)
    if updated != 1:
        raise StaleEdit("Someone else changed this response; nothing was overwritten. "
                        "Reload the page to see their changes.")
    response.refresh_from_db()
    record(user, response, "status", summary, {"status": [old, new]})


@transaction.atomic
def request_cc_comments(response: Response, user: Any, *, due: date, asked_on: date) -> None:
    """Ask the chief constable for comments by a date the office sets (s55(4))."""
    _check_date(response, due, "The date for the chief constable's comments")
    _check_date(response, asked_on, "The date the comments were asked for")
    if due < asked_on:
        raise NotAllowed("The comments cannot be due before they were asked for.")
    if response.status == Status.PUBLISHED:
        raise NotAllowed("This response is published; start a new version to change it.")
    _move(response, Status.AWAITING_CC if response.status in (
        Status.NOT_STARTED, Status.AWAITING_CC, Status.DRAFTING) else response.status, user,
        f"Chief constable's comments asked for by {due:%-d %B %Y}",
        cc_comments_due=due, cc_requested_on=asked_on)


@transaction.atomic
def record_cc_received(response: Response, user: Any, *, on: date) -> None:
    _check_date(response, on, "The date the comments arrived")
    if response.cc_requested_on and on < response.cc_requested_on:
        raise NotAllowed("The comments cannot arrive before they were asked for.")
    new = Status.DRAFTING if response.status in (Status.NOT_STARTED, Status.AWAITING_CC) \
        else response.status
    _move(response, new, user, f"Chief constable's comments received on {on:%-d %B %Y}",
          cc_received_on=on)


@transaction.atomic
def save_content(response: Response, user: Any, *, values: dict[str, Any],
                 answers: dict[int, tuple[bool, str]], lock: int) -> Response:
    """Save edited content.  After approval an edit makes a new version awaiting approval."""
    if response.status == Status.PUBLISHED:
        raise NotAllowed("This response is published. Start a new version to change it; "
                         "the published version stays as it is.")
    was_approved = response.status == Status.APPROVED
    before = snapshot(response, CONTENT_FIELDS)
    items = {i.pk: i for i in response.items.select_related("finding")}
    item_changes = {}
    for pk, (applies, text) in answers.items():
        item = items.get(pk)
        if item and (item.applies, item.cc_response) != (applies, text):
            item_changes[pk] = (item, applies, text)
    changes = diff(before, {k: values.get(k, before[k]) for k in CONTENT_FIELDS})
    if not changes and not item_changes:
        return response
    new_status = response.status
    new_version = response.version
    if response.status == Status.APPROVED:
        new_status, new_version = Status.AWAITING_APPROVAL, response.version + 1
    elif response.status == Status.NOT_STARTED:
        new_status = Status.DRAFTING
    updated = Response.objects.filter(pk=response.pk, lock=lock).update(
        **{k: values[k] for k in changes}, status=new_status, version=new_version, lock=lock + 1)
    if updated != 1:
        raise StaleEdit("Someone else saved this response while you were editing it. "
                        "Your changes were not saved; reload to see theirs.")
    for item, applies, text in item_changes.values():
        ResponseItem.objects.filter(pk=item.pk).update(applies=applies, cc_response=text)
        changes[f"answer to {item.finding}"] = [item.cc_response[:200], text[:200]]
    response.refresh_from_db()
    summary = "Response edited"
    if was_approved:
        summary = f"Response edited after approval: version {new_version}, awaiting approval"
    record(user, response, "changed", summary, changes)
    return response


@transaction.atomic
def submit_for_approval(response: Response, user: Any) -> None:
    if response.status not in (Status.DRAFTING, Status.AWAITING_CC, Status.NOT_STARTED):
        raise NotAllowed("Only a draft can be sent for approval.")
    missing = missing_parts(response)
    if missing:
        raise NotAllowed("The response cannot be sent for approval until it has: "
                         + "; ".join(missing) + ".")
    _move(response, Status.AWAITING_APPROVAL, user, "Sent for approval")


def content_digest(response: Response) -> str:
    """A fingerprint of each part of the content, as the approver's page showed it.

    Carried by the approve form, so approval applies to exactly what the approver saw.
    """
    from .compare import sections

    return ";".join(f"{label}:{hashlib.sha256(text.encode()).hexdigest()[:12]}"
                    for label, text in sections(content_of(response)))


def _changed_since(response: Response, seen: str) -> list[str]:
    """The parts whose text differs from what the approver saw."""
    before = dict(p.rsplit(":", 1) for p in seen.split(";") if ":" in p)
    now = dict(p.rsplit(":", 1) for p in content_digest(response).split(";") if ":" in p)
    return [label for label in dict.fromkeys([*now, *before]) if now.get(label) != before.get(label)]


@transaction.atomic
def approve(response: Response, user: Any, *, seen: str | None = None) -> ResponseVersion:
    """A named approver approves; the content is frozen as this version.

    ``seen`` is the content digest of the page the approver read; if the content has
    changed since, approval is refused and the changed parts are named.
    """
    missing = missing_parts(response)
    if missing:
        raise NotAllowed("The response cannot be approved until it has: " + "; ".join(missing) + ".")
    if response.status != Status.AWAITING_APPROVAL:
        raise NotAllowed("Only a response sent for approval can be approved.")
    if seen is not None:
        changed = _changed_since(response, seen)
        if changed:
            raise StaleEdit("The response changed after you opened it, so it was not approved. "
                            "Changed: " + "; ".join(changed) + ". Read it again before "
                            "approving.")
    now = timezone.now()
    _move(response, Status.APPROVED, user,
          f"Version {response.version} approved by {user.get_full_name() or user.get_username()}",
          approved_by=user, approved_at=now)
    version, _ = ResponseVersion.objects.update_or_create(
        response=response, number=response.version,
        defaults={"content": content_of(response), "approved_by": user, "approved_at": now})
    security_log(SecurityEvent.Kind.APPROVED, user=user, force=response.inspection.force,
                 detail=f"{response.inspection.title[:250]}, version {version.number}")
    return version


@transaction.atomic
def publish(response: Response, user: Any, *, version: int | None = None) -> ResponseVersion:
    """Publish the approved version: it appears in the public area and the feed.

    ``version`` is the version number the user saw; another one is refused.
    """
    missing = missing_parts(response)
    if missing:
        raise NotAllowed("The response cannot be published until it has: " + "; ".join(missing) + ".")
    if response.status != Status.APPROVED:
        raise NotAllowed("Only an approved response can be published.")
    if version is not None and version != response.version:
        raise StaleEdit(f"You were publishing version {version}, but the response is now at "
                        f"version {response.version}; nothing was published.")
    approved = response.versions.get(number=response.version)
    now = timezone.now()
    approved.published_at = now
    approved.save(update_fields=["published_at"])
    _move(response, Status.PUBLISHED, user, f"Version {approved.number} published",
          published_at=now)
    record_distribution(response, user, recipient=DistributionEntry.Recipient.WEBSITE,
                        done_on=timezone.localdate(), note="Published in Scrutiny's public area")
    security_log(SecurityEvent.Kind.PUBLISHED, user=user, force=response.inspection.force,
                 detail=f"{response.inspection.title[:250]}, version {approved.number}")
    return approved


@transaction.atomic
def start_new_version(response: Response, user: Any) -> None:
    if response.status not in (Status.PUBLISHED, Status.APPROVED):
        raise NotAllowed("Only an approved or published response needs a new version.")
    _move(response, Status.DRAFTING, user, f"Version {response.version + 1} started",
          version=response.version + 1)


def _check_sent_on(response: Response, done_on: date) -> None:
    _check_date(response, done_on, "The date it was sent")
    if done_on > timezone.localdate():
        raise NotAllowed("A copy cannot be recorded as sent on a future date.")


@transaction.atomic
def record_distribution(response: Response, user: Any, *, recipient: str, done_on: date,
                        note: str = "") -> DistributionEntry:
    _check_sent_on(response, done_on)
    entry = DistributionEntry.objects.create(
        response=response, recipient=recipient, done_on=done_on, note=note[:300],
        recorded_by=user if getattr(user, "is_authenticated", False) else None)
    record(user, response, "changed", f"{entry}", {"distribution": [None, str(entry)]})
    return entry


DISTRIBUTION_FIELDS = ["recipient", "done_on", "note"]


@transaction.atomic
def edit_distribution(entry: DistributionEntry, values: dict[str, Any], version: int,
                      user: Any) -> None:
    """Correct a distribution entry (the step, its date or note), on the record."""
    _check_sent_on(entry.response, values["done_on"])
    versioned_update(entry, DISTRIBUTION_FIELDS, values, version, user,
                     "Distribution corrected: {obj}")


@transaction.atomic
def withdraw_distribution(entry: DistributionEntry, user: Any, *, reason: str,
                          version: int) -> None:
    withdraw(entry, user, reason, version, f"Distribution entry withdrawn: {entry}")


def _day_carried(response: Response, document: SourceDocument) -> date | None:
    """The date a published response document carries for its publication.

    Offices' published responses print the report's date and the response deadline, not
    the day they went out; the deadline they were published against is the date they
    carry (printed, else worked out from the printed publication date).
    """
    meta = document.extraction.get("document", {}) if isinstance(document.extraction, dict) else {}
    printed = meta.get("section55_deadline") if meta.get("section55_deadline_basis") == "printed" \
        else None
    if printed:
        try:
            return date.fromisoformat(printed)
        except ValueError:
            pass
    return last_day(response)


@transaction.atomic
def record_past_response(response: Response, document: SourceDocument, user: Any) -> None:
    """Load a response from an office's document: its texts, and if it is the published
    response, its publication and distribution as the document records them.

    A response already published in Scrutiny is left as it is.
    """
    import_texts(response, document.extraction, user)
    if document.kind != "pcc_response" or response.status == Status.PUBLISHED:
        return
    response.refresh_from_db()
    day = _day_carried(response, document)
    at = timezone.make_aware(datetime.combine(day, time(12, 0))) if day else None
    updated = Response.objects.filter(pk=response.pk, lock=response.lock).update(
        status=Status.PUBLISHED, published_at=at, published_from=document, lock=response.lock + 1)
    if updated != 1:
        raise StaleEdit("Someone else changed this response while the document was loaded.")
    response.refresh_from_db()
    ResponseVersion.objects.update_or_create(
        response=response, number=response.version,
        defaults={"content": content_of(response), "approved_by": None,
                  "approved_at": at or timezone.now(), "published_at": at})
    when = f"{day:%-d %B %Y}" if day else "a date the document does not give"
    record(user, response, "status",
           f"Recorded as published on {when}, from the office's published response "
           f"{document.filename}", {"status": [Status.NOT_STARTED, Status.PUBLISHED]})
    ticks = [d for d in (document.extraction.get("distribution") or []) if d.get("done")]
    if day is None:
        return
    for tick in ticks:
        if tick.get("recipient") in DistributionEntry.Recipient.values:
            entry = DistributionEntry.objects.create(
                response=response, recipient=tick["recipient"], done_on=day,
                note=f"Marked done in {document.filename}"[:300])
            record(user, response, "changed", f"{entry}", {"distribution": [None, str(entry)]})


@transaction.atomic
def correct_publication_date(response: Response, user: Any, *, day: date, lock: int) -> None:
    """Correct the date of a response published outside Scrutiny (its entries move too)."""
    if response.published_from_id is None:
        raise NotAllowed("Only a response published outside Scrutiny has a date to correct; "
                         "Scrutiny recorded this one when it published it.")
    _check_sent_on(response, day)
    at = timezone.make_aware(datetime.combine(day, time(12, 0)))
    before = response.published_at
    if Response.objects.filter(pk=response.pk, lock=lock).update(published_at=at,
                                                                 lock=lock + 1) != 1:
        raise StaleEdit("Someone else changed this response; nothing was changed.")
    response.versions.filter(published_at=before).update(published_at=at, approved_at=at)
    response.distribution.filter(note__startswith="Marked done in").update(done_on=day)
    response.refresh_from_db()
    record(user, response, "changed", f"Publication date corrected to {day:%-d %B %Y}",
           {"published": [f"{timezone.localtime(before):%-d %B %Y}" if before else None,
                          f"{day:%-d %B %Y}"]})


def _finding_dict(item: ResponseItem | None, finding: Finding) -> dict[str, Any]:
    return {
        "ref": finding.ref, "type": finding.type, "label": str(finding), "text": finding.text,
        "due": finding.due.isoformat() if finding.due else None, "due_text": finding.due_text,
        "addressee": finding.addressee, "force_to_act": finding.force_to_act,
        "applies": item.applies if item else True,
        "cc_response": item.cc_response if item else "",
    }


def office_name(response: Response) -> str:
    """'the Police and Crime Commissioner for Norfolk'."""
    area = re.sub(r"\s+(?:Constabulary|Police Service|Police)$", "", response.inspection.force.name)
    return f"the Police and Crime Commissioner for {area}"


def content_of(response: Response) -> dict[str, Any]:
    """Everything a published response holds, as plain data (stored with each version)."""
    inspection = response.inspection
    items = {i.finding_id: i for i in response.items.all()}
    findings = list(inspection.findings.order_by("position", "id"))
    deadline = due_date(response)
    return {
        "title": f"Response of {office_name(response)} to HM Inspectorate of Constabulary and "
                 f"Fire & Rescue Services: {inspection.title}",
        "office": office_name(response),
        "force": inspection.force.name,
        "inspection": {
            "title": inspection.title,
            "type": inspection.get_inspection_type_display() or "Not stated",
            "published": inspection.published.isoformat() if inspection.published else None,
            "section55_deadline": deadline.isoformat() if deadline else None,
        },
        "key_findings": response.key_findings,
        "recommendations": [_finding_dict(items.get(f.pk), f) for f in findings
                            if f.type == "recommendation" and f.force_to_act],
        "context_recommendations": [_finding_dict(None, f) for f in findings
                                    if f.type == "recommendation" and not f.force_to_act],
        "causes_of_concern": [_finding_dict(items.get(f.pk), f) for f in findings
                              if f.type == "cause_of_concern"],
        "areas_for_improvement": [_finding_dict(items.get(f.pk), f) for f in findings
                                  if f.type == "area_for_improvement"],
        "cc_comments": response.cc_comments,
        "pcc_comments": response.pcc_comments,
        "pcc_response_to_cc": response.pcc_response_to_cc,
        "extra_sections": response.extra_sections,
        "not_subject": response.not_subject,
        "not_subject_reason": response.not_subject_reason,
        "distribution": [{"recipient": e.recipient, "label": e.get_recipient_display(),
                          "done_on": e.done_on.isoformat()} for e in response.distribution.all()],
        "version": response.version,
        "approved_by": approver_label(response.approved_by) if response.approved_by else None,
    }


def approver_label(user: Any) -> str:
    """How a published document names its approver: their name and office, never their login."""
    from scrutiny.accounts.permissions import membership_of

    name = user.get_full_name().strip() or "an administrator"
    m = membership_of(user)
    if m is None:
        return name
    where = ("the Office of the Police and Crime Commissioner"
             if m.organisation == m.Organisation.OPCC else m.force.name)
    role = m.get_role_display().lower()
    return f"{name} ({role}, {where})" if name != "an administrator" else f"an {role} of {where}"


def import_texts(response: Response, extraction: dict[str, Any], user: Any) -> int:
    """Attach the chief constable's and PCC's texts from an ingested response document.

    Only empty parts are filled, so loading a past response never overwrites a draft.
    """
    filled = 0
    by_ref = {i.finding.ref: i for i in response.items.select_related("finding") if i.finding.ref}
    pcc_blocks = [r["text"] for r in extraction.get("responses", []) if r["author"] == "pcc"]
    cc_overall = [r["text"] for r in extraction.get("responses", [])
                  if r["author"] == "chief_constable" and not r.get("finding_ref")]
    values: dict[str, Any] = {}
    if cc_overall and not response.cc_comments.strip():
        values["cc_comments"] = "\n\n".join(cc_overall)
    if pcc_blocks and not response.pcc_comments.strip():
        values["pcc_comments"] = pcc_blocks[0]
    if len(pcc_blocks) > 1 and not response.pcc_response_to_cc.strip():
        values["pcc_response_to_cc"] = "\n\n".join(pcc_blocks[1:])
    answers = {}
    for r in extraction.get("responses", []):
        item = by_ref.get(r.get("finding_ref") or "")
        if r["author"] == "chief_constable" and item and not item.cc_response.strip():
            answers[item.pk] = (item.applies, r["text"])
    if values or answers:
        all_values = {k: values.get(k, getattr(response, k)) for k in CONTENT_FIELDS}
        save_content(response, user, values=all_values, answers=answers, lock=response.lock)
        filled = len(values) + len(answers)
    return filled

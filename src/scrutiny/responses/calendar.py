"""Deadlines as an iCalendar feed per user, and the day's e-mail reminders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.mail import send_mail
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from scrutiny.accounts.permissions import scoped
from scrutiny.inspections.models import Finding
from scrutiny.inspections.status import FindingStatus

from .models import CalendarFeed, Response, new_token
from .services import due_date


@dataclass(frozen=True)
class Deadline:
    day: date
    summary: str
    path: str
    uid: str


def deadlines_for(user: Any, start: date | None = None, end: date | None = None) -> list[Deadline]:
    """Section 55 last days, chief constable comment dates and recommendation deadlines."""
    found: list[Deadline] = []
    responses = scoped(user, Response.objects.exclude(status=Response.Status.PUBLISHED)
                       .exclude(not_subject=True), "inspection__force").select_related("inspection")
    for r in responses:
        last = due_date(r)
        if last:
            found.append(Deadline(last, f"Section 55 response due: {r.inspection.title}",
                                  reverse("response", args=[r.inspection_id]), f"s55-{r.pk}"))
        if r.cc_comments_due and not r.cc_received_on:
            found.append(Deadline(r.cc_comments_due,
                                  f"Chief constable's comments due: {r.inspection.title}",
                                  reverse("response", args=[r.inspection_id]), f"cc-{r.pk}"))
    findings = scoped(user, Finding.objects.filter(due__isnull=False, force_to_act=True)
                      .exclude(status=FindingStatus.CLOSED)
                      .filter(Q(type="recommendation") | Q(type="area_for_improvement")),
                      "inspection__force").select_related("inspection")
    for f in findings:
        if f.due is None:
            continue
        found.append(Deadline(f.due, f"{f} due: {f.inspection.title}", f.get_absolute_url(),
                              f"finding-{f.pk}"))
    return sorted((d for d in found if (start is None or d.day >= start)
                   and (end is None or d.day <= end)), key=lambda d: d.day)


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n"))


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545)."""
    out, current = [], ""
    for ch in line:
        if len((current + ch).encode("utf-8")) > 75:
            out.append(current)
            current = " " + ch
        else:
            current += ch
    out.append(current)
    return "\r\n".join(out)


def _day_after(day: date) -> date:
    return day if day == date.max else day + timedelta(days=1)


def ical(deadlines: list[Deadline], base_url: str) -> str:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Scrutiny//Deadlines//EN",
             "CALSCALE:GREGORIAN", "X-WR-CALNAME:Scrutiny deadlines"]
    for d in deadlines:
        lines += ["BEGIN:VEVENT", f"UID:{d.uid}@scrutiny", f"DTSTAMP:{stamp}",
                  f"DTSTART;VALUE=DATE:{d.day:%Y%m%d}",
                  f"DTEND;VALUE=DATE:{_day_after(d.day):%Y%m%d}",
                  f"SUMMARY:{_escape(d.summary)}", f"URL:{base_url}{d.path}", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


@require_GET
def calendar_page(request: HttpRequest) -> HttpResponse:
    feed, _ = CalendarFeed.objects.get_or_create(user=request.user)
    url = request.build_absolute_uri(reverse("calendar_feed", args=[feed.token]))
    return render(request, "responses/calendar.html", {
        "url": url, "deadlines": deadlines_for(request.user, start=date.today())[:50]})


@require_POST
def calendar_rotate(request: HttpRequest) -> HttpResponse:
    """A new private address; the old one stops working at once (shared or leaked by mistake)."""
    from scrutiny.audit.models import SecurityEvent
    from scrutiny.audit.security import log

    CalendarFeed.objects.update_or_create(user=request.user, defaults={"token": new_token()})
    log(SecurityEvent.Kind.CALENDAR_ROTATED, request=request, user=request.user)
    messages.success(request, "Your calendar has a new address; the old one no longer works. "
                              "Subscribe again with the address below.")
    return redirect("calendar")


@login_not_required
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise Http404("No such calendar")
    base = request.build_absolute_uri("/").rstrip("/")
    return HttpResponse(ical(deadlines_for(feed.user), base), content_type="text/calendar; charset=utf-8")


REMIND_BEFORE = {14, 7, 3, 1, 0}


def send_reminders(today: date, base_url: str) -> int:
    """E-mail each user the deadlines that fall 14, 7, 3 or 1 days ahead, or today."""
    from django.contrib.auth import get_user_model

    sent = 0
    for user in get_user_model().objects.filter(is_active=True, membership__isnull=False) \
            .exclude(email=""):
        due = [d for d in deadlines_for(user, start=today, end=today + timedelta(days=14))
               if (d.day - today).days in REMIND_BEFORE]
        if not due:
            continue
        body = "\n".join(
            f"- {d.day:%a %-d %b %Y} ({'today' if d.day == today else f'in {(d.day - today).days} days'}): "
            f"{d.summary}\n  {base_url}{d.path}" for d in due)
        send_mail(f"Scrutiny: {len(due)} deadline{'s' if len(due) != 1 else ''} coming up",
                  f"Deadlines for {user.membership.force}:\n\n{body}\n",
                  settings.DEFAULT_FROM_EMAIL, [user.email])
        sent += 1
    return sent

"""The public area: published responses per force, their documents, and an Atom feed.

No login.  Only versions that have been published are ever shown here; drafts and
the tracker's working records never are.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.contrib.syndication.views import Feed
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.views.decorators.http import require_GET

from scrutiny.inspections.models import Force

from .documents import to_html
from .models import RenderedDocument, ResponseVersion
from .views import FORMATS, document_name, document_response, render_document


def published_versions() -> QuerySet[ResponseVersion]:
    """The latest published version of each response (earlier ones stay reachable by id)."""
    return (ResponseVersion.objects.filter(published_at__isnull=False)
            .select_related("response__inspection__force").order_by("-published_at"))


@login_not_required
@require_GET
def public_index(request: HttpRequest) -> HttpResponse:
    forces = (Force.objects.filter(inspections__response__versions__published_at__isnull=False)
              .annotate(count=Count("inspections__response__versions", distinct=True),
                        latest=Max("inspections__response__versions__published_at"))
              .order_by("name"))
    return render(request, "responses/public_index.html", {
        "forces": forces, "recent": published_versions()[:10]})


@login_not_required
@require_GET
def public_force(request: HttpRequest, slug: str) -> HttpResponse:
    force = Force.objects.filter(slug=slug).first()
    if force is None:
        raise Http404("No such force")
    versions = published_versions().filter(response__inspection__force=force)
    return render(request, "responses/public_force.html", {"force": force, "versions": versions})


def _published(pk: int) -> ResponseVersion:
    version = published_versions().filter(pk=pk).first()
    if version is None:
        raise Http404("No published response here")
    return version


@login_not_required
@require_GET
def public_response(request: HttpRequest, pk: int) -> HttpResponse:
    version = _published(pk)
    return render(request, "responses/public_response.html", {
        "version": version, "c": version.content,
        "document": to_html(version.content, standalone=False)})


@login_not_required
@require_GET
def public_document(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    version = _published(pk)
    if fmt not in FORMATS:
        raise Http404("Unknown format")
    return document_response(version.content, fmt, document_name(version.content, version.number),
                             body=rendered(version, fmt))


def rendered(version: ResponseVersion, fmt: str) -> bytes:
    """The published version as a document, rendered on the first request and kept.

    Anonymous visitors cannot make the server render a PDF on every request.
    """
    kept = RenderedDocument.objects.filter(version=version, format=fmt).values_list("body", flat=True).first()
    if kept is not None:
        return bytes(kept)
    body = render_document(version.content, fmt)
    try:
        with transaction.atomic():
            RenderedDocument.objects.create(version=version, format=fmt, body=body)
    except IntegrityError:
        pass  # another request rendered it at the same moment: the same bytes are kept
    return body


class ResponsesFeed(Feed):
    """Atom feed of newly published section 55 responses."""

    feed_type = Atom1Feed
    title = "Section 55 responses published in Scrutiny"
    subtitle = "Police and crime commissioners' responses to HMICFRS inspection reports"

    def link(self) -> str:
        return reverse("public_index")

    def items(self) -> Any:
        return published_versions()[:50]

    def item_title(self, item: ResponseVersion) -> str:
        return str(item.content.get("title", item.response))

    def item_description(self, item: ResponseVersion) -> str:
        """The commissioner's comments, escaped: the feed's summary is read as HTML."""
        return str(linebreaks(str(item.content.get("pcc_comments", ""))[:1000], autoescape=True))

    def item_link(self, item: ResponseVersion) -> str:
        return reverse("public_response", args=[item.pk])

    def item_pubdate(self, item: ResponseVersion) -> Any:
        return item.published_at

    def item_updateddate(self, item: ResponseVersion) -> Any:
        return item.published_at

    def item_author_name(self, item: ResponseVersion) -> str:
        return str(item.content.get("office", ""))


feed = login_not_required(ResponsesFeed())

"""URL map of the web app."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from scrutiny.inspections import review
from scrutiny.inspections import views as inspections
from scrutiny.responses import calendar, public
from scrutiny.responses import views as responses
from scrutiny.tracking import export
from scrutiny.tracking import views as tracking

# The Django admin is for system administrators (superusers) only.
admin.site.has_permission = (  # type: ignore[method-assign]
    lambda request: request.user.is_active and request.user.is_superuser
)
admin.site.site_header = "Scrutiny administration"

urlpatterns = [
    path("", tracking.dashboard, name="dashboard"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("inspections/", inspections.inspection_list, name="inspections"),
    path("inspections/<int:pk>/", inspections.inspection_detail, name="inspection"),
    path("documents/<int:pk>/", inspections.document_detail, name="document"),
    path("documents/<int:pk>/file", inspections.document_file, name="document_file"),
    path("ingest/", review.upload, name="upload"),
    path("ingest/<int:pk>/review/", review.review, name="review"),
    path("findings/<int:pk>/", tracking.finding_detail, name="finding"),
    path("findings/<int:pk>/edit/", tracking.finding_edit, name="finding_edit"),
    path("findings/<int:pk>/status/", tracking.finding_status, name="finding_status"),
    path("findings/<int:pk>/actions/", tracking.action_add, name="action_add"),
    path("findings/<int:pk>/updates/", tracking.update_add, name="update_add"),
    path("actions/<int:pk>/", tracking.action_edit, name="action_edit"),
    path("updates/<int:pk>/evidence", tracking.evidence, name="evidence"),
    path("boards/", tracking.board_list, name="boards"),
    path("boards/<int:pk>/", tracking.board_detail, name="board"),
    path("boards/<int:pk>/findings.csv", export.board_csv, name="board_csv"),
    path("inspections/<int:pk>/findings.csv", export.inspection_csv, name="inspection_csv"),
    path("forces/<slug:slug>/", inspections.force_detail, name="force"),
    path("search/", inspections.search, name="search"),
    path("inspections/<int:pk>/response/", responses.response_page, name="response"),
    path("inspections/<int:pk>/response/document.<str:fmt>", responses.response_document,
         name="response_document"),
    path("inspections/<int:pk>/response/versions/<int:number>/document.<str:fmt>",
         responses.version_document, name="version_document"),
    path("inspections/<int:pk>/response/compare/", responses.version_diff, name="version_diff"),
    path("calendar/", calendar.calendar_page, name="calendar"),
    path("calendar/<str:token>.ics", calendar.calendar_feed, name="calendar_feed"),
    path("public/", public.public_index, name="public_index"),
    path("public/feed.atom", public.feed, name="public_feed"),
    path("public/forces/<slug:slug>/", public.public_force, name="public_force"),
    path("public/responses/<int:pk>/", public.public_response, name="public_response"),
    path("public/responses/<int:pk>/response.<str:fmt>", public.public_document,
         name="public_document"),
    path("admin/", admin.site.urls),
]

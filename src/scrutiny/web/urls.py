"""URL map of the web app."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from scrutiny.accounts import views as accounts
from scrutiny.inspections import comparison_views as comparison
from scrutiny.inspections import review
from scrutiny.inspections import views as inspections
from scrutiny.responses import calendar, public
from scrutiny.responses import list_views as response_lists
from scrutiny.responses import views as responses
from scrutiny.tracking import board_views as boards
from scrutiny.tracking import closure_views as closure
from scrutiny.tracking import export, import_views, panel_views, register_views, settings_views
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
    path("account/password/", accounts.PasswordChange.as_view(), name="password_change"),
    path("account/password/done/", auth_views.PasswordChangeDoneView.as_view(),
         name="password_change_done"),
    path("password-reset/", accounts.PasswordReset.as_view(), name="password_reset"),
    path("password-reset/sent/", auth_views.PasswordResetDoneView.as_view(),
         name="password_reset_done"),
    path("password-reset/<uidb64>/<token>/", accounts.PasswordResetConfirm.as_view(),
         name="password_reset_confirm"),
    path("password-reset/done/", auth_views.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
    path("office/users/", accounts.office_users, name="office_users"),
    path("office/users/<int:pk>/", accounts.office_user, name="office_user"),
    path("office/security/", accounts.security_events, name="security_events"),
    path("inspections/", inspections.inspection_list, name="inspections"),
    path("inspections/<int:pk>/", inspections.inspection_detail, name="inspection"),
    path("documents/<int:pk>/", inspections.document_detail, name="document"),
    path("documents/<int:pk>/file", inspections.document_file, name="document_file"),
    path("ingest/", review.upload, name="upload"),
    path("ingest/<int:pk>/review/", review.review, name="review"),
    path("ingest/jobs/<int:pk>/", review.reading_job, name="reading_job"),
    path("inspections/<int:pk>/history/", inspections.inspection_history, name="inspection_history"),
    path("inspections/<int:pk>/edit/", inspections.inspection_edit, name="inspection_edit"),
    path("findings/", register_views.findings_register, name="findings"),
    path("findings/bulk/", register_views.findings_bulk, name="findings_bulk"),
    path("findings/import/", import_views.import_start, name="findings_import"),
    path("findings/import/<int:pk>/", import_views.import_run, name="findings_import_run"),
    path("findings/<int:pk>/", tracking.finding_detail, name="finding"),
    path("findings/<int:pk>/history/", tracking.finding_history, name="finding_history"),
    path("findings/<int:pk>/edit/", tracking.finding_edit, name="finding_edit"),
    path("findings/<int:pk>/status/", tracking.finding_status, name="finding_status"),
    path("findings/<int:pk>/themes/", tracking.finding_themes, name="finding_themes"),
    path("findings/<int:pk>/lead/", tracking.finding_lead, name="finding_lead"),
    path("findings/<int:pk>/close/", closure.finding_close, name="finding_close"),
    path("findings/<int:pk>/actions/", tracking.action_add, name="action_add"),
    path("findings/<int:pk>/updates/", tracking.update_add, name="update_add"),
    path("closures/<int:pk>/decide/", closure.closure_decide, name="closure_decide"),
    path("actions/", register_views.actions_register, name="actions"),
    path("actions/<int:pk>/", tracking.action_edit, name="action_edit"),
    path("actions/<int:pk>/withdraw/", tracking.action_withdraw, name="action_withdraw"),
    path("updates/<int:pk>/", tracking.update_edit, name="update_edit"),
    path("updates/<int:pk>/withdraw/", tracking.update_withdraw, name="update_withdraw"),
    path("updates/<int:pk>/evidence", tracking.evidence, name="evidence"),
    path("boards/", boards.board_list, name="boards"),
    path("boards/<int:pk>/", boards.board_detail, name="board"),
    path("boards/<int:pk>/edit/", boards.board_edit, name="board_edit"),
    path("boards/<int:pk>/withdraw/", boards.board_withdraw, name="board_withdraw"),
    path("boards/<int:pk>/packs/", boards.pack_create, name="pack_create"),
    path("boards/<int:pk>/findings.csv", export.board_csv, name="board_csv"),
    path("packs/<int:pk>/", boards.pack_detail, name="board_pack"),
    path("packs/<int:pk>/pack.<str:fmt>", boards.pack_document, name="pack_document"),
    path("reports/panel/", panel_views.panel_report, name="panel_report"),
    path("settings/tracking/", settings_views.tracking_rules, name="tracking_rules"),
    path("inspections/<int:pk>/findings.csv", export.inspection_csv, name="inspection_csv"),
    path("national/", inspections.national_list, name="nationals"),
    path("national/<int:pk>/", inspections.national_detail, name="national"),
    path("forces/<slug:slug>/", inspections.force_detail, name="force"),
    path("forces/<slug:slug>/grades/", comparison.force_grades, name="force_grades"),
    path("settings/similar-forces/", comparison.similar_forces, name="similar_forces"),
    path("search/", inspections.search, name="search"),
    path("inspections/<int:pk>/response/", responses.response_page, name="response"),
    path("inspections/<int:pk>/response/document.<str:fmt>", responses.response_document,
         name="response_document"),
    path("inspections/<int:pk>/response/versions/<int:number>/document.<str:fmt>",
         responses.version_document, name="version_document"),
    path("inspections/<int:pk>/response/compare/", responses.version_diff, name="version_diff"),
    path("responses/", response_lists.response_list, name="responses"),
    path("distribution/<int:pk>/", responses.distribution_edit, name="distribution_edit"),
    path("calendar/", calendar.calendar_page, name="calendar"),
    path("calendar/new-address/", calendar.calendar_rotate, name="calendar_rotate"),
    path("calendar/<str:token>.ics", calendar.calendar_feed, name="calendar_feed"),
    path("public/", public.public_index, name="public_index"),
    path("public/feed.atom", public.feed, name="public_feed"),
    path("public/forces/<slug:slug>/", public.public_force, name="public_force"),
    path("public/responses/<int:pk>/", public.public_response, name="public_response"),
    path("public/responses/<int:pk>/response.<str:fmt>", public.public_document,
         name="public_document"),
    path("api/", include("scrutiny.api.urls")),
    path("office/tokens/", accounts.api_tokens, name="api_tokens"),
    path("admin/", admin.site.urls),
]

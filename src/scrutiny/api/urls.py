"""``/api/v1/`` (the records), ``/api/schema/`` (OpenAPI 3) and ``/api/docs/`` (Swagger UI)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("inspections", views.InspectionViewSet, basename="inspection")
router.register("findings", views.FindingViewSet, basename="finding")
router.register("actions", views.ActionViewSet, basename="action")
router.register("updates", views.UpdateViewSet, basename="update")
router.register("boards", views.BoardViewSet, basename="board")
router.register("responses", views.ResponseViewSet, basename="response")

urlpatterns = [
    path("v1/", include((router.urls, "api"))),
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api_schema"), name="api_docs"),
]

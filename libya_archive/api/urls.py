from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from libya_archive.api import views

app_name = "api"

router = SimpleRouter()
router.register("articles", views.ArticleViewSet, basename="article")
router.register("actors", views.ActorViewSet, basename="actor")
router.register("places", views.PlaceViewSet, basename="place")

urlpatterns = [
    path("", views.RootView.as_view(), name="root"),
    # No trailing slash: the URL /api/search had before the API app, kept as it was.
    path("search", views.SearchView.as_view(), name="search"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up code as a script of its own, not inline,
    # and the UI itself from drf-spectacular-sidecar's static files: nothing from a CDN.
    # Its page is ours, with the one inline style moved to a file (see the template).
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/swagger_ui.html"),
        name="docs",
    ),
    *router.urls,
]

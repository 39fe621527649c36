from django.contrib import admin
from django.contrib.auth.views import LoginView
from django.urls import include, path

from libya_archive.archive.login_throttling import ThrottledLoginForm

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/login/", LoginView.as_view(authentication_form=ThrottledLoginForm), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/", include("libya_archive.api.urls")),
    path("", include("libya_archive.archive.urls")),
]

handler404 = "libya_archive.errors.not_found"
handler500 = "libya_archive.errors.failed"

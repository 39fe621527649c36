"""Slowing down password guessing: after too many wrong passwords for one account or
from one address, logins are refused for a while, however good the password."""

import unicodedata
from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from django.utils import timezone

from libya_archive.archive.models import FailedLogin

MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)


def client_address(request) -> str | None:
    """Who is logging in. Behind the TLS proxy REMOTE_ADDR is the proxy's, the same for
    everyone; the proxy names the client last in X-Forwarded-For. That header is read only
    when the connection comes from a proxy in TRUSTED_PROXIES (anyone else may write it),
    from its end, past any other trusted proxy it went through."""
    if request is None:
        return None
    address = request.META.get("REMOTE_ADDR")
    trusted = settings.TRUSTED_PROXIES
    if address not in trusted:
        return address
    for forwarded in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = forwarded.strip()
        if address and address not in trusted:
            return address
    return address or request.META.get("REMOTE_ADDR")


def account(username: str) -> str:
    """The account a typed username names, as the login form cleans it (stripped, NFKC), so
    that failures are counted and checked under one name however it was typed."""
    return unicodedata.normalize("NFKC", username.strip())[:150]


def is_throttled(username: str, address: str | None) -> bool:
    recent = FailedLogin.objects.filter(attempted_at__gte=timezone.now() - WINDOW)
    by_account = recent.filter(username=account(username)).count() >= MAX_FAILURES
    return by_account or (address is not None and recent.filter(ip_address=address).count() >= MAX_FAILURES * 4)


@receiver(user_login_failed)
def record_failed_login(sender, credentials, request=None, **kwargs):
    FailedLogin.objects.create(username=account(credentials.get("username", "")), ip_address=client_address(request))
    FailedLogin.objects.filter(attempted_at__lt=timezone.now() - WINDOW).delete()


class ThrottledLoginMixin:
    def clean(self):
        if is_throttled(self.data.get("username", ""), client_address(self.request)):
            raise forms.ValidationError(
                "محاولات دخول خاطئة كثيرة. انتظر ربع ساعة ثم حاول مجددًا.", code="throttled"
            )
        return super().clean()


class ThrottledAdminLoginForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass


class ThrottledLoginForm(ThrottledLoginMixin, AuthenticationForm):
    pass

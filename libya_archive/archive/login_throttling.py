"""Slowing down password guessing: after too many wrong passwords for one account or
from one address, logins are refused for a while, however good the password.

But not in a browser its owner has logged in from before: a successful login leaves a
signed cookie naming the account and a random id for that browser (`KNOWN_LOGIN_COOKIE`),
and there only that browser's own wrong passwords count. So someone guessing at an account,
or sharing an address with it, cannot lock its owner out (OWASP's "device cookies").
"""

import secrets
import unicodedata
from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.utils import timezone

from libya_archive.archive.models import FailedLogin

MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)
KNOWN_LOGIN_COOKIE = "known_login"
_KNOWN_LOGIN_SALT = "libya_archive.known_login"


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


def known_login(request, username: str) -> str:
    """The id this browser was given when it last logged in to `username`'s account, if
    that was within KNOWN_LOGIN_DAYS and the cookie is as the site signed it; else ''."""
    if request is None:
        return ""
    max_age = timedelta(days=settings.KNOWN_LOGIN_DAYS)
    value = request.get_signed_cookie(KNOWN_LOGIN_COOKIE, default="", salt=_KNOWN_LOGIN_SALT, max_age=max_age)
    browser, _, name = value.partition(":")
    return browser if name and name == account(username) else ""


def is_throttled(username: str, address: str | None, browser: str = "") -> bool:
    """Whether a login to `username` from `address` is refused: by the account's and the
    address's recent wrong passwords, or in a browser known to the account (`known_login`)
    by that browser's own alone."""
    recent = FailedLogin.objects.filter(attempted_at__gte=timezone.now() - WINDOW)
    if browser:
        return recent.filter(browser=browser).count() >= MAX_FAILURES
    by_account = recent.filter(username=account(username)).count() >= MAX_FAILURES
    return by_account or (address is not None and recent.filter(ip_address=address).count() >= MAX_FAILURES * 4)


@receiver(user_login_failed)
def record_failed_login(sender, credentials, request=None, **kwargs):
    username = credentials.get("username", "")
    FailedLogin.objects.create(
        username=account(username), ip_address=client_address(request), browser=known_login(request, username)
    )
    FailedLogin.objects.filter(attempted_at__lt=timezone.now() - WINDOW).delete()


@receiver(user_logged_in)
def remember_known_login(sender, request, user, **kwargs):
    """Mark this browser as known to the account, with a fresh id (`KnownLoginMiddleware` sets the cookie)."""
    if request is not None:
        request.known_login = f"{secrets.token_hex(16)}:{account(user.get_username())}"


class KnownLoginMiddleware:
    """Gives a browser that has just logged in the cookie `known_login` reads."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if value := getattr(request, "known_login", ""):
            response.set_signed_cookie(
                KNOWN_LOGIN_COOKIE,
                value,
                salt=_KNOWN_LOGIN_SALT,
                max_age=int(timedelta(days=settings.KNOWN_LOGIN_DAYS).total_seconds()),
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response


class ThrottledLoginMixin:
    def clean(self):
        # As the form cleaned it: a name it refused (one holding a NUL character) is no account's.
        username = self.cleaned_data.get("username")
        if username is not None and is_throttled(username, client_address(self.request), known_login(self.request, username)):
            raise forms.ValidationError(
                "محاولات دخول خاطئة كثيرة. انتظر ربع ساعة ثم حاول مجددًا.", code="throttled"
            )
        return super().clean()


class ThrottledAdminLoginForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass


class ThrottledLoginForm(ThrottledLoginMixin, AuthenticationForm):
    # In the words of the page's own labels (كلمة المرور), not of Django's translation (كلمة السر).
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "اسم المستخدم أو كلمة المرور غير صحيحة (يُفرَّق فيهما بين الحروف اللاتينية الكبيرة والصغيرة).",
    }

"""What the archive keeps of its readers: saved searches and failed logins."""

from django.conf import settings
from django.db import models
from django.db.models.functions import MD5


class SavedSearch(models.Model):
    """A search a reader keeps, to come back to what is new since the last visit."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches")
    name = models.CharField("الاسم", max_length=200)
    # A query of 500 Arabic letters is some 3,000 characters once percent-encoded.
    query_string = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    last_visited_at = models.DateTimeField()

    class Meta:
        verbose_name = "بحث محفوظ"
        verbose_name_plural = "عمليات البحث المحفوظة"
        ordering = ["-created_at"]
        # By a hash of the query string: a B-tree holds no entry over about 2,700 bytes.
        constraints = [models.UniqueConstraint("user", MD5("query_string"), name="saved_search_once_per_user")]

    def __str__(self) -> str:
        return self.name


class FailedLogin(models.Model):
    """A wrong password, kept a while so password guessing can be slowed down."""

    username = models.CharField(max_length=150)
    ip_address = models.GenericIPAddressField(null=True)
    # The id of a browser known to the account (login_throttling.known_login), if it was one.
    browser = models.CharField(max_length=32, blank=True, default="")
    attempted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "محاولة دخول فاشلة"
        verbose_name_plural = "محاولات الدخول الفاشلة"
        indexes = [
            models.Index(fields=["username", "attempted_at"], name="failed_login_username"),
            models.Index(fields=["ip_address", "attempted_at"], name="failed_login_ip"),
            models.Index(fields=["browser", "attempted_at"], name="failed_login_browser"),
        ]

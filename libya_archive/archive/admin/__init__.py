"""Curation in the Django admin. Every edit writes through `services`, so the public pages
are right at once; a form that would break the gazetteer is refused with a reason.

entities   actors and places, their aliases, merges and deletions
articles   articles, and the links editors refuse in them
names      the name candidates the importer saw
"""

from django.contrib import admin
from django.contrib.admin.models import LogEntry

from libya_archive.archive.login_throttling import ThrottledAdminLoginForm

admin.site.login_form = ThrottledAdminLoginForm
admin.site.site_header = "إدارة أرشيف أخبار ليبيا"
admin.site.site_title = "أرشيف أخبار ليبيا"


# Each registers its models with the admin site.
from libya_archive.archive.admin import articles, entities, names  # noqa: E402, F401


@admin.register(LogEntry)
class LogEntryAdmin(admin.ModelAdmin):
    """Every edit made in the admin (who, when, what), in one list."""

    list_display = ["action_time", "user", "content_type", "object_repr", "action_flag", "change"]
    list_filter = ["action_flag", "content_type", "user"]
    search_fields = ["object_repr", "change_message"]
    date_hierarchy = "action_time"

    @admin.display(description="التغيير")
    def change(self, entry: LogEntry) -> str:
        """The change in words (the admin's own edits are stored as JSON)."""
        return entry.get_change_message()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

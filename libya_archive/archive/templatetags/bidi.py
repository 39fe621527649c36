"""{% load bidi %}: Latin words inside Arabic text, each run isolated in its own direction
(`arabic.latin_runs` says why)."""

from html import escape

from django import template
from django.utils.safestring import SafeString

from libya_archive.archive.arabic import text_direction
from libya_archive.archive.snippets import marked_html

register = template.Library()


@register.filter
def latin_isolated(text: str) -> SafeString:
    """`text` (plain text), escaped, each run of Latin words in it in a `<bdi dir="ltr">`; a
    text without Arabic in a `<bdi>` of its own, which reads in its own direction inside the
    page's (the full stop of «Apple & Google.» at its end, not at the left)."""
    if text_direction(text) != "rtl":
        return SafeString(f"<bdi>{escape(text)}</bdi>" if text else "")
    return SafeString(marked_html(text, []))

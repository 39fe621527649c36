"""{% load bidi %}: Latin words inside Arabic text, each run isolated in its own direction
(`arabic.latin_runs` says why)."""

from html import escape

from django import template
from django.utils.safestring import SafeString

from libya_archive.archive.arabic import latin_runs

register = template.Library()


@register.filter
def latin_isolated(text: str) -> SafeString:
    """`text`, escaped, each run of Latin words in it in a `<bdi dir="ltr">`."""
    pieces, done = [], 0
    for start, end in latin_runs(text):
        pieces += [escape(text[done:start]), f'<bdi dir="ltr">{escape(text[start:end])}</bdi>']
        done = end
    pieces.append(escape(text[done:]))
    return SafeString("".join(pieces))

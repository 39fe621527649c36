"""{% load bidi %}: Latin words inside Arabic text, each run isolated in its own direction.

Between Arabic words, the quotation marks and numbers around a Latin name take the Arabic
direction one by one: «أبل تتيح “iOS 9″ للمستخدمين» shows both marks on one side of the
name. A run of Latin words in a `<bdi dir="ltr">` reads whole, left to right, and the marks
around it fall where the Arabic sentence puts them."""

import re
from html import escape

from django import template
from django.utils.safestring import SafeString

from libya_archive.archive.arabic import text_direction

register = template.Library()

# Latin words, with the numbers and joining marks between them (iOS 9, Galaxy S6, AT&T, google play).
_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[ .&'’+/:-]+[A-Za-z0-9]+)*")


@register.filter
def latin_isolated(text: str) -> SafeString:
    """`text`, escaped, each run of Latin words in it isolated; a text without Arabic as it is."""
    if text_direction(text) != "rtl":
        return SafeString(escape(text))
    pieces, done = [], 0
    for run in _LATIN_RUN.finditer(text):
        pieces += [escape(text[done : run.start()]), f'<bdi dir="ltr">{escape(run.group())}</bdi>']
        done = run.end()
    pieces.append(escape(text[done:]))
    return SafeString("".join(pieces))

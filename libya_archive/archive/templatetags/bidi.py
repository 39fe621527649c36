"""{% load bidi %}: Latin words inside Arabic text, each run isolated in its own direction
(`direction.latin_runs` says why)."""

from django import template
from django.utils.safestring import SafeString

from libya_archive.archive import direction
from libya_archive.archive.snippets import marked_html

register = template.Library()


@register.filter
def latin_isolated(text: str) -> SafeString:
    """`text` (plain text) as a snippet shows it (`snippets.marked_html`), nothing marked:
    escaped, Latin words isolated, a text without Arabic in a `<bdi>` of its own."""
    return SafeString(marked_html(text, []))


@register.filter
def latin_isolated_piece(text: str) -> SafeString:
    """A piece of a longer text (a mention's context, a title cut short): its Latin words
    isolated as `latin_isolated` does, but a piece without Arabic left in the direction of
    the text around it, which it belongs to."""
    return SafeString(marked_html(text, [], whole=False))


@register.filter
def reads_left_to_right(line) -> bool:
    """Whether a mention's line (its context either side and itself) reads left to right
    (`direction.reads_left_to_right`): its context is then laid out so, that the words beside
    the mention are the ones a line cut short shows. A piece without Arabic on a line with
    Arabic keeps the line's direction (CNN - before حفتر)."""
    return direction.reads_left_to_right(f"{line.before}{line.mention}{line.after}")


@register.filter
def is_left_to_right(text: str) -> bool:
    """Whether a text (a query) is letters none of which reads right to left: Obama, not أوباما."""
    return direction.reads_left_to_right(text)

"""Numbers with the noun they count, as Arabic agrees them: one and two, three to ten take
the plural, eleven and up the singular again (5 مقالات, 12 مقالة)."""

from django import template
from django.utils.html import format_html

register = template.Library()


def counted_noun(number: int, singular: str, dual: str, plural: str) -> str:
    if number == 2:
        return dual
    if 3 <= number % 100 <= 10:
        return plural
    return singular


def counted_phrase(number: int, singular: str, dual: str, plural: str, one: str = "واحدة") -> str:
    """The number and the noun as a sentence says them: one and two by the noun alone
    (مقالة واحدة, مقالتين), three to ten the plural, eleven and up the singular."""
    if number == 1:
        return f"{singular} {one}"
    if number == 2:
        return dual
    return f"{number} {counted_noun(number, singular, dual, plural)}"


@register.simple_tag
def counted(number: int, singular: str, dual: str, plural: str):
    """`<bdi>number</bdi>` and the noun in the form that number takes."""
    return format_html("<bdi>{}</bdi> {}", number, counted_noun(int(number), singular, dual, plural))

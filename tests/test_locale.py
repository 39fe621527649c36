"""Counts as Arabic says them: the phrases of locale/ar, each in its six forms, as the pages
show them, from the committed django.mo (no gettext tools needed to run the site)."""

import ast
import re

import pytest
from django.conf import settings
from django.utils.translation import ngettext, npgettext

from libya_archive.archive.models import Actor
from tests.factories import make_actor, make_article

PO_FILE = settings.BASE_DIR / "locale" / "ar" / "LC_MESSAGES" / "django.po"

# A number that takes each plural form in turn: none, one, two, 3–10, 11–99, 100 and up.
NUMBER_OF_FORM = (0, 1, 2, 3, 11, 100)


def po_entries() -> list[tuple[str, str, str, list[str]]]:
    """(msgctxt, msgid, msgid_plural, msgstr forms) of each counted phrase in the .po file."""
    entries = []
    for block in PO_FILE.read_text().split("\n\n"):
        fields: dict[str, str] = {}
        for key, text in re.findall(r'^(msgctxt|msgid_plural|msgid|msgstr\[\d\])((?:\s*".*"\n?)+)', block, re.M):
            fields[key] = "".join(ast.literal_eval(piece) for piece in re.findall(r'".*"', text))
        if fields.get("msgid"):
            forms = [fields.get(f"msgstr[{n}]", "") for n in range(6)]
            entries.append((fields.get("msgctxt", ""), fields["msgid"], fields["msgid_plural"], forms))
    return entries


def test_every_counted_phrase_is_compiled_in_all_six_forms_as_written():
    entries = po_entries()
    assert len(entries) > 20
    for context, one, few, forms in entries:
        assert all(forms), one
        said = [npgettext(context, one, few, number) if context else ngettext(one, few, number) for number in NUMBER_OF_FORM]
        assert said == forms, f"django.mo is older than django.po: run manage.py compilemessages ({one})"


ARTICLES = {
    0: "لم يرد الاسم في أي مقالة",
    1: "في مقالة واحدة",
    2: "في مقالتين",
    3: "في <bdi>3</bdi> مقالات",
    10: "في <bdi>10</bdi> مقالات",
    11: "في <bdi>11</bdi> مقالة",
    99: "في <bdi>99</bdi> مقالة",
    100: "في <bdi>100</bdi> مقالة",
    101: "في <bdi>101</bdi> مقالة",
    102: "في <bdi>102</bdi> مقالة",
}
HITS = {
    0: "لا يرد «<bdi>النفط</bdi>» في نص المقالة نفسه.",
    1: "موضع واحد لـ«<bdi>النفط</bdi>».",
    2: "موضعان لـ«<bdi>النفط</bdi>».",
    3: "<bdi>3</bdi> مواضع لـ«<bdi>النفط</bdi>».",
    10: "<bdi>10</bdi> مواضع لـ«<bdi>النفط</bdi>».",
    11: "<bdi>11</bdi> موضعًا لـ«<bdi>النفط</bdi>».",
    99: "<bdi>99</bdi> موضعًا لـ«<bdi>النفط</bdi>».",
    100: "<bdi>100</bdi> موضع لـ«<bdi>النفط</bdi>».",
    101: "<bdi>101</bdi> موضع لـ«<bdi>النفط</bdi>».",
    102: "<bdi>102</bdi> موضع لـ«<bdi>النفط</bdi>».",
}


@pytest.mark.parametrize("number", sorted(ARTICLES))
def test_a_count_takes_the_form_arabic_gives_its_noun_on_the_page(client, db, number):
    actor = make_actor("خليفة حفتر", slug="haftar")
    Actor.objects.filter(pk=actor.pk).update(article_count=number)
    assert ARTICLES[number] in client.get("/actors/haftar/").content.decode()
    assert ARTICLES[number] in client.get("/actors/").content.decode()

    article = make_article("ارتفع سعر النفط اليوم. " * number + "وانتهى الخبر.")
    assert HITS[number] in client.get(article.get_absolute_url(), {"q": "النفط"}).content.decode()


def test_the_admin_keeps_djangos_own_arabic(admin_client):
    html = admin_client.get("/admin/").content.decode()
    assert "تسجيل الخروج" in html and "Log out" not in html

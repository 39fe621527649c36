"""Whatever a visitor types, search answers with a page or a JSON body, never a server error,
and what they typed comes back as text, never as markup."""

from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from libya_archive.archive.search.query import searched_query
from tests.factories import make_article

# Surrogates cannot be encoded in a URL; every other code point can, control characters too.
any_character = st.characters(exclude_categories=["Cs"])
TSQUERY_SYNTAX = ["&", "|", "!", "<->", "<2>", ":", ":*", "*", "(", ")", "'", '"', "-", "\\", "or", "أو"]
BIDI_CONTROLS = ["\u202e", "\u202d", "\u202b", "\u202a", "\u202c", "\u200f", "\u200e", "\u2066", "\u2067", "\u2069", "\u061c"]
# Words of the seed articles, so that queries also find, rank and highlight something.
ARCHIVE_WORDS = ["داعش", "حفتر", "وحفتر", "سرت", "مصراتة", "مصراته", "الأطلسي", "Haftar", "في"]
# Markup, which the `archive` fixture's extra article quotes: a query made of it finds that article.
MARKUP = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"><b>', "</bdi>", "&amp;"]
WORDLESS = [*TSQUERY_SYNTAX, *BIDI_CONTROLS, "<", ">", "&", '"><', "</", " ", "\t", "\n", "\x00"]

chosen_pieces = st.sampled_from(ARCHIVE_WORDS + MARKUP + WORDLESS)
query_pieces = st.one_of(chosen_pieces, st.text(any_character, min_size=1, max_size=12))
short_queries = st.one_of(
    st.lists(query_pieces, max_size=30).map("".join),
    # Archive words and markup among operators, as separate words: these find articles, so
    # ranking and snippets run too, and the page echoes a query holding markup beside hits.
    st.lists(st.sampled_from(ARCHIVE_WORDS + MARKUP) | st.sampled_from(WORDLESS), min_size=1, max_size=8).map(" ".join),
)
# Long queries, up to 10,000 characters: repeating a short one keeps generating them cheap.
long_queries = st.builds(
    lambda unit, length: (unit * length)[:length],
    st.lists(query_pieces, min_size=1, max_size=5).map("".join),
    st.integers(1_000, 10_000),
)
queries = st.one_of(st.text(any_character, max_size=200), short_queries, long_queries)
# A page or page size: absent, a number (in range or not), or any text at all.
paging_values = st.none() | st.integers(-5, 150).map(str) | st.text(any_character, max_size=8)
fuzzing = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def archive(seed_archive):
    """The seed articles and one quoting markup in its title and text, as a report on an attack might."""
    make_article(f"مقالة عن داعش في سرت تقتبس شيفرة: {' '.join(MARKUP)}", title=f"<b>داعش</b> {MARKUP[0]}")


class PageAsParsed(HTMLParser):
    """What a browser reads in a page: its elements, any inline code, the values of the query
    fields and the <bdi> texts."""

    def __init__(self, html: str):
        super().__init__()
        self.elements: set[str] = set()
        # The templates have none: inline code on a page could only have come from the input.
        self.inline_code: list[str] = []
        self.search_box_values: list[str] = []
        self.bdi_texts: list[str] = []
        self._bdi_text: list[str] | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.add(tag)
        attributes = dict(attrs)
        handler_or_style = any(name.startswith("on") or name == "style" for name in attributes)
        if handler_or_style or tag == "style" or (tag == "script" and "src" not in attributes):
            self.inline_code.append(self.get_starttag_text())
        if tag == "input" and attributes.get("name") == "q":
            self.search_box_values.append(attributes.get("value") or "")
        if tag == "bdi":
            self._bdi_text = []

    def handle_endtag(self, tag):
        if tag == "bdi" and self._bdi_text is not None:
            self.bdi_texts.append("".join(self._bdi_text))
            self._bdi_text = None

    def handle_data(self, data):
        if self._bdi_text is not None:
            self._bdi_text.append(data)


@fuzzing
@given(query=queries)
def test_the_search_page_answers_any_query_and_shows_it_as_text(client, archive, query):
    response = client.get("/search", {"q": query})

    assert response.status_code == 200
    page = PageAsParsed(response.content.decode())
    assert page.inline_code == []
    # The query comes back as typed, but for NUL characters, which the site drops; the
    # page is of what was searched, without white space around it or markup in it (<A> is
    # no query), a query over the limit cut at a word.
    shown = query.replace("\x00", "")
    assert shown in page.search_box_values
    if searched := searched_query(shown.strip()):
        assert searched in page.bdi_texts


@fuzzing
@given(query=queries, page=paging_values, page_size=paging_values, some_words=st.sampled_from([None, "1", "0", "نعم"]))
def test_the_search_api_answers_any_query_with_results_or_an_error_message(client, archive, query, page, page_size, some_words):
    params = {"q": query, "page": page, "page_size": page_size, "some_words": some_words}
    response = client.get("/api/search", {name: value for name, value in params.items() if value is not None})

    assert response.status_code in (200, 400, 404, 503)
    data = response.json()
    if response.status_code == 404:  # a page past the last: it says so
        assert "is past the last page" in data["detail"]
        return
    if response.status_code != 200:  # refused, or stopped at the time limit (a busy machine): it says so
        assert data["error"] and (response.status_code == 400 or data["timed_out"])
        return
    assert data["count"] >= len(data["results"])
    for result in data["results"] + data["some_words"]:
        assert PageAsParsed(result["snippet"]).elements <= {"mark", "bdi"}

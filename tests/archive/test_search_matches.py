"""Feeds and exports read a search's whole result set (`search_matches`); the search page
reads a page of it (`search_articles`). Both must hold the same articles."""

import pytest
from django.http import QueryDict

from libya_archive.archive.search import search_articles, search_matches, search_options
from tests.search_quality.test_search_quality import HELD_OUT, QUERIES


@pytest.mark.parametrize(
    "query_string", ["", "entities=0", "exact=1", "place=sirte", "actor=khalifa-haftar&kind=armed_group", "to=2010-01-01"]
)
def test_a_whole_result_set_holds_exactly_the_articles_the_search_page_finds(seed_archive, query_string):
    """Over every judged query, with each option that changes what matches."""
    options = search_options(QueryDict(query_string))
    for judged in QUERIES + HELD_OUT:
        page = search_articles(judged["query"], page_size=100, **options)
        _, whole = search_matches(judged["query"], **options)
        assert {hit.article.pk for hit in page.hits} == set(whole.values_list("pk", flat=True)), judged["query"]


def test_the_judged_queries_do_find_articles_with_and_without_options(seed_archive):
    """So that the test above compares sets with something in them."""
    for query_string in ["", "entities=0", "exact=1", "place=sirte"]:
        options = search_options(QueryDict(query_string))
        assert any(search_matches(judged["query"], **options)[1].exists() for judged in QUERIES), query_string


def test_a_query_with_nothing_to_search_matches_nothing(seed_archive):
    for query in ["في من", "", "-سرت"]:
        parsed, matches = search_matches(query)
        assert not parsed and not matches.exists()

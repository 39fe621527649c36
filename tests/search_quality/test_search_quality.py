"""The judged query sets: every must-find article found, no must-not article returned."""

from pathlib import Path

import pytest

from libya_archive.archive.search import search_articles
from libya_archive.archive.search_quality import load_judgements, score
from libya_archive.archive.services import vocabulary_refresh

HERE = Path(__file__).parent
QUERIES = load_judgements(HERE / "queries.json")
HELD_OUT = load_judgements(HERE / "held_out.json")


def found_by_search(query: str) -> set[str]:
    return {hit.article.source_name for hit in search_articles(query, page_size=100).hits}


def test_the_judged_set_covers_every_behaviour_with_at_least_60_queries():
    assert len(QUERIES) >= 60
    assert {q["covers"] for q in QUERIES} >= {
        "orthography", "digits", "clitics", "suffixes", "short-words", "phrase", "exclude", "or",
        "stop-words", "entity-arabic", "entity-latin", "multi-word", "typo", "no-match",
    }


def test_search_finds_every_judged_article_and_nothing_else(seed_archive):
    result = score(QUERIES, found_by_search)
    assert result.failures == []
    assert result.recall == 1.0 and result.false_hits == 0


def test_held_out_queries_through_the_api_find_every_judged_article_and_nothing_else(seed_archive, client):
    def found_by_api(query: str) -> set[str]:
        data = client.get("/api/search", {"q": query, "page_size": 100}).json()
        return {hit["source_name"] for hit in data["results"]}

    result = score(HELD_OUT, found_by_api)
    assert result.failures == []


@pytest.mark.parametrize("judged", [q for q in QUERIES + HELD_OUT if q["covers"] == "typo"], ids=lambda q: q["query"])
def test_a_judged_typo_suggests_the_archive_word(seed_archive, judged):
    vocabulary_refresh()
    assert search_articles(judged["query"]).suggestions == [judged["suggest"]]

import json
import re
from datetime import date
from io import StringIO

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.http import QueryDict
from django.utils.http import urlencode

from libya_archive.archive.models import Actor, ActorMention, Article, Place
from libya_archive.archive.search import search_articles, search_options
from tests.factories import make_actor, make_article, make_place


@pytest.fixture
def dated_archive(db):
    make_actor("خليفة حفتر", "حفتر", slug="khalifa-haftar")
    make_actor("معمر القذافي", "القذافي", slug="muammar-gaddafi")
    make_place("سرت", slug="sirte")
    return {
        "2011": make_article("القذافي في سرت.", title="2011", published_on=date(2011, 10, 20)),
        "2014": make_article("حفتر يطلق عملية الكرامة.", title="2014", published_on=date(2014, 5, 16), source="الوسط"),
        "2016": make_article("حفتر يتقدم نحو سرت وحفتر يصرح.", title="2016", published_on=date(2016, 5, 10)),
        "undated": make_article("خبر بلا تاريخ عن سرت.", title="undated"),
    }


def titles(data: dict) -> list[str]:
    return [article["title"] for article in data["results"]]


def test_articles_are_listed_newest_first_undated_last_with_page_and_api_links(client, dated_archive):
    data = client.get("/api/articles/").json()
    assert set(data) == {"next", "results"} and data["next"] is None
    assert titles(data) == ["2016", "2014", "2011", "undated"]
    article = dated_archive["2016"]
    assert data["results"][0] == {
        "id": article.pk,
        "title": "2016",
        "date": "2016-05-10",
        "source": "",
        "source_label": "",
        "source_url": "",
        "source_name": article.source_name,
        "url": f"http://testserver/articles/{article.pk}/",
        "api_url": f"http://testserver/api/articles/{article.pk}/",
    }
    assert data["results"][3]["date"] is None


@pytest.mark.parametrize("path, params", [("/api/articles/", {}), ("/api/search", {"q": "حفتر", "sort": "date"})])
@pytest.mark.parametrize("after", ["garbage", "2015-02-30.5", ".x"])
def test_a_cursor_that_is_none_is_a_400_naming_it_not_the_first_page_again(client, dated_archive, path, params, after):
    assert client.get(path, params).status_code == 200
    response = client.get(path, {**params, "after": after})
    assert response.status_code == 400
    assert "after" in response.json()["errors"]


def test_the_article_list_pages_by_cursor(client, dated_archive):
    """As the site's lists do: no count and no offset, so every page costs what the first does."""
    first = client.get("/api/articles/", {"page_size": 3}).json()
    assert titles(first) == ["2016", "2014", "2011"]
    cursor = dated_archive["2011"].cursor
    assert first["next"] == f"http://testserver/api/articles/?after={cursor}&page_size=3"
    second = client.get(first["next"]).json()
    assert titles(second) == ["undated"] and second["next"] is None
    undated = dated_archive["undated"]
    assert client.get("/api/articles/", {"after": undated.cursor}).json() == {"next": None, "results": []}
    haftar = client.get("/api/articles/", {"actor": "khalifa-haftar", "page_size": 1}).json()
    assert titles(haftar) == ["2016"] and "actor=khalifa-haftar" in haftar["next"]
    assert titles(client.get(haftar["next"]).json()) == ["2014"]


@pytest.mark.parametrize("page", ["2", "abc"])
def test_a_page_number_of_the_article_list_is_a_400_pointing_to_next_not_carried_into_it(client, dated_archive, page):
    response = client.get("/api/articles/", {"page": page, "page_size": 1})
    assert response.status_code == 400
    assert response.json()["errors"] == {"page": ["this list is paged by `after`: follow `next`"]}
    first = client.get("/api/articles/", {"page": "1", "page_size": 1}).json()
    assert titles(first) == ["2016"] and "page=" not in first["next"]
    assert titles(client.get(first["next"]).json()) == ["2014"]


@pytest.mark.parametrize("page_size, expected", [("2", 2), ("1000", 4), ("9" * 30, 4)])
def test_the_article_page_size_is_bounded_and_defaulted(client, dated_archive, page_size, expected):
    assert len(client.get("/api/articles/", {"page_size": page_size}).json()["results"]) == expected


@pytest.mark.parametrize("path", ["/api/articles/", "/api/actors/", "/api/places/"])
@pytest.mark.parametrize("page_size", ["null", "x", "0", "-1", "2.5", "", "٠", "\uff10", "\u0966"])
def test_a_page_size_that_is_not_a_positive_integer_is_a_400_naming_it_not_the_default(client, dated_archive, path, page_size):
    response = client.get(path, {"page_size": page_size})
    assert response.status_code == 400
    message = f"must be a positive integer (at most 100 are given), not '{page_size}'"
    assert response.json() == {"error": f"page_size: {message}", "errors": {"page_size": [message]}}


@pytest.mark.parametrize("empty", ["", " ", "\u200b", "\u200f\u200e", "\ufeff"])
def test_a_filter_value_that_shows_nothing_is_ignored_not_a_400_naming_an_empty_slug(client, dated_archive, empty):
    assert titles(client.get("/api/articles/", {"actor": empty, "place": empty}).json()) == ["2016", "2014", "2011", "undated"]
    assert client.get("/api/search", {"q": "سرت", "actor": empty}).json()["count"] == 3


def test_a_slug_that_names_nothing_is_quoted_in_the_400_so_odd_characters_show(client, dated_archive):
    response = client.get("/api/articles/", {"actor": "\u200bkhalifa-haftar"})
    assert response.json()["errors"] == {"actor": ["no actor with the slug '\\u200bkhalifa-haftar'"]}


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"actor": "khalifa-haftar"}, ["2016", "2014"]),
        ({"place": "sirte"}, ["2016", "2011", "undated"]),
        ({"actor": "khalifa-haftar", "place": "sirte"}, ["2016"]),
        ({"actor": ["khalifa-haftar", "muammar-gaddafi"]}, []),
        ({"from": "2014-01-01"}, ["2016", "2014"]),
        ({"to": "2014-05-16"}, ["2014", "2011"]),
        ({"from": "2012-01-01", "to": "2015-12-31", "actor": "khalifa-haftar"}, ["2014"]),
        ({"kind": "person"}, ["2016", "2014", "2011"]),
        ({"source": "الوسط"}, ["2014"]),
    ],
)
def test_articles_filter_as_the_search_page_does(client, dated_archive, params, expected):
    assert titles(client.get("/api/articles/", params).json()) == expected


@pytest.mark.parametrize(
    "params, field",
    [
        ({"actor": "nobody"}, "actor"),
        ({"place": ["sirte", "atlantis"]}, "place"),
        ({"kind": "wizard"}, "kind"),
        ({"source": "nope"}, "source"),
        ({"from": "10/05/2016"}, "from"),
        ({"to": "2016-13-01"}, "to"),
    ],
)
def test_a_bad_filter_is_a_400_naming_the_parameter_not_an_empty_list(client, dated_archive, params, field):
    response = client.get("/api/articles/", params)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field] and response.json()["error"].startswith(f"{field}: ")


@pytest.mark.parametrize("path", ["/api/articles/", "/api/search"])
def test_a_range_that_ends_before_it_starts_is_a_400_not_an_empty_list(client, dated_archive, path):
    response = client.get(path, {"q": "حفتر", "from": "2016-01-01", "to": "2014-01-01"})
    assert response.status_code == 400
    assert response.json()["errors"] == {"to": ["is before from (2016-01-01): no day is in the range; swap them?"]}


def test_a_refused_parameter_is_explained_in_english_as_the_rest_of_the_api(client, dated_archive):
    listed = client.get("/api/articles/", {"from": "2016-13-01", "actor": "nobody"}).json()
    assert listed == {
        "error": "from: Enter a valid date.",
        "errors": {"from": ["Enter a valid date."], "actor": ["no actor with the slug 'nobody'"]},
    }
    searched = client.get("/api/search", {"q": "حفتر", "sort": "oldest"}).json()
    assert searched["errors"] == {"sort": ["Select a valid choice. oldest is not one of the available choices."]}
    assert searched["error"] == "sort: Select a valid choice. oldest is not one of the available choices."


def test_every_refused_search_parameter_is_named_in_one_shape(client, dated_archive):
    refused = client.get("/api/search", {"q": "حفتر", "page": "x", "page_size": "500", "from": "2016-13-01"})
    assert refused.status_code == 400
    assert refused.json() == {
        "error": "page: must be a positive integer, not 'x'",
        "errors": {"page": ["must be a positive integer, not 'x'"], "page_size": ["must be at most 100"], "from": ["Enter a valid date."]},
    }


def test_an_article_has_its_text_actors_places_and_mention_offsets(client, dated_archive):
    article = dated_archive["2016"]
    data = client.get(f"/api/articles/{article.pk}/").json()
    assert data["body"] == "حفتر يتقدم نحو سرت وحفتر يصرح."
    [haftar] = data["actors"]
    assert haftar["slug"] == "khalifa-haftar" and haftar["name"] == "خليفة حفتر"
    assert haftar["url"] == "http://testserver/actors/khalifa-haftar/"
    assert haftar["api_url"] == "http://testserver/api/actors/khalifa-haftar/"
    assert haftar["mentions"] == [{"start": 0, "end": 4, "text": "حفتر"}, {"start": 20, "end": 24, "text": "حفتر"}]
    assert data["places"][0]["mentions"] == [{"start": 15, "end": 18, "text": "سرت"}]
    for entity in data["actors"] + data["places"]:
        for mention in entity["mentions"]:
            assert data["body"][mention["start"] : mention["end"]] == mention["text"]
    assert client.get("/api/articles/999999/").status_code == 404


def test_the_seed_article_offsets_agree_with_the_database(client, seed_archive):
    article = Article.objects.get(source_name="003_0f9c5275d93800a3.txt")
    data = client.get(f"/api/articles/{article.pk}/").json()
    served = sorted((m["start"], m["end"], a["slug"]) for a in data["actors"] for m in a["mentions"])
    stored = sorted(ActorMention.objects.filter(article=article).values_list("start", "end", "actor__slug"))
    assert served == stored


def test_actors_and_places_list_by_name_with_counts_aliases_and_links(client, dated_archive):
    actors = client.get("/api/actors/").json()
    assert [a["slug"] for a in actors["results"]] == ["khalifa-haftar", "muammar-gaddafi"]  # خ before م
    haftar = client.get("/api/actors/khalifa-haftar/").json()
    assert haftar == {
        "slug": "khalifa-haftar",
        "name": "خليفة حفتر",
        "name_en": "",
        "kind": "person",
        "kind_label": "شخص",
        "description": "",
        "aliases": ["حفتر"],
        "article_count": 2,
        "url": "http://testserver/actors/khalifa-haftar/",
        "api_url": "http://testserver/api/actors/khalifa-haftar/",
        "articles_api_url": "http://testserver/api/articles/?actor=khalifa-haftar",
        "mentions_csv_url": "http://testserver/actors/khalifa-haftar/mentions.csv",
    }
    sirte = client.get("/api/places/sirte/").json()
    assert sirte["article_count"] == 3 and sirte["latitude"] is None and sirte["kind"] == "city"
    assert titles(client.get(sirte["articles_api_url"]).json()) == ["2016", "2011", "undated"]
    assert client.get("/api/places/").json()["count"] == Place.objects.count()
    assert client.get("/api/actors/nobody/").status_code == 404


def test_a_merged_actors_old_slug_redirects_to_the_one_it_became_as_the_schema_says(client, db):
    from libya_archive.archive import services

    haftar = make_actor("خليفة حفتر", slug="khalifa-haftar")
    services.entity_merge(haftar, [make_actor("حفتار", slug="marshal-haftar")])
    response = client.get("/api/actors/marshal-haftar/")
    assert (response.status_code, response["Location"]) == (301, "/api/actors/khalifa-haftar/")
    assert client.get(response["Location"]).json()["name"] == "خليفة حفتر"
    assert client.get("/api/actors/never-was/").status_code == 404
    assert "301" in schema(client)["paths"]["/api/actors/{slug}/"]["get"]["responses"]


def test_the_seed_gazetteer_reads_through_the_api(client, seed_archive):
    data = client.get("/api/actors/", {"page_size": 100}).json()
    assert data["count"] == Actor.objects.count()
    haftar = next(a for a in data["results"] if a["slug"] == "khalifa-haftar")
    assert haftar["article_count"] == 4 and "Haftar" in haftar["aliases"]


def test_the_api_is_read_only(client, dated_archive):
    assert client.post("/api/articles/", {"title": "x"}, content_type="application/json").status_code == 405
    assert client.delete("/api/actors/khalifa-haftar/").status_code == 405
    assert Actor.objects.filter(slug="khalifa-haftar").exists()


def test_the_api_root_links_every_endpoint(client, db):
    assert client.get("/api/").json() == {
        "articles": "http://testserver/api/articles/",
        "actors": "http://testserver/api/actors/",
        "places": "http://testserver/api/places/",
        "search": "http://testserver/api/search",
        "schema": "http://testserver/api/schema/",
        "docs": "http://testserver/api/docs/",
    }


def test_the_search_api_answers_byte_for_byte_as_before(client, seed_archive):
    """/api/search answers through its serializer as a Django JsonResponse
    (spaces after separators, Arabic as UTF-8), whatever the client accepts."""
    for accept in ["*/*", "text/html", "application/json"]:
        response = client.get("/api/search", {"q": "حفتر", "page_size": 2}, HTTP_ACCEPT=accept)
        assert response.status_code == 200 and response["Content-Type"] == "application/json"
        assert response.content.startswith(b'{"count": 4, "count_is_capped": false, "timed_out": false, "page": 1, "page_size": 2')
        assert "خليفة حفتر".encode() in response.content
    error = client.get("/api/search", {"q": "حفتر", "page": "0"})
    assert error.content == b'{"error": "page: must be a positive integer, not \'0\'", "errors": {"page": ["must be a positive integer, not \'0\'"]}}'


def schema(client) -> dict:
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_schema_describes_every_endpoint_and_the_search_contract(client, db):
    paths = schema(client)["paths"]
    assert set(paths) == {
        "/api/articles/", "/api/articles/{id}/", "/api/actors/", "/api/actors/{slug}/",
        "/api/places/", "/api/places/{slug}/", "/api/search",
    }  # fmt: skip
    search = paths["/api/search"]["get"]
    assert {p["name"] for p in search["parameters"]} == {
        "q", "page", "page_size", "sort", "after", "entities", "some_words", "exact", "actor", "place", "kind", "source", "from", "to",
    }  # fmt: skip
    assert set(search["responses"]) == {"200", "400", "404", "414", "503"}
    components = schema(client)["components"]["schemas"]
    assert set(components["SearchResponse"]["properties"]) == {
        "count", "count_is_capped", "timed_out", "page", "page_size", "results_count", "relevance_limit", "also_matching",
        "suggestions", "query_cut", "results", "some_words", "next",
    }  # fmt: skip
    assert set(components["SearchHit"]["properties"]) == {
        "id", "url", "title", "source_name", "source", "source_label", "published_on", "rank", "snippet", "also_in",
    }  # fmt: skip
    assert set(components["SomeWordsHit"]["properties"]) == set(components["SearchHit"]["properties"]) | {"missing"}
    articles = paths["/api/articles/"]["get"]
    assert {p["name"] for p in articles["parameters"]} == {
        "actor", "place", "kind", "source", "from", "to", "after", "page_size",
    }  # fmt: skip
    assert set(components["PaginatedArticleList"]["properties"]) == {"next", "results"}


def test_the_schema_matches_what_the_search_api_returns(client, seed_archive):
    components = schema(client)["components"]["schemas"]
    data = client.get("/api/search", {"q": "حفتر"}).json()
    assert set(data) == set(components["SearchResponse"]["properties"])
    assert set(data["results"][0]) == set(components["SearchHit"]["properties"])


def test_a_search_result_says_when_and_in_which_paper_its_article_appeared(client, db):
    make_article("حفتر في بنغازي", title="مؤرخ", published_on=date(2016, 5, 10), source="الوسط")
    make_article("حفتر في سرت", title="غير مؤرخ")
    results = client.get("/api/search", {"q": "حفتر", "sort": "date"}).json()["results"]
    assert [(hit["title"], hit["source"], hit["published_on"]) for hit in results] == [
        ("مؤرخ", "الوسط", "2016-05-10"), ("غير مؤرخ", "", None),
    ]  # fmt: skip


def follow(client, url: str) -> list[dict]:
    """Every result of a search, page after page, by its `next` links."""
    results = []
    while url:
        data = client.get(url).json()
        results += data["results"]
        url = data["next"]
    return results


def test_the_search_api_pages_on_by_its_next_link_in_either_order(client, seed_archive):
    by_relevance = follow(client, "/api/search?q=%D8%AD%D9%81%D8%AA%D8%B1&page_size=3")
    assert [hit["id"] for hit in by_relevance] == [hit.article.pk for hit in search_articles("حفتر", page_size=100).hits]
    by_date = follow(client, "/api/search?q=%D8%AD%D9%81%D8%AA%D8%B1&page_size=1&sort=date")
    newest_first = search_articles("حفتر", page_size=100, sort="date").hits
    assert [hit["id"] for hit in by_date] == [hit.article.pk for hit in newest_first] and len(by_date) == 4
    assert all(hit["rank"] is None for hit in by_date)


def test_the_search_api_says_how_far_relevance_order_reaches_where_more_match_than_are_ranked(client, seed_archive, settings):
    assert client.get("/api/search", {"q": "حفتر"}).json()["relevance_limit"] is None
    settings.SEARCH_RANK_LIMIT = 2
    data = client.get("/api/search", {"q": "حفتر", "page_size": 1}).json()
    assert (data["count"], data["relevance_limit"]) == (4, 2)
    assert client.get("/api/search", {"q": "حفتر", "sort": "date"}).json()["relevance_limit"] is None


def test_a_list_page_that_is_no_positive_integer_is_a_400_naming_it_and_one_past_the_end_a_404_saying_so(client, seed_archive):
    for page in ["0", "-1", "abc", "", "²", "9" * 5000]:
        response = client.get("/api/actors/", {"page": page})
        assert response.status_code == 400, page
        assert response.json()["errors"] == {"page": [f"must be a positive integer, not {page!r}"]}
    response = client.get("/api/places/", {"page": "9999"})
    assert response.status_code == 404 and response.json() == {"detail": "page 9999 is past the last page, 3"}
    assert client.get("/api/actors/", {"page": "1"}).status_code == 200
    assert client.get("/api/actors/", {"page": "last"}).status_code == 200


def test_a_search_page_past_the_last_is_a_404_saying_so_not_an_empty_200(client, seed_archive):
    assert len(client.get("/api/search", {"q": "حفتر", "page_size": 3, "page": 2}).json()["results"]) == 1
    response = client.get("/api/search", {"q": "حفتر", "page_size": 3, "page": 3})
    assert response.status_code == 404
    assert response.json() == {"detail": "page 3 is past the last page, 2"}
    assert client.get("/api/search", {"q": "لا شيء يطابقه", "page": 1}).json()["results"] == []


def test_the_search_api_takes_the_search_pages_filters_and_exact_spelling(client, seed_archive):
    everywhere = client.get("/api/search", {"q": "حفتر", "page_size": 100}).json()
    in_sirte = client.get("/api/search", {"q": "حفتر", "place": "sirte", "page_size": 100}).json()
    as_typed = client.get("/api/search", {"q": "حفتر", "exact": "1", "page_size": 100}).json()
    assert 0 < in_sirte["count"] <= everywhere["count"] and as_typed["also_matching"] == []
    for params, data in [({"place": "sirte"}, in_sirte), ({"exact": "1"}, as_typed)]:
        page = search_articles("حفتر", page_size=100, **search_options(QueryDict(urlencode(params))))
        assert [hit["id"] for hit in data["results"]] == [hit.article.pk for hit in page.hits]


@pytest.mark.parametrize(
    "path, parameter",
    [
        ("/api/search", "page"), ("/api/search", "page_size"), ("/api/articles/", "page_size"),
        ("/api/actors/", "page"), ("/api/actors/", "page_size"), ("/api/places/", "page_size"),
    ],
)  # fmt: skip
def test_the_paging_bounds_the_schema_declares_are_the_ones_the_api_enforces(client, dated_archive, path, parameter):
    [declared] = [p["schema"] for p in schema(client)["paths"][path]["get"]["parameters"] if p["name"] == parameter]
    assert declared["type"] == "integer" and declared["minimum"] == 1
    query = {"q": "سرت"} if path == "/api/search" else {}
    assert client.get(path, {**query, parameter: declared["minimum"]}).status_code == 200
    assert client.get(path, {**query, parameter: declared["minimum"] - 1}).status_code in (400, 404)
    assert client.get(path, {**query, parameter: "null"}).status_code in (400, 404)
    assert client.get(path, {**query, parameter: ""}).status_code in (400, 404)
    if "maximum" in declared:
        assert client.get(path, {**query, parameter: declared["maximum"]}).status_code in (200, 404)  # 404: past the last page
        assert client.get(path, {**query, parameter: declared["maximum"] + 1}).status_code == 400


@pytest.mark.parametrize("parameter", ["sort", "exact", "entities", "some_words", "kind"])
def test_the_values_the_schema_declares_for_a_search_option_are_the_ones_the_api_takes(client, dated_archive, parameter):
    [declared] = [p["schema"] for p in schema(client)["paths"]["/api/search"]["get"]["parameters"] if p["name"] == parameter]
    declared = declared.get("items", declared)["enum"]
    tried = {"", "0", "1", "date", "relevance", "x", *Actor.Kind.values}
    taken = {value for value in tried if client.get("/api/search", {"q": "سرت", parameter: value}).status_code == 200}
    assert taken == set(declared)


@pytest.mark.parametrize("path", ["/api/search", "/api/articles/"])
def test_the_repeats_of_a_filter_the_schema_declares_are_the_ones_the_api_takes(client, dated_archive, path):
    [declared] = [p["schema"] for p in schema(client)["paths"][path]["get"]["parameters"] if p["name"] == "source"]
    most = declared["maxItems"]
    sources = [f"الصحيفة {n}" for n in range(most + 1)]
    for source in sources:  # sources articles are from: one no article is from is a 400 of its own
        make_article(f"خبر عن سرت من {source}", source=source)
    assert client.get(path, {"q": "سرت", "source": sources[:most]}).status_code == 200
    assert client.get(path, {"q": "سرت", "source": sources}).status_code == 400
    assert client.get(path, {"q": "سرت", "kind": ["person"] * (most + 1)}).status_code == 400  # counted as sent


def test_an_empty_date_is_ignored_as_the_schema_says(client, dated_archive):
    [declared] = [p["schema"] for p in schema(client)["paths"]["/api/articles/"]["get"]["parameters"] if p["name"] == "from"]
    assert {"maxLength": 0} in declared["anyOf"]
    assert titles(client.get("/api/articles/", {"from": "", "to": ""}).json()) == ["2016", "2014", "2011", "undated"]


def test_every_operation_declares_the_414_of_a_long_url_and_the_503_with_retry_after_of_an_outage(client, db):
    operations = [operation for path in schema(client)["paths"].values() for operation in path.values()]
    assert len(operations) == 7
    for operation in operations:
        assert "414" in operation["responses"]
        unavailable = operation["responses"]["503"]
        assert "Retry-After" in unavailable["headers"]
        body = unavailable["content"]["application/json"]["schema"]
        assert body.get("required") == ["detail"] or {"required": ["detail"]}.items() <= body["anyOf"][-1].items()


def test_the_schema_generates_without_warnings_and_validates(db):
    out = StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json", stdout=out)
    assert json.loads(out.getvalue())["info"]["title"] == "Libya news archive API"


def test_the_schema_is_served_as_yaml_by_default(client, db):
    response = client.get("/api/schema/")
    assert response["Content-Type"].startswith("application/vnd.oai.openapi")
    assert response.content.startswith(b"openapi: 3.")


def test_the_docs_load_only_from_this_site_and_run_no_inline_script_or_style(client, db):
    html = client.get("/api/docs/").content.decode()
    assert "https://" not in html and "http://" not in html, "nothing from a CDN"
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert scripts and all('src="' in attributes and not body.strip() for attributes, body in scripts)
    assert "<style" not in html and "style=" not in html
    assert '<link rel="stylesheet" href="/static/css/swagger_ui.css">' in html
    # In English, as the API's names are, and a way back to the archive.
    assert '<html lang="en" dir="ltr">' in html and '<a href="/">' in html
    for path in re.findall(r'(?:src|href)="/static/([^"]+)"', html):
        assert finders.find(path), f"{path} is not among the static files"
    start_up = client.get("/api/docs/", {"script": ""})
    assert start_up["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in start_up.content.decode()


def test_a_search_that_timed_out_is_a_503_saying_so_not_an_empty_200(client, db, monkeypatch, settings):
    from libya_archive.archive.search import execution

    make_article("قوات حفتر تتقدم نحو سرت.")
    real_matching = execution.matching_articles
    monkeypatch.setattr(
        execution, "matching_articles", lambda *a, **k: real_matching(*a, **k).extra(where=["pg_sleep(0.2) IS NOT NULL"])
    )
    settings.SEARCH_TIMEOUT_MS = 50
    response = client.get("/api/search", {"q": "سرت"})
    assert response.status_code == 503 and response["Retry-After"] == "5"
    body = response.json()
    assert body["timed_out"] is True and body["results"] == [] and "too long" in body["error"]


def test_a_search_says_whether_its_query_was_cut_to_the_limit(client, db):
    make_article("قوات حفتر في سرت.")
    cut = client.get("/api/search", {"q": "سرت " * 130}).json()  # 520 characters
    assert (cut["count"], cut["query_cut"]) == (1, True)
    assert client.get("/api/search", {"q": "سرت"}).json()["query_cut"] is False
    assert client.get("/api/search", {"q": f" سرت{' ' * 600}"}).json()["query_cut"] is False  # white space is no word
    for pasted in ("&amp;amp;quot;سرت&amp;amp;quot;", "<<b>i>سرت"):  # markup, read away, is no word either
        assert client.get("/api/search", {"q": pasted}).json()["query_cut"] is False, pasted


def test_a_search_says_whether_its_count_is_capped(client, db, settings):
    settings.SEARCH_COUNT_LIMIT = 1
    settings.SEARCH_RANK_LIMIT = 1
    settings.SEARCH_FACET_LIMIT = 1
    make_article("قوات حفتر في سرت.")
    make_article("حفتر مرة أخرى في سرت.")
    body = client.get("/api/search", {"q": "سرت"}).json()
    assert (body["count"], body["count_is_capped"], body["timed_out"]) == (1, True, False)
    assert client.get("/api/search", {"q": "سرت", "sort": "date"}).json()["results"][0]["rank"] is None


def test_a_schema_version_with_a_line_break_is_ignored_not_a_500(client, db):
    response = client.get("/api/schema/", {"version": "a\nb"})
    assert response.status_code == 200 and "\n" not in response["Content-Disposition"]


def test_a_page_number_in_date_order_is_a_400_pointing_to_next_not_the_first_page_again(client, dated_archive):
    response = client.get("/api/search", {"q": "سرت", "sort": "date", "page": "2", "page_size": "1"})
    assert response.status_code == 400 and response.json()["error"] == "page: date order is paged by `after`: follow `next`"
    first = client.get("/api/search", {"q": "سرت", "sort": "date", "page": "1", "page_size": "1"}).json()
    second = client.get(first["next"]).json()
    assert [hit["title"] for hit in first["results"] + second["results"]] == ["2016", "2011"]


@pytest.mark.parametrize("zero", ["0", "٠", "\uff10", "\u0966"])
def test_a_search_page_of_zero_in_any_scripts_digits_is_refused(client, dated_archive, zero):
    refused = client.get("/api/search", {"q": "حفتر", "page": zero})
    assert refused.status_code == 400 and refused.json()["errors"] == {"page": [f"must be a positive integer, not {zero!r}"]}

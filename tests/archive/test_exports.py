import csv
import io
import json
import re
from datetime import date

import psycopg
import pytest
from django.db import OperationalError, connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from libya_archive.archive import exports, selectors
from libya_archive.archive.arabic import tokenize
from libya_archive.archive.models import ActorMention, Article
from libya_archive.archive.search import search_articles, search_options
from tests.factories import make_actor, make_article, make_place


def download(client, url: str, params: dict | None = None):
    response = client.get(url, params or {})
    assert response.status_code == 200
    assert response.streaming, "an export must stream, not build the whole file in memory"
    return response, b"".join(response.streaming_content).decode("utf-8")


def csv_rows(text: str) -> list[dict]:
    """The rows of a CSV export, after checking that it ends by saying it is complete."""
    assert text.startswith("\ufeff"), "the byte order mark lets spreadsheets read the Arabic as UTF-8"
    *rows, end = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    assert end == ["#complete", str(len(rows) - 1)]
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def jsonl_records(text: str) -> list[dict]:
    """The records of a JSON Lines export, after checking that it ends by saying it is complete."""
    *records, end = map(json.loads, text.splitlines())
    assert end == {"complete": True, "rows": len(records)}
    return records


@pytest.fixture
def dated_archive(db):
    haftar = make_actor("خليفة حفتر", "حفتر", "Haftar", slug="khalifa-haftar")
    make_actor("معمر القذافي", "القذافي", slug="muammar-gaddafi")
    make_place("سرت", slug="sirte")
    make_place("مصراتة", slug="misrata")
    articles = {
        "old": make_article(
            "القذافي في سرت. ثم قال حفتر كلمته.",
            title="القذافي وحفتر",
            published_on=date(2011, 10, 20),
            source="الوسط",
            url="https://example.org/old",
        ),
        "new": make_article(
            "قوات حفتر تتقدم نحو مصراتة، وحفتر يصرح.", title="حفتر ومصراتة", published_on=date(2016, 5, 10)
        ),
        "undated": make_article("حفتر وحده.", title="حفتر وحده"),
        "other": make_article("لا أحد هنا في مصراتة.", title="مصراتة وحدها", published_on=date(2017, 1, 1)),
    }
    return haftar, articles


def test_the_search_csv_holds_every_match_newest_first_with_its_actors_and_places(client, dated_archive):
    response, text = download(client, "/search/export.csv", {"q": "حفتر", "page": "2"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"search.csv\"; filename*=utf-8''search-%D8%AD%D9%81%D8%AA%D8%B1.csv"
    )
    rows = csv_rows(text)
    assert [row["title"] for row in rows] == ["حفتر ومصراتة", "القذافي وحفتر", "حفتر وحده"]
    old = rows[1]
    assert old == {
        "id": str(dated_archive[1]["old"].pk),
        "title": "القذافي وحفتر",
        "date": "2011-10-20",
        "source": "الوسط",
        "source_label": "الوسط",
        "url": f"http://testserver/articles/{dated_archive[1]['old'].pk}/",
        "source_url": "https://example.org/old",
        "actors": "معمر القذافي; خليفة حفتر",
        "places": "سرت",
    }
    assert rows[0]["places"] == "مصراتة" and rows[2]["date"] == ""


def test_the_export_is_the_whole_result_set_not_one_page(client, db):
    for number in range(45):
        make_article(f"خبر رقم {number} عن سرت", title=f"خبر {number}")
    _, text = download(client, "/search/export.csv", {"q": "سرت"})
    assert len(csv_rows(text)) == 45
    _, lines = download(client, "/search/export.jsonl", {"q": "سرت"})
    assert len(jsonl_records(lines)) == 45


def test_the_search_jsonl_has_one_object_per_article_with_slugs_and_names(client, dated_archive):
    response, text = download(client, "/search/export.jsonl", {"q": "Haftar"})
    assert response["Content-Type"] == "application/jsonl; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="search-haftar.jsonl"'
    records = jsonl_records(text)
    assert [r["title"] for r in records] == ["حفتر ومصراتة", "القذافي وحفتر", "حفتر وحده"]
    assert records[1]["actors"] == [
        {"slug": "muammar-gaddafi", "name": "معمر القذافي"},
        {"slug": "khalifa-haftar", "name": "خليفة حفتر"},
    ]
    assert records[1]["places"] == [{"slug": "sirte", "name": "سرت"}]
    assert records[2]["date"] is None and records[1]["date"] == "2011-10-20"
    assert "حفتر" in text, "JSON Lines is readable UTF-8, not \\u escapes"


def test_the_export_follows_words_only_as_the_search_page_does(client, dated_archive):
    _, everything = download(client, "/search/export.jsonl", {"q": "Haftar"})
    _, words_only = download(client, "/search/export.jsonl", {"q": "Haftar", "entities": "0"})
    assert len(jsonl_records(everything)) == 3 and jsonl_records(words_only) == []


@pytest.mark.parametrize(
    "query_string",
    ["q=حفتر&place=misrata", "q=حفتر&from=2011-01-01&to=2015-12-31", "q=حفتر&exact=1", "q=مصراتة&actor=muammar-gaddafi"],
)
def test_the_export_holds_what_the_search_page_finds_with_its_filters_and_options(client, dated_archive, query_string):
    params = QueryDict(query_string)
    found = search_articles(params["q"], page_size=100, **search_options(params))
    _, text = download(client, f"/search/export.jsonl?{query_string}")
    assert {record["id"] for record in jsonl_records(text)} == {hit.article.pk for hit in found.hits}


@pytest.mark.parametrize(
    "query_string, said",
    [
        ("q=حفتر&place=nowhere", "place: no place with the slug 'nowhere'\n"),
        ("q=حفتر&from=2016-13-01", "from: Enter a valid date.\n"),
        ("q=حفتر&from=2016-01-01&to=2014-01-01", "to: is before from (2016-01-01): no day is in the range; swap them?\n"),
        ("q=حفتر&source=nowhere&kind=nokind", "kind: 'nokind' is not one of person, organisation, armed_group, government, other\n"
         "source: no article is from the source 'nowhere'\n"),
    ],
)
def test_an_export_with_a_filter_it_cannot_apply_is_a_400_naming_it_not_a_file_without_it(client, dated_archive, query_string, said):
    for path in ("/search/export.csv", "/search/export.jsonl"):
        response = client.get(f"{path}?{query_string}")
        assert (response.status_code, response.content.decode()) == (400, said)


def test_an_exact_export_keeps_only_the_spelling_typed(client, dated_archive):
    _, text = download(client, "/search/export.csv", {"q": "حفتر", "exact": "1"})
    assert [row["title"] for row in csv_rows(text)] == ["حفتر ومصراتة", "القذافي وحفتر", "حفتر وحده"]
    _, text = download(client, "/search/export.csv", {"q": "وحفتر", "exact": "1"})
    assert [row["title"] for row in csv_rows(text)] == ["حفتر ومصراتة", "القذافي وحفتر"]  # in body or title


def test_a_query_with_nothing_to_search_exports_the_header_only(client, dated_archive):
    _, text = download(client, "/search/export.csv", {"q": ""})
    assert text == "\ufeffid,title,date,source,source_label,url,source_url,actors,places\r\n#complete,0\r\n"


def test_the_search_page_links_its_exports_for_the_same_query(client, dated_archive):
    html = client.get("/search", {"q": "Haftar", "entities": "0", "page": "1"}).content.decode()
    assert "/search/export.csv" not in html  # nothing found, nothing to download
    html = client.get("/search", {"q": "حفتر", "page": "1"}).content.decode()
    assert 'href="/search/export.csv?q=%D8%AD%D9%81%D8%AA%D8%B1" download' in html
    assert 'href="/search/export.jsonl?q=%D8%AD%D9%81%D8%AA%D8%B1" download' in html
    html = client.get("/search", {"q": "حفتر", "place": "misrata", "sort": "date", "after": "2016-05-10.9"}).content.decode()
    query_string = "q=%D8%AD%D9%81%D8%AA%D8%B1&amp;place=misrata&amp;sort=date"
    assert f'href="/search/export.csv?{query_string}" download' in html


def test_the_search_page_s_exports_go_without_a_date_it_went_without_and_answer_a_file(client, dated_archive):
    html = client.get("/search", {"q": "حفتر", "from": "2016-13-01", "to": "2016-12-31"}).content.decode()
    link = re.search(r'href="(/search/export\.csv\?[^"]*)" download', html)[1].replace("&amp;", "&")
    assert link == "/search/export.csv?q=%D8%AD%D9%81%D8%AA%D8%B1&to=2016-12-31"
    response = client.get(link)
    assert response.status_code == 200 and [row["title"] for row in csv_rows(b"".join(response.streaming_content).decode())] == [
        "حفتر ومصراتة", "القذافي وحفتر",
    ]  # fmt: skip


def test_the_mentions_csv_lists_every_mention_with_its_place_and_context(client, dated_archive):
    haftar, articles = dated_archive
    response, text = download(client, "/actors/khalifa-haftar/mentions.csv")
    assert response["Content-Disposition"] == 'attachment; filename="khalifa-haftar-mentions.csv"'
    rows = csv_rows(text)
    assert len(rows) == ActorMention.objects.filter(actor=haftar).count() == 4
    new = articles["new"]
    assert rows[0] == {
        "article_id": str(new.pk),
        "title": "حفتر ومصراتة",
        "date": "2016-05-10",
        "url": f"http://testserver/articles/{new.pk}/",
        "start": "5",
        "end": "9",
        "before": "قوات ",
        "mention": "حفتر",
        "after": " تتقدم نحو مصراتة، وحفتر يصرح",
    }
    assert (rows[1]["before"], rows[1]["after"]) == ("قوات حفتر تتقدم نحو مصراتة، و", " يصرح")
    for row in rows:
        body = Article.objects.get(pk=row["article_id"]).body
        assert body[int(row["start"]) : int(row["end"])] == row["mention"]
    assert [row["title"] for row in rows][-1] == "حفتر وحده"  # undated last


def test_a_mentions_csv_after_a_cursor_that_is_none_is_a_400_not_the_whole_file_again(client, dated_archive):
    response = client.get("/actors/khalifa-haftar/mentions.csv", {"after": "garbage"})
    assert response.status_code == 400
    assert response.content.decode().startswith("after: not a cursor of this file; follow the #continued link as given")


def test_a_place_has_a_mentions_csv_too_and_its_pages_link_it(client, dated_archive):
    _, text = download(client, "/places/misrata/mentions.csv")
    assert [row["title"] for row in csv_rows(text)] == ["مصراتة وحدها", "حفتر ومصراتة"]
    for page in ["/places/misrata/", "/places/misrata/mentions/"]:
        assert 'href="/places/misrata/mentions.csv" download' in client.get(page).content.decode(), page
    for page in ["/actors/khalifa-haftar/", "/actors/khalifa-haftar/mentions/"]:
        assert 'href="/actors/khalifa-haftar/mentions.csv" download' in client.get(page).content.decode(), page


def test_the_mentions_csv_gives_the_lines_the_mentions_page_shows_its_mention_the_exact_span(client, dated_archive):
    _, text = download(client, "/actors/khalifa-haftar/mentions.csv")
    html = client.get("/actors/khalifa-haftar/mentions/").content.decode()
    shown = re.findall(r'<td class="before"><span dir="rtl">(.*?)</span></td><td class="hit"><mark>(.*?)</mark></td><td class="after">(.*?)</td>', html)
    rows = csv_rows(text)
    assert ["".join(line) for line in shown] == [row["before"] + row["mention"] + row["after"] for row in rows]
    # The page shows «وحفتر» whole; the download gives the name's span without its و.
    assert (shown[1][1], rows[1]["mention"]) == ("وحفتر", "حفتر")


def test_the_mentions_csv_reads_a_long_article_once_for_all_its_mentions(client, db, monkeypatch):
    make_actor("خليفة حفتر", "حفتر", slug="khalifa-haftar")
    make_article(" ".join(["قال حفتر كلمته."] * 40))
    calls = []
    monkeypatch.setattr(selectors.entities, "tokenize", lambda text: calls.append(text) or tokenize(text))
    _, text = download(client, "/actors/khalifa-haftar/mentions.csv")
    assert len(csv_rows(text)) == 40 and len(calls) == 1


def test_an_unknown_entity_has_no_mentions_csv(client, db):
    assert client.get("/actors/nobody/mentions.csv").status_code == 404


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_defused(client, db):
    make_actor("خليفة حفتر", "حفتر", slug="khalifa-haftar")
    make_article("حفتر في سرت", title='=HYPERLINK("http://evil.example","انقر")')
    _, text = download(client, "/search/export.csv", {"q": "حفتر"})
    assert csv_rows(text)[0]["title"] == '\'=HYPERLINK("http://evil.example","انقر")'
    _, text = download(client, "/search/export.jsonl", {"q": "حفتر"})
    assert jsonl_records(text)[0]["title"] == '=HYPERLINK("http://evil.example","انقر")'  # JSON keeps the exact text


@pytest.mark.parametrize("page", [1, 2, 3])
def test_a_search_export_read_in_pages_holds_every_match_once_newest_first_undated_last(client, db, monkeypatch, page):
    for day, number in [(date(2016, 5, 10), 1), (date(2016, 5, 10), 2), (date(2011, 10, 20), 3), (None, 4), (None, 5)]:
        make_article(f"خبر رقم {number} عن سرت.", title=f"الخبر {number}", published_on=day)
    monkeypatch.setattr(exports, "CHUNK_SIZE", page)
    _, text = download(client, "/search/export.csv", {"q": "سرت"})
    assert [row["title"] for row in csv_rows(text)] == ["الخبر 2", "الخبر 1", "الخبر 3", "الخبر 5", "الخبر 4"]


def test_the_search_export_reads_its_rows_a_page_at_a_time_not_one_by_one(client, db, monkeypatch):
    """Memory stays flat and each statement is short: the rows come a page at a time, each
    page a statement after the last one's place, with none per row."""
    make_actor("خليفة حفتر", "حفتر", slug="khalifa-haftar")
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)
    statements = []
    for articles in (3, 30):
        while Article.objects.count() < articles:
            make_article(f"حفتر في الخبر رقم {Article.objects.count()}، ثم حفتر مرة أخرى.")
        download(client, "/search/export.csv", {"q": "حفتر"})  # the first search of a process reads the gazetteer
        with CaptureQueriesContext(connection) as queries:
            _, text = download(client, "/search/export.csv", {"q": "حفتر"})
        assert len(csv_rows(text)) == articles
        statements.append([query["sql"] for query in queries])
    pages = [[sql for sql in run if sql.endswith("LIMIT 2")] for run in statements]
    assert [len(run) for run in pages] == [2, 16]  # 2 + 1 rows; 15 pages of 2 and the empty one after
    assert len(statements[0]) - len(pages[0]) == len(statements[1]) - len(pages[1])


def test_the_mentions_csv_reads_its_articles_a_page_at_a_time_not_one_by_one(client, db, monkeypatch):
    """Memory stays flat, and no statement reads every article of an actor named in thousands."""
    make_actor("خليفة حفتر", "حفتر", slug="khalifa-haftar")
    monkeypatch.setattr(exports, "CHUNK_SIZE", 10)
    for number in range(25):
        make_article(f"حفتر في الخبر رقم {number}، ثم حفتر مرة أخرى.")
    with CaptureQueriesContext(connection) as queries:
        _, text = download(client, "/actors/khalifa-haftar/mentions.csv")
    assert len(csv_rows(text)) == 50
    pages = [query["sql"] for query in queries if "LIMIT 11" in query["sql"]]
    assert len(pages) == 3


def mention_parts(client, url: str) -> list[list[list[str]]]:
    """The rows of each part of a mentions export, following each part's link to the next;
    every part but the last ends by naming the next, the last by saying it is complete."""
    parts = []
    while url:
        _, text = download(client, url)
        header, *rows, end = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
        assert header == exports.MENTION_FIELDS
        if end[0] == "#continued":
            assert end[1] == str(len(rows))
            url = end[2].removeprefix("http://testserver")
        else:
            assert end == ["#complete", str(len(rows))]
            url = ""
        parts.append(rows)
    return parts


def test_a_mentions_csv_past_the_request_deadline_stops_after_an_article_and_links_the_rest(client, dated_archive, settings):
    """An actor named in thousands of articles holds a worker no longer than any request:
    each part ends at the deadline, after the article it was writing, and the parts
    together are the whole export, in order, each mention once."""
    _, whole = download(client, "/actors/khalifa-haftar/mentions.csv")
    settings.REQUEST_TIMEOUT_MS = 0
    parts = mention_parts(client, "/actors/khalifa-haftar/mentions.csv")
    assert [len(rows) for rows in parts] == [2, 1, 1]  # one article each: the newest names Haftar twice
    assert [row for rows in parts for row in rows] == list(csv.reader(io.StringIO(whole.removeprefix("\ufeff"))))[1:-1]
    assert len({row[0] for rows in parts for row in rows}) == 3


def test_a_mentions_csv_continued_from_the_last_article_is_complete_with_nothing_after_it(client, dated_archive):
    haftar, articles = dated_archive
    _, text = download(client, f"/actors/khalifa-haftar/mentions.csv?after={articles['undated'].cursor}")
    assert text.endswith("#complete,0\r\n")


def test_an_export_cut_short_by_a_failing_read_lacks_the_end_line(client, db, monkeypatch):
    make_actor("خليفة حفتر", "حفتر", slug="khalifa-haftar")
    for number in range(3):
        make_article(f"حفتر في الخبر رقم {number}")

    def rows_then_failure(request, query, options):
        yield from list(exports_search_rows(request, query, options))[:2]
        raise OperationalError("canceling statement due to statement timeout")

    exports_search_rows = exports.search_export_rows
    monkeypatch.setattr(exports, "search_export_rows", rows_then_failure)
    response = client.get("/search/export.jsonl", {"q": "حفتر"})
    received = []
    with pytest.raises(OperationalError):
        for part in response.streaming_content:
            received.append(part)
    text = b"".join(received).decode()
    assert '"complete"' not in text and len(text.splitlines()) <= 2


def test_exports_and_the_api_name_a_paper_as_the_pages_do_beside_the_id_its_files_give(client, db):
    make_article("خبر عن سرت من عكاظ.", title="خبر عكاظ", source="okaz")
    _, text = download(client, "/search/export.csv", {"q": "سرت"})
    assert [(row["source"], row["source_label"]) for row in csv_rows(text)] == [("okaz", "صحيفة عكاظ")]
    hit = client.get("/api/search", {"q": "سرت"}).json()["results"][0]
    assert (hit["source"], hit["source_label"]) == ("okaz", "صحيفة عكاظ")


@pytest.mark.parametrize("path", ["/search/export.csv", "/search/export.jsonl"])
def test_a_search_export_the_database_cannot_read_in_time_says_it_stopped(
    client, transactional_db, monkeypatch, settings, path
):
    make_article("سرت في الصيف.")
    # Each row costs half a second to read, five times the requests' statement timeout.
    settings.REQUEST_TIMEOUT_MS = 100
    slow = Article.objects.extra(where=["pg_sleep(0.5) IS NOT NULL"])
    monkeypatch.setattr(exports, "search_matches", lambda query, **options: (None, slow))
    try:
        last = b"".join(client.get(path, {"q": "سرت"}).streaming_content).decode().splitlines()[-1]
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET statement_timeout")
    if path.endswith(".csv"):
        assert next(csv.reader([last]))[:2] == ["#stopped", "0"]
    else:
        assert json.loads(last) == {"complete": False, "rows": 0, "stopped": exports.STOPPED_REASON}


def test_a_search_export_holds_no_transaction_open_while_its_client_reads(client, transactional_db, monkeypatch):
    for number in range(5):
        make_article(f"سرت في الخبر رقم {number}.")
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)
    monkeypatch.setattr(exports, "SEND_SIZE", 1)  # each line sent as it is written
    parts = iter(client.get("/search/export.csv", {"q": "سرت"}).streaming_content)
    next(parts), next(parts)  # the header and the first row: a client reading slowly
    # Idle, as between two requests: a transaction left open would hold its locks (a
    # migration, a bulk import's index rebuild waiting) as long as the client took.
    assert connection.connection.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
    assert b"".join(parts).decode().splitlines()[-1] == "#complete,5"

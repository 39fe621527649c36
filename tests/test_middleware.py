import time

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory

from libya_archive.archive import selectors
from libya_archive.middleware import CONTENT_SECURITY_POLICY, ContentSecurityPolicyMiddleware


def test_pages_and_the_admin_carry_the_content_security_policy(client, db):
    for url in ["/", "/admin/login/", "/static/css/archive.css"]:
        policy = client.get(url)["Content-Security-Policy"]
        assert policy == CONTENT_SECURITY_POLICY, url
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy


def test_a_policy_a_view_set_itself_is_kept():
    def view(request):
        return HttpResponse(headers={"Content-Security-Policy": "default-src 'none'"})

    response = ContentSecurityPolicyMiddleware(view)(RequestFactory().get("/"))
    assert response["Content-Security-Policy"] == "default-src 'none'"


def test_the_api_speaks_english_and_the_site_arabic(client, db):
    assert client.get("/api/actors/", {"page": "999"}).json() == {"detail": "page 999 is past the last page, 1"}
    assert client.get("/api/articles/", {"from": "2015-13-01"}).json()["errors"] == {"from": ["Enter a valid date."]}
    assert "ليس تاريخًا صحيحًا" in client.get("/search", {"q": "سرت", "from": "2015-13-01"}).content.decode()


def test_nul_characters_in_a_query_string_never_reach_the_database(client, db):
    for url, params in [("/api/articles/", {"place": "sir\x00te"}), ("/search", {"q": "سرت\x00", "actor": "x\x00"})]:
        assert client.get(url, params).status_code in (200, 400)


@pytest.mark.parametrize("path", ["/actors/%00/", "/places/a%00/mentions/", "/actors/isis%00/mentions.csv", "/api/actors/%00isis/"])
def test_an_address_holding_a_nul_character_is_no_page(client, db, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    "params",
    [
        {"q": "ليبيا", "added_since": "0001-01-01 00:00:00"},
        {"q": "ليبيا", "added_since": "9999-12-31T23:00-05:00"},
    ],
)
def test_a_moment_beyond_the_calendar_is_refused_with_a_message_not_an_error(client, db, params):
    assert client.get("/search", params).status_code == 200
    refused = client.get("/api/search", params)
    assert refused.status_code == 400 and refused.json()["error"].startswith("added_since:")
    assert client.get("/feeds/search/", params).status_code == 200


@pytest.fixture
def server_deadline_after():
    """The tests below shorten the connection's deadline: the database's cleanup after them
    runs under the server's own."""
    yield
    with connection.cursor() as cursor:
        cursor.execute("RESET statement_timeout")


def sleeping_page(*args, **kwargs):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(2)")


def test_a_page_whose_statement_runs_past_the_deadline_is_stopped_with_a_503_that_says_so(
    transactional_db, settings, monkeypatch, server_deadline_after
):
    settings.REQUEST_TIMEOUT_MS = 200
    monkeypatch.setattr(selectors, "newest_articles", sleeping_page)
    client = Client()  # after the setting: its middleware gives the connection the deadline
    started = time.monotonic()
    page = client.get("/articles/")
    assert page.status_code == 503 and page["Retry-After"]
    assert "استغرق الطلب وقتًا أطول من المسموح" in page.content.decode()
    answer = client.get("/api/articles/")
    assert answer.status_code == 503 and answer["Retry-After"]
    assert answer.json() == {"detail": "The request took longer than allowed and was stopped."}
    assert time.monotonic() - started < 2


def test_every_connection_a_request_opens_has_the_deadline(transactional_db, settings, server_deadline_after):
    settings.REQUEST_TIMEOUT_MS = 1234
    client = Client()
    connection.close()
    assert client.get("/articles/").status_code == 200
    with connection.cursor() as cursor:  # the connection the request opened
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "1234ms"

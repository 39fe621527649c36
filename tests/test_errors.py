import pytest
from django.test import Client, override_settings


def test_a_missing_page_is_an_arabic_page_in_the_site_layout(client, db):
    response = client.get("/articles/999999/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "الصفحة غير موجودة" in html
    assert 'action="/search"' in html  # the site's search form, to look again


def test_a_path_under_the_api_that_no_route_takes_answers_json(client, db):
    response = client.get("/api/places/tripoli.old/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


def answer_when_broken(client, monkeypatch, function: str, url: str, params=None):
    """The response to a request during which `function` (a dotted path) fails with a bug."""

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(function, broken)
    client.raise_request_exception = False
    with override_settings(DEBUG=False):
        return client.get(url, params)


def test_a_server_error_is_an_arabic_page(client, db, monkeypatch):
    response = answer_when_broken(client, monkeypatch, "libya_archive.archive.views.render", "/articles/")
    assert response.status_code == 500
    assert '<html lang="ar" dir="rtl">' in response.content.decode()
    assert "حدث خطأ في الخادم" in response.content.decode()


def test_a_server_error_under_the_api_answers_json(client, db, monkeypatch):
    response = answer_when_broken(client, monkeypatch, "libya_archive.api.views.search_articles", "/api/search", {"q": "سرت"})
    assert response.status_code == 500
    assert response.json() == {"detail": "Server error."}


def test_a_write_without_the_forms_token_is_refused_on_an_arabic_page_in_the_sites_style(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "ed", "password": "pw"})
    html = response.content.decode()
    assert response.status_code == 403
    assert '<html lang="ar" dir="rtl">' in html and "<h1>رُفض الطلب</h1>" in html
    assert "/static/css/archive.css" in html and "<style" not in html  # the site's own style, allowed by its policy


@pytest.mark.parametrize("path", ["/", "/about/", "/search?q=سرت", "/actors/", "/places/map/", "/search/export.csv?q=سرت", "/feeds/search/?q=سرت"])
@pytest.mark.parametrize("method", ["post", "put", "delete", "options"])
def test_a_page_that_only_reads_answers_another_method_with_a_405_naming_get_and_head(db, path, method):
    response = getattr(Client(enforce_csrf_checks=True), method)(path)
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"

from django.http import HttpResponse
from django.test import RequestFactory

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


def test_nul_characters_in_a_query_string_never_reach_the_database(client, db):
    for url, params in [("/api/articles/", {"place": "sir\x00te"}), ("/search", {"q": "سرت\x00", "actor": "x\x00"})]:
        assert client.get(url, params).status_code in (200, 400)

import re

from django.contrib.auth.models import User

from libya_archive.archive import services
from tests.factories import make_actor, make_article


def test_an_old_slug_two_records_held_in_turn_leads_to_the_newest_not_a_500(client, db):
    first = make_actor("خليفة حفتر", slug="haftar")
    first.former_slugs = ["marshal"]
    first.save()
    second = make_actor("حفتر", slug="haftar-2")
    second.former_slugs = ["marshal"]
    second.save()
    response = client.get("/actors/marshal/mentions/", {"after": "x"})
    assert (response.status_code, response["Location"]) == (301, "/actors/haftar-2/mentions/?after=x")
    assert client.get("/actors/never-was/").status_code == 404


def merged_haftar():
    """A second record of Haftar (haftar-in-full) merged into the first, an article naming each, one neither."""
    haftar = make_actor("خليفة حفتر", slug="khalifa-haftar")
    twin = make_actor("خليفة بلقاسم حفتر", slug="haftar-in-full")
    make_article("وصل خليفة حفتر إلى سرت.", title="تقدم في سرت")
    make_article("قال خليفة بلقاسم حفتر إن سرت آمنة.", title="سرت آمنة")
    make_article("سرت هادئة اليوم.", title="هدوء في سرت")
    services.entity_merge(haftar, [twin])


def test_a_search_filtered_by_a_merged_records_old_slug_is_the_same_search_by_the_record_now(client, db):
    merged_haftar()
    response = client.get("/search", {"q": "سرت", "actor": "haftar-in-full"})
    assert (response.status_code, response["Location"]) == (302, "/search?q=%D8%B3%D8%B1%D8%AA&actor=khalifa-haftar")
    html = client.get(response["Location"]).content.decode()
    assert re.findall(r'class="title" href="[^"]+">(.*?)</a>', html) == ["سرت آمنة", "تقدم في سرت"]
    api = client.get("/api/search", {"q": "سرت", "actor": "haftar-in-full"}).json()
    assert [hit["title"] for hit in api["results"]] == ["سرت آمنة", "تقدم في سرت"]


def test_a_saved_search_by_a_merged_records_old_slug_follows_the_merge(client, db):
    merged_haftar()
    client.force_login(User.objects.create_user("reader", password="a-long-reader-password"))
    client.post("/saved/save/", {"query_string": "q=سرت&actor=haftar-in-full"})
    page = client.get("/saved/").content.decode()
    assert re.findall(r'<ul class="chips saved-filters"[^>]*>(.*?)</ul>', page) == ["<li><bdi>خليفة حفتر</bdi></li>"]


def test_a_former_slug_beside_one_that_names_nothing_is_followed_and_the_other_still_reported(client, db):
    merged_haftar()
    response = client.get("/search", {"q": "سرت", "actor": ["haftar-in-full", "no-such-actor"]})
    assert response["Location"] == "/search?q=%D8%B3%D8%B1%D8%AA&actor=khalifa-haftar&actor=no-such-actor"
    html = client.get(response["Location"]).content.decode()
    assert "بُحث دون الفاعل «<bdi>no-such-actor</bdi>»" in html
    assert re.findall(r'class="title" href="[^"]+">(.*?)</a>', html) == ["سرت آمنة", "تقدم في سرت"]

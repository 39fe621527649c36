"""The map of all places (/places/map/): each place an article names a circle linking to its
page, its area by how many articles name it, on Libya and its neighbours or on the world."""

import re

import pytest
from django.core.exceptions import ValidationError

from libya_archive.archive.models import Place
from libya_archive.archive.services import unique_slug
from tests.factories import make_article, make_place


@pytest.fixture
def named_places(db):
    for slug, name, latitude, longitude in (
        ("sirte", "سرت", 31.2089, 16.5887),
        ("tripoli", "طرابلس", 32.8872, 13.1913),
        ("moscow", "موسكو", 55.7558, 37.6173),
        ("benghazi", "بنغازي", 32.1167, 20.0667),
        ("wadi", "وادي بي", None, None),
    ):
        make_place(name, slug=slug)
        Place.objects.filter(slug=slug).update(latitude=latitude, longitude=longitude)
    for text in ("معركة في سرت.", "سرت وطرابلس.", "سرت وموسكو.", "من موسكو إلى سرت.", "وادي بي صامت."):
        make_article(text)


def circles(html: str, title: str) -> dict[str, tuple[str, float]]:
    """slug → (what its circle's title says, its radius), on the map headed `title`."""
    start = html.index(f'aria-label="{title}"')
    drawn = html[start : html.index("</svg>", start)]
    found = re.findall(
        r'<a href="/places/([^/]+)/"><title>([^<]*)</title><circle class="place-dot(?: area)?" cx="[\d.]+" cy="[\d.]+" r="([\d.]+)"/></a>',
        drawn,
    )
    return {slug: (said, float(radius)) for slug, said, radius in found}


def test_each_named_place_is_a_circle_linking_to_its_page_larger_the_more_articles_name_it(client, named_places):
    html = client.get("/places/map/").content.decode()
    libya, world = circles(html, "ليبيا وجوارها"), circles(html, "العالم: الأماكن خارج خريطة ليبيا")
    assert {slug: said for slug, (said, _) in libya.items()} == {
        "sirte": "سرت: في 4 مقالات",
        "tripoli": "طرابلس: في مقالة واحدة",
    }
    assert {slug: said for slug, (said, _) in world.items()} == {"moscow": "موسكو: في مقالتين"}
    # One scale on both maps: the most named the largest, the least the smallest.
    assert libya["sirte"][1] > world["moscow"][1] > libya["tripoli"][1]
    # Benghazi, named by no article, is not drawn; a place without coordinates is listed instead.
    assert "benghazi" not in html
    assert '<h2>أماكن بلا إحداثيات</h2>\n<ul class="chips"><li><a href="/places/wadi/">وادي بي</a></li></ul>' in html
    # The names of the largest circles are written beside them.
    assert re.findall(r'<text x="[\d.]+" y="[\d.]+" text-anchor="\w+">([^<]+)</text>', html) == ["سرت", "طرابلس", "موسكو"]


def test_the_maps_key_shows_the_circles_of_the_largest_a_quarter_of_it_and_one_article(client, named_places):
    for number in range(12):
        make_article(f"سرت مرة أخرى {number}.")
    make_article("موسكو مرة ثالثة.")
    make_article("موسكو مرة رابعة.")
    html = client.get("/places/map/").content.decode()
    key = re.search(r'<ul class="legend map-legend" aria-label="مفتاح الخريطة">(.*?)</ul>', html, re.S)[1]
    shown = re.findall(r'r="([\d.]+)"/></svg> ([^<]+(?:<bdi>\d+</bdi>[^<]*)?)</li>', key)
    assert [said for _, said in shown] == ["في <bdi>16</bdi> مقالة", "في <bdi>4</bdi> مقالات", "في مقالة واحدة"]
    # Each circle of the key is as large as a place's named as often.
    drawn = circles(html, "ليبيا وجوارها") | circles(html, "العالم: الأماكن خارج خريطة ليبيا")
    assert [float(radius) for radius, _ in shown] == [drawn["sirte"][1], drawn["moscow"][1], drawn["tripoli"][1]]


def test_a_region_or_a_sea_is_drawn_as_an_area_at_its_centre_and_the_key_says_so(
    client, named_places, django_assert_max_num_queries
):
    assert "منطقة أو بحر" not in client.get("/places/map/").content.decode()
    for slug, name, kind, latitude, longitude in (
        ("north-africa", "شمال أفريقيا", Place.Kind.REGION, 27.0, 17.0),
        ("mediterranean", "البحر المتوسط", Place.Kind.SEA, 35.0, 18.0),
    ):
        make_place(name, slug=slug, kind=kind)
        Place.objects.filter(slug=slug).update(latitude=latitude, longitude=longitude)
    make_article("شمال أفريقيا والبحر المتوسط وسرت.")
    # The archive's editions, the places drawn (their kinds with them), the places without coordinates.
    with django_assert_max_num_queries(3):
        html = client.get("/places/map/").content.decode()
    drawn = dict(re.findall(r'<a href="/places/([^/]+)/"><title>[^<]*</title><circle class="([^"]+)"', html))
    assert drawn == {
        "sirte": "place-dot",
        "tripoli": "place-dot",
        "moscow": "place-dot",
        "north-africa": "place-dot area",
        "mediterranean": "place-dot area",
    }
    key = re.search(r'<ul class="legend map-legend" aria-label="مفتاح الخريطة">(.*?)</ul>', html, re.S)[1]
    assert '<circle class="place-dot area" cx="15" cy="15" r="10"/></svg> منطقة أو بحر: الدائرة عند وسطه، لا حدوده</li>' in key


def test_the_map_draws_the_most_named_places_up_to_a_limit_and_says_so(client, named_places, settings):
    settings.PLACES_MAP_LIMIT = 2
    html = client.get("/places/map/").content.decode()
    assert "على الخريطة المكانان الأكثر ذكرًا وحدهما." in html
    assert set(circles(html, "ليبيا وجوارها")) == {"sirte"} and set(circles(html, "العالم: الأماكن خارج خريطة ليبيا")) == {
        "moscow"
    }


def test_the_places_list_links_to_the_map_and_an_empty_archive_has_a_map_saying_so(client, db):
    assert 'href="/places/map/"' in client.get("/places/").content.decode()
    assert "لا تذكر أي مقالة مكانًا له إحداثيات بعد." in client.get("/places/map/").content.decode()


def test_no_place_can_take_the_maps_address(db):
    assert unique_slug(Place, "Map") == "map-2"
    with pytest.raises(ValidationError, match="عنوان صفحة خريطة الأماكن"):
        Place(name="خريطة", slug="map").full_clean()


def test_a_place_on_the_edge_of_a_map_is_drawn_whole(client, db):
    make_place("لامبيدوزا", slug="lampedusa")
    Place.objects.filter(slug="lampedusa").update(latitude=35.0, longitude=12.6)  # the Libya map's northern edge
    make_article("وصل المهاجرون إلى لامبيدوزا.")
    html = client.get("/places/map/").content.decode()
    drawn = html[html.index('class="place-map places-map"') :]
    _, top, width, height = map(float, re.search(r'viewBox="([^"]+)"', drawn)[1].split())
    x, y, radius = map(float, re.search(r'<circle class="place-dot" cx="([\d.]+)" cy="([\d.]+)" r="([\d.]+)"/>', drawn).groups())
    assert top <= y - radius and y + radius <= top + height
    assert x == pytest.approx((12.6 - 8.0) / (27.0 - 8.0) * width, abs=0.1)  # moved in, not along the edge


def test_a_name_with_no_room_beside_its_circle_is_written_above_or_below_it(client, db):
    # The most named place by the world map's western edge, another close to its east.
    for slug, name, longitude, times in (("alaska", "ألاسكا", -160.0, 3), ("yukon", "يوكون", -140.0, 1)):
        make_place(name, slug=slug)
        Place.objects.filter(slug=slug).update(latitude=60.0, longitude=longitude)
        for number in range(times):
            make_article(f"خبر من {name} رقم {number}.")
    html = client.get("/places/map/").content.decode()
    labels = re.findall(r'<text x="[\d.]+" y="[\d.]+" text-anchor="(\w+)">([^<]+)</text>', html)
    assert {name: anchor for anchor, name in labels} == {"ألاسكا": "middle", "يوكون": "start"}


def test_the_places_drawn_without_their_name_are_listed_under_the_map_by_name(client, named_places, monkeypatch):
    monkeypatch.setattr("libya_archive.archive.maps.LABELS_PER_MAP", 1)
    html = client.get("/places/map/").content.decode()
    unnamed = re.findall(r'<ul class="chips unnamed-places">(.*?)</ul>', html, re.S)
    listed = [re.findall(r'<a href="/places/([^/]+)/">([^<]+)</a> <bdi class="meta">(\d+)</bdi>', chips) for chips in unnamed]
    assert listed == [[("tripoli", "طرابلس", "1")]]  # Sirte named on Libya's map, Moscow alone on the world's

import io
from datetime import date

import pytest

from libya_archive.archive.formats import Unreadable
from libya_archive.archive.formats.warc import Capture, captures, count_pages
from tests.archive.formats.news_pages import drupal, story, wordpress


def warc(*responses: tuple[str, str, bytes, str], gzip: bool = True) -> bytes:
    """A web archive as a crawler writes it: a warcinfo record, then for each (url, content
    type, body, status) a request and its response, all captured on 2024-03-05."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzip)
    writer.write_record(writer.create_warcinfo_record("crawl.warc.gz", {"software": "test"}))
    for url, content_type, body, status in responses:
        when = {"WARC-Date": "2024-03-05T10:00:00Z"}
        request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.org")], is_http_request=True)
        writer.write_record(writer.create_warc_record(url, "request", http_headers=request, warc_headers_dict=when))
        headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers, warc_headers_dict=when)
        )
    return out.getvalue()


def undated_page() -> bytes:
    """A Drupal page with its date field taken out: the page states no date."""
    page = drupal(story(3)).decode()
    start = page.index('<div class="field field-name-field-date">')
    return (page[:start] + page[page.index("</div>", start) + 6 :]).encode()


def test_every_html_page_of_a_web_archive_is_read_with_its_record_number():
    archive = warc(
        ("https://alahrar.example/story-0/", "text/html; charset=utf-8", wordpress(story(0)), "200 OK"),
        ("https://example.org/logo.png", "image/png", b"\x89PNG\r\n", "200 OK"),
        ("https://example.org/gone", "text/html", b"<html><body>not found</body></html>", "404 Not Found"),
        ("https://drupal.example/node/3", "text/html", undated_page(), "200 OK"),
    )
    found = list(captures(io.BytesIO(archive), max_bytes=5 * 1024 * 1024))
    assert [number for number, _ in found] == [3, 9]  # warcinfo 1, then a request and a response per capture
    first, second = (capture for _, capture in found)
    assert first == Capture(wordpress(story(0)), "https://alahrar.example/story-0/", date(2024, 3, 5))
    assert second.url == "https://drupal.example/node/3"
    assert count_pages(io.BytesIO(archive)) == 2


def test_an_uncompressed_web_archive_reads_the_same():
    archive = warc(("https://alahrar.example/story-0/", "text/html", wordpress(story(0)), "200 OK"), gzip=False)
    assert [number for number, _ in captures(io.BytesIO(archive), max_bytes=10**6)] == [3]


def test_a_page_too_large_is_reported_by_its_record_and_the_rest_read():
    archive = warc(
        ("https://example.org/huge", "text/html", b"<html>" + b"x" * 200_000 + b"</html>", "200 OK"),
        ("https://alahrar.example/story-0/", "text/html", wordpress(story(0)), "200 OK"),
    )
    (huge_number, huge), (page_number, page) = captures(io.BytesIO(archive), max_bytes=100_000)
    assert (huge_number, page_number) == (3, 5)
    assert str(huge) == "the page is larger than 0.0954 MB"
    assert isinstance(page, Capture)


@pytest.mark.parametrize("gzip", [True, False])
def test_a_web_archive_cut_short_gives_the_pages_before_the_cut_and_names_the_cut_one(gzip):
    pages = [(f"https://alahrar.example/story-{n}/", "text/html", wordpress(story(n)), "200 OK") for n in range(3)]
    archive = warc(*pages, gzip=gzip)
    found = list(captures(io.BytesIO(archive[: len(archive) - 2000]), max_bytes=10**6))
    assert [type(capture) for _, capture in found] == [Capture, Capture, Unreadable]
    assert found[2] == (7, found[2][1]) and str(found[2][1]) == "the archive ends inside this record (the file is cut short)"


def test_a_file_that_is_no_web_archive_is_reported_as_such():
    with pytest.raises(Unreadable, match="not a readable WARC file at its start"):
        list(captures(io.BytesIO(b"<html>a saved page, misnamed</html>"), max_bytes=10**6))

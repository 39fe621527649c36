"""A saved web page → its article: the main text without menus, comments, related links and
footers, the title, author, publication and canonical address, by trafilatura
(https://trafilatura.readthedocs.io), which is made for news pages; and the date it was
published, found here.

The date is read only where a page states it for machines or beside the byline: the
publishing meta tags, JSON-LD, the article's <time datetime>, a date in its address, or a
date written in Arabic in a date or byline element. trafilatura's own guess (htmldate) was
not taken: a footer's "last updated 2025-01-03" won over the article's <time> element, and
an undated article is better than one filed under the wrong day.
"""

import copy
import json
import re
from datetime import date
from email.utils import parsedate_to_datetime

from libya_archive.archive.arabic import western_digits
from libya_archive.archive.formats import Extracted, Unreadable

# Meta tags that carry the date an article was first published (name, property or itemprop).
_DATE_META = [
    "article:published_time", "og:published_time", "datepublished", "date_published", "publishdate",
    "publish_date", "published_time", "pubdate", "publication_date", "dc.date.issued", "dcterms.issued",
    "dc.date", "dcterms.date", "date", "sailthru.date", "parsely-pub-date", "citation_publication_date",
]  # fmt: skip

# Elements whose class or id says they hold the date or the byline.
_DATE_ELEMENT = re.compile(r"date|time|byline|publish|posted|meta-info|article-info|تاريخ", re.IGNORECASE)

# The Gregorian months as Egypt and the Gulf, the Levant and Iraq, and the Maghreb name them.
_MONTHS = {
    "يناير": 1, "جانفي": 1, "كانون الثاني": 1, "فبراير": 2, "فيفري": 2, "شباط": 2, "مارس": 3, "آذار": 3,
    "أبريل": 4, "ابريل": 4, "إبريل": 4, "أفريل": 4, "نيسان": 4, "مايو": 5, "ماي": 5, "أيار": 5,
    "يونيو": 6, "يونيه": 6, "جوان": 6, "حزيران": 6, "يوليو": 7, "يوليه": 7, "جويلية": 7, "تموز": 7,
    "أغسطس": 8, "اغسطس": 8, "أوت": 8, "آب": 8, "سبتمبر": 9, "أيلول": 9, "أكتوبر": 10, "اكتوبر": 10,
    "تشرين الأول": 10, "نوفمبر": 11, "تشرين الثاني": 11, "ديسمبر": 12, "كانون الأول": 12,
}  # fmt: skip
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_ARABIC_DATE = re.compile(rf"\b(\d{{1,2}})\s+({_MONTH_NAMES})\s*،?\s*(\d{{4}})")
_NUMERIC_DATE = re.compile(r"\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b|\b(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\b")
_URL_DATE = re.compile(r"/(\d{4})[/-](\d{2})[/-](\d{2})(?:/|-|$)")
_TITLE_SEPARATOR = re.compile(r"\s+[-|–—:»«]+\s+|\s*[:|]\s+")
_BYLINE_WORD = re.compile(r"^(?:بقلم|كتب|كتبت|إعداد|تقرير|by)\s*:?\s*", re.IGNORECASE)


def extract(raw: bytes, *, url: str = "", captured_on: date | None = None) -> Extracted:
    """The article in a web page. `url` and `captured_on` (from a web archive) stand in for
    the page's own address and date when it states none."""
    import trafilatura  # 0.2 s to import: only when a page is read

    tree = trafilatura.load_html(raw)
    if tree is None:
        raise Unreadable("not an HTML page")
    published_on = published_date(tree)
    page_title = " ".join(tree.findtext(".//title", default="").split())
    main_cell = _main_cell(tree)
    document = trafilatura.bare_extraction(
        tree if main_cell is None else main_cell,
        url=url or None,
        with_metadata=True,
        include_comments=False,
        # Its date is not used (see above), and its extensive search (dateparser) took most of a page's time.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if document is None or not (document.text or "").strip():
        raise Unreadable("no article text found in the page")
    title = _headline(document.title, page_title, main_cell, tree)
    notes = ()
    if published_on is None and document.url:
        published_on = _url_date(document.url)
    if published_on is None and captured_on is not None:
        published_on = captured_on
        notes = (f"the page states no date; the date is when it was captured ({captured_on})",)
    links = {" ".join(link.text_content().split()) for link in tree.iter("a")}
    body = _body(document.text, title, links)
    if not body:
        raise Unreadable("no article text found in the page, only links")
    # trafilatura takes the site's name from the <title>'s parts; of a headline holding
    # dots (تسيطر.. وتتقدم) it may take the headline itself, which is no source.
    site = (document.sitename or "").strip()
    if site == title or (len(site.split()) > 3 and site in title):
        site = ""
    return Extracted(
        body=body,
        title=title,
        published_on=published_on,
        author=_BYLINE_WORD.sub("", (document.author or "").strip()),
        source=site,
        url=document.url or url,
        notes=notes,
    )


def fragment_text(fragment: str) -> str:
    """The text of a piece of HTML (a feed entry's content), a paragraph per block."""
    from lxml import html

    if not fragment.strip():
        return ""
    root = html.fragment_fromstring(fragment, create_parent="div")
    for element in root.iter("script", "style"):
        element.drop_tree()
    for element in root.iter("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "br", "tr"):
        element.tail = "\n" + (element.tail or "")
        element.text = "\n" + (element.text or "")
    lines = (" ".join(line.split()) for line in root.text_content().split("\n"))
    return "\n\n".join(line for line in lines if line)


def _main_cell(tree):
    """For a page laid out in tables, as news portals were built before CSS, the one cell that
    holds most of the page's text, as a page of its own; None for any other page.
    trafilatura reads a layout table as a table of data and keeps every cell, menus and all."""
    from lxml import html

    cells = [cell for cell in tree.iter("td") if not cell.xpath(".//table")]
    if not cells or tree.xpath("//article | //main | //p[string-length(normalize-space()) > 80]"):
        return None
    body = tree.find(".//body")
    total = _plain_length(body) if body is not None else 0
    best = max(cells, key=_plain_length)
    if not total or _plain_length(best) < total / 2:
        return None
    page = html.fromstring("<html><head></head><body><article></article></body></html>")
    page.find("head").extend(copy.deepcopy(list(tree.find("head") if tree.find("head") is not None else [])))
    page.find(".//article").append(copy.deepcopy(best))
    return page


def _plain_length(element) -> int:
    """The letters of an element's text outside links: what a reader reads there, not what they click."""
    links = sum(len(link.text_content()) for link in element.iter("a"))
    return len(element.text_content()) - links


def _headline(title: str | None, page_title: str, main_cell, tree) -> str:
    """trafilatura's title, unless it is the site's name where the <title> also holds the
    headline ("Site - Headline"): then the headline, as the longer part that the page shows
    as a heading (a blog's name is its <h1>, the post's title an <h3>) or, on a page laid
    out in tables, in its main cell."""
    title = " ".join((title or "").split())
    parts = _TITLE_SEPARATOR.split(page_title)
    if main_cell is not None:
        shown_text = " ".join(main_cell.text_content().split())
        shown = [part for part in parts if part in shown_text]
        return max(shown, key=len) if shown else title
    if title not in parts:
        return title
    headings = {" ".join(h.text_content().split()) for h in tree.xpath("//h1 | //h2 | //h3 | //h4 | //*[contains(@class, 'title')]")}
    longer = [part for part in parts if len(part) > len(title) and part in headings]
    return max(longer, key=len) if longer else title


def _body(text: str, title: str, links: set[str]) -> str:
    """Paragraphs separated by a blank line, as in a .txt file. Left out: the headline and
    what stands above it (a section's name) and a dateline of its own under it, which
    trafilatura keeps when they are inside the article, and a line made of links only
    ("print | send to a friend"), which is navigation."""
    paragraphs = [" ".join(line.split()) for line in text.split("\n")]
    paragraphs = [paragraph for paragraph in paragraphs if paragraph and not _only_links(paragraph, links)]
    title = " ".join(title.split())
    if title in paragraphs[:3]:
        paragraphs = paragraphs[paragraphs.index(title) + 1 :]
    while paragraphs and len(paragraphs[0].split()) <= 6 and written_date(paragraphs[0]):
        paragraphs = paragraphs[1:]
    return "\n\n".join(paragraphs)


def _only_links(line: str, links: set[str]) -> bool:
    for link in links:
        if link:
            line = line.replace(link, "")
    return not any(ch.isalpha() for ch in line)


def published_date(tree) -> date | None:
    """The date the page says it was published, from the most reliable statement it makes."""
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key in _DATE_META and (found := machine_date(meta.get("content") or "")):
            return found
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        if found := _json_ld_date(script.text or ""):
            return found
    for time in tree.xpath("//time[@datetime]"):
        if not _outside_article(time) and (found := machine_date(time.get("datetime"))):
            return found
    for link in tree.xpath('//link[@rel="canonical"]/@href | //meta[@property="og:url"]/@content'):
        if found := _url_date(link):
            return found
    # After the headline, when there is one: above it, a site's top bar shows today's date.
    named = tree.xpath("(//h1)[1]/following::*[@class or @id]") or tree.xpath("//body//*[@class or @id]")
    for element in named:
        if _DATE_ELEMENT.search(_names(element)) and not _outside_article(element):
            if found := written_date(element.text_content()):
                return found
    return None


def _names(element) -> str:
    return f"{element.get('class', '')} {element.get('id', '')}"


def _outside_article(element) -> bool:
    """In the site's header, menus, sidebars, footer or comments: a news site's top bar shows
    today's date, a comment the day it was written."""
    for ancestor in element.iterancestors():
        if ancestor.tag in ("header", "nav", "aside", "footer") and not ancestor.xpath("ancestor::article"):
            return True
        if "comment" in _names(ancestor).lower():
            return True
    return "comment" in _names(element).lower()


def machine_date(value: str) -> date | None:
    """An ISO 8601 date or date and time (its own day, whatever the zone), or an RFC 2822 one."""
    value = value.strip()
    if match := re.match(r"(\d{4})-(\d{2})-(\d{2})", value):
        return _date(*match.groups())
    try:
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        return None


def _json_ld_date(text: str) -> date | None:
    try:
        data = json.loads(text)
    except ValueError:
        return None
    stack = [data]
    while stack:
        item = stack.pop(0)
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            if isinstance(item.get("datePublished"), str) and (found := machine_date(item["datePublished"])):
                return found
            stack.extend(value for value in item.values() if isinstance(value, dict | list))
    return None


def _url_date(url: str) -> date | None:
    match = _URL_DATE.search(url)
    return _date(*match.groups()) if match else None


def written_date(text: str) -> date | None:
    """A date as a byline writes it: 10 مايو 2016, ١٠ أيار ٢٠١٦, 2016/05/10 or 10/05/2016 (day first)."""
    text = " ".join(western_digits(text).split())
    if match := _ARABIC_DATE.search(text):
        day, month, year = match.groups()
        return _date(year, _MONTHS[month], day)
    if match := _NUMERIC_DATE.search(text):
        year, month, day, day2, month2, year2 = match.groups()
        return _date(year, month, day) if year else _date(year2, month2, day2)
    return None


def _date(year, month, day) -> date | None:
    try:
        found = date(int(year), int(month), int(day))
    except ValueError:
        return None
    return found if 1990 <= found.year <= date.today().year else None

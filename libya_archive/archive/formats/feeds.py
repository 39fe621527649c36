"""An RSS or Atom feed → one article per entry, by feedparser (https://feedparser.readthedocs.io),
which reads every RSS version and Atom and tolerates the small faults real feeds have.

An entry's full text is its content (Atom <content>, RSS <content:encoded>) when it carries
one; otherwise its summary (<description>), which the import then says it is.
"""

import re
from datetime import date

from libya_archive.archive.formats import Extracted, Unreadable
from libya_archive.archive.formats.html import fragment_text, machine_date


def entries(raw: bytes) -> list[Extracted | Unreadable]:
    """Each entry of the feed in order, as its article's parts or why it cannot be one."""
    import feedparser

    # Bytes, never a string: given a string that looks like an address, feedparser fetches it.
    feed = feedparser.parse(_CHARACTER_REFERENCE.sub(_allowed_reference, raw))
    if not feed.get("version") and not feed.entries:
        reason = getattr(feed.get("bozo_exception"), "getMessage", lambda: "")() or "no <rss>, <feed> or <rdf:RDF>"
        raise Unreadable(f"not an RSS or Atom feed ({reason})")
    source = " ".join(feed.feed.get("title", "").split())
    return [_entry(entry, source) for entry in feed.entries]


# A numeric character reference, in ASCII as a feed in UTF-8 or any single-byte encoding writes it.
_CHARACTER_REFERENCE = re.compile(rb"&#(?:[xX]0*([0-9a-fA-F]{1,8})|0*([0-9]{1,10}));")


def _allowed_reference(match: re.Match) -> bytes:
    """The reference, or one to U+FFFD where it names no character XML allows (half an emoji,
    &#xD800;, or a control character), as a browser reads it: feedparser raises on such a
    reference, and the whole feed was lost for one bad character."""
    code = int(match[1], 16) if match[1] else int(match[2])
    allowed = code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF
    return match[0] if allowed else b"&#xFFFD;"


def _entry(entry, source: str) -> Extracted | Unreadable:
    content = max((_text(part) for part in entry.get("content", [])), key=len, default="")
    summary = _text(entry.get("summary_detail") or {"value": entry.get("summary", "")})
    body, notes = content, ()
    if not content and summary:
        body, notes = summary, ("the feed carries only a summary of this entry",)
    if not body:
        return Unreadable("the entry has no text")
    return Extracted(
        body=body,
        title=" ".join(entry.get("title", "").split()),
        published_on=_published(entry),
        author=entry.get("author", "").strip(),
        source=source,
        url=entry.get("link", "").strip(),
        notes=notes,
    )


def _text(detail) -> str:
    value = detail.get("value", "") or ""
    if detail.get("type") == "text/plain":
        return "\n\n".join(" ".join(line.split()) for line in value.split("\n") if line.strip())
    return fragment_text(value)


def _published(entry) -> date | None:
    """The day as the feed writes it, in its own time zone (feedparser's parsed dates are in
    UTC, which moves an article published at 1 a.m. in Tripoli to the day before)."""
    for key in ("published", "updated", "created"):
        if entry.get(key) and (found := machine_date(entry[key])):
            return found
    for key in ("published_parsed", "updated_parsed"):
        if entry.get(key):
            return date(*entry[key][:3])
    return None

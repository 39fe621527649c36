"""Atom feeds: the articles newest to the archive, and the newest articles matching a search.

Both list articles in the order they entered the archive (newest import first), not by
publication date: a subscriber must see an article from 2012 imported today, which a
feed sorted by date would bury below the 2016 ones. Each entry's <published> is the
article's own date, its <id> the article's permalink.
"""

import re
from dataclasses import dataclass
from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.safestring import SafeString, mark_safe

from libya_archive.archive.models import Article
from libya_archive.archive.search import search_link_params, search_matches, search_options, within_search_deadline
from libya_archive.archive.search.highlight import marked_snippets
from libya_archive.archive.search.query import parse_query, searched_query
from libya_archive.archive.snippets import snippet

FEED_LENGTH = 50
SUMMARY_WORDS = 60
ARCHIVE_NAME = "أرشيف أخبار ليبيا"
# Characters XML 1.0 cannot carry; Django refuses to write a feed holding one, so a query
# or an imported text containing one would otherwise make the feed fail.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def _newest_imports(articles):
    # `id` grows with every import: the order in which articles entered the archive.
    return articles.order_by("-id")[:FEED_LENGTH]


class _ArticleFeed(Feed):
    feed_type = Atom1Feed
    language = "ar"
    author_name = ARCHIVE_NAME

    def item_title(self, article: Article) -> str:
        return xml_text(article.title)

    def item_description(self, article: Article) -> SafeString:
        # Atom summaries are HTML (type="html"): the text goes in escaped, never as markup.
        return _summary(snippet(article.body, [], words=SUMMARY_WORDS))

    def item_pubdate(self, article: Article) -> datetime | None:
        if article.published_on is None:
            return None
        return timezone.make_aware(datetime.combine(article.published_on, time.min))

    def item_updateddate(self, article: Article) -> datetime:
        return article.updated_at

    def item_author_name(self, article: Article) -> str | None:
        return xml_text(article.source_label) or None


class LatestArticlesFeed(_ArticleFeed):
    title = f"{ARCHIVE_NAME}: أحدث المقالات"
    subtitle = "آخر المقالات التي دخلت الأرشيف، الأحدث أولًا."

    def link(self) -> str:
        return reverse("home")

    def items(self):
        return _newest_imports(Article.objects.all())


@dataclass(frozen=True)
class FeedSearch:
    query: str
    params: QueryDict  # the search page's query string: the query, its filters and options


class SearchFeed(_ArticleFeed):
    """/feeds/search/?q=…: the newest articles the search page finds for the same query
    string (filters, exact=1 and entities=0 included)."""

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        # A search of no words (or of function words alone, which it drops) finds nothing, as
        # the search page does: its feed, titled «بحث «»», would stay empty for ever. The feed
        # of every new article is the one of no words.
        if not parse_query(searched_query(request.GET.get("q", ""))):
            return redirect("feed_articles")
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request: HttpRequest) -> FeedSearch:
        params = search_link_params(request.GET)  # its links carry the search on, and nothing else
        for key in ("page", "after"):  # a feed has no pages
            params.pop(key, None)
        return FeedSearch(searched_query(params.get("q", "")), params)

    def title(self, search: FeedSearch) -> str:
        return f"{ARCHIVE_NAME}: بحث «{xml_text(search.query).strip()}»"

    def subtitle(self, search: FeedSearch) -> str:
        return f"أحدث المقالات التي دخلت الأرشيف وتطابق «{xml_text(search.query).strip()}»."

    def link(self, search: FeedSearch) -> str:
        return f"{reverse('search')}?{search.params.urlencode()}"

    def feed_url(self, search: FeedSearch) -> str:
        return f"{reverse('feed_search')}?{search.params.urlencode()}"

    def items(self, search: FeedSearch) -> list[Article]:
        options = search_options(search.params)
        # Within the search page's deadline: a feed asks what its page asks, and a reader's
        # feed program asks again and again.
        with within_search_deadline():
            parsed, matches = search_matches(search.query, **options)
            articles = list(_newest_imports(matches))
        # The stretch of each article where the search finds what it looks for, marked as on
        # the search page. Computed here, not in item_description: one Feed instance serves
        # every request.
        for article, marked in zip(articles, marked_snippets(articles, parsed, options["exact"], words=SUMMARY_WORDS)):
            article.feed_summary = _summary(marked)
        return articles

    def item_description(self, article: Article) -> SafeString:
        return article.feed_summary


def _summary(marked: SafeString) -> SafeString:
    """A snippet (escaped HTML) without the characters XML cannot carry."""
    return mark_safe(xml_text(marked))

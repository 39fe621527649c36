import argparse
import html
import os
import re
import sys

from django.core.management.base import BaseCommand, CommandError

from libya_archive.archive.search import search_articles
from libya_archive.archive.search.execution import MAX_PAGE_SIZE
from libya_archive.archive.search.results import SearchHit

_MARK = re.compile(r"<mark>(.*?)</mark>")
_TAG = re.compile(r"<[^>]*>")


def plain_snippet(snippet: str) -> str:
    """A snippet's HTML as a terminal shows it: the marked words in [brackets], no other tag
    (a Latin run's <bdi>), the entities the page escapes (&quot;, &amp;) as the characters
    they are. The text's own < is escaped in the HTML: every tag left is markup."""
    return html.unescape(_TAG.sub("", _MARK.sub(r"[\1]", snippet)))


def _number(low: int, high: int | None = None):
    """An argument's type: a whole number from `low` (to `high`), or a message saying so."""

    def whole_number(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            number = None
        if number is None or number < low or (high is not None and number > high):
            raise argparse.ArgumentTypeError(f"must be a whole number from {low}" + (f" to {high}" if high else ""))
        return number

    return whole_number


class Command(BaseCommand):
    help = "Search the archive as the search page does and print the ranked results with snippets."

    def add_arguments(self, parser):
        parser.add_argument("query", help='The query, in web-search syntax: words, "phrases", -word, or.')
        parser.add_argument("--page", type=_number(1), default=1, help="Which page of results (default 1).")
        parser.add_argument(
            "--page-size", type=_number(1, MAX_PAGE_SIZE), default=20, help=f"Results per page (default 20, at most {MAX_PAGE_SIZE})."
        )
        parser.add_argument(
            "--no-entities",
            action="store_true",
            help="Match the words only, not also the actors and places they name under any alias.",
        )

    def execute(self, *args, **options):
        try:
            output = super().execute(*args, **options)
            self.stdout.flush()  # here, not at exit, where a closed pipe could not be caught
            return output
        except BrokenPipeError:
            # The reader stopped reading (`| head`): what is left has nowhere to go, not even
            # at exit, when Python flushes the standard output.
            if options.get("stdout") is None:  # the process's own output, not a caller's stream
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())

    def handle(self, *args, query, page, page_size, no_entities, **options):
        results = search_articles(
            query, page=page, page_size=page_size, expand_entities=not no_entities, with_some_words=True
        )
        if results.timed_out:
            raise CommandError("the search took too long and was stopped; try a narrower query")
        if results.is_past_the_end:
            raise CommandError(f"page {page} is past the last page, {results.num_pages}")
        self.stdout.write(f"{'more than ' if results.count_is_capped else ''}{results.count} results")
        if results.entity_names:
            self.stdout.write("also matching: " + "، ".join(results.entity_names))
        for suggestion in results.suggestions:
            self.stdout.write(f"did you mean: {suggestion}")
        for hit in results.hits:
            self._write(hit)
        if results.some_words:
            self.stdout.write("\nholding all of the query but one part (docs/search.md, \"Some of the words\"):")
        for hit in results.some_words:
            self._write(hit)
            self.stdout.write(f"    missing: {' or '.join(hit.missing)}")

    def _write(self, hit: SearchHit) -> None:
        self.stdout.write(f"\n[{hit.article.pk}] {hit.article.title}  ({hit.article.source_name}, rank {hit.rank:.4f})")
        self.stdout.write(f"    {plain_snippet(hit.snippet)}")
        for other in hit.also_in:
            self.stdout.write(f"    also in: [{other.pk}] {other.source_label} {other.published_on or ''}".rstrip())

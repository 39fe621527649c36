"""A search's query string, cleaned once for the search page, the API, the feeds and the
exports, so that all of them read it alike.

A value that makes no sense is a form error (`errors`: the API answers 400 from them); the
page, feeds and exports search with what is valid (`options`) and ignore the rest, as a
reader who edited a URL by hand would expect.
"""

import unicodedata
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC
from functools import cached_property

from django import forms
from django.conf import settings
from django.http import QueryDict
from django.utils import translation

from libya_archive.archive.arabic import western_digits
from libya_archive.archive.models import Actor, Article, Place, source_of
from libya_archive.archive.moved import successor
from libya_archive.archive.search.execution import MAX_PAGE_SIZE
from libya_archive.archive.search.filters import SearchFilters
from libya_archive.archive.search.query import searched_query
from libya_archive.archive.search.results import DATE, RELEVANCE


class RepeatedField(forms.Field):
    """A parameter that may be repeated (actor=a&actor=b): its values, once each, in order.
    Each repeat costs the database a condition, so there may be at most SEARCH_MAX_REPEATS,
    counted as sent (as the API's schema declares them), repeats and empty ones included."""

    widget = forms.MultipleHiddenInput

    def __init__(self, *, choices: list[str] | None = None, **kwargs):
        super().__init__(required=False, **kwargs)
        self.choices = choices

    def clean(self, value):
        if len(value or []) > settings.SEARCH_MAX_REPEATS:
            raise forms.ValidationError(f"at most {settings.SEARCH_MAX_REPEATS} values")
        return super().clean(value)

    def to_python(self, value) -> tuple[str, ...]:
        return tuple(dict.fromkeys(item.strip() for item in value or [] if shows_anything(item)))

    def validate(self, value: tuple[str, ...]) -> None:
        if self.choices is not None and (unknown := [item for item in value if item not in self.choices]):
            raise forms.ValidationError(f"{unknown[0]!r} is not one of {', '.join(self.choices)}")


class DayField(forms.DateField):
    """A day as YYYY-MM-DD, in Western or Arabic-Indic digits (٢٠١٥-٠٧-٢٥), as search folds them in words."""

    def to_python(self, value):
        return super().to_python(western_digits(value) if isinstance(value, str) else value)


def shows_anything(value: str) -> bool:
    """Whether a value holds a character that shows: one of spaces and invisible format
    characters only (a zero-width space, a direction mark) is as good as empty."""
    return any(not character.isspace() and unicodedata.category(character) != "Cf" for character in value)


class SearchForm(forms.Form):
    q = forms.CharField(required=False, strip=True)
    page = forms.IntegerField(required=False, min_value=1)
    page_size = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE_SIZE)
    sort = forms.ChoiceField(required=False, choices=[(RELEVANCE, RELEVANCE), (DATE, DATE)])
    exact = forms.ChoiceField(required=False, choices=[("1", "1"), ("0", "0")])
    entities = forms.ChoiceField(required=False, choices=[("1", "1"), ("0", "0")])
    some_words = forms.ChoiceField(required=False, choices=[("1", "1"), ("0", "0")])  # the API's; the page always shows them
    after = forms.CharField(required=False)
    actor = RepeatedField()
    place = RepeatedField()
    kind = RepeatedField(choices=Actor.Kind.values)
    source = RepeatedField()
    added_since = forms.DateTimeField(required=False)

    def __init__(self, data, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        # `from` is a Python keyword: declared here rather than in the class body.
        self.fields["from"] = DayField(required=False, input_formats=["%Y-%m-%d"])
        self.fields["to"] = DayField(required=False, input_formats=["%Y-%m-%d"])

    def clean_q(self) -> str:
        return searched_query(self.cleaned_data["q"])

    def clean_added_since(self):
        # In UTC: PostgreSQL refuses offsets beyond ±15:59, which Python accepts.
        moment = self.cleaned_data["added_since"]
        try:
            return moment.astimezone(UTC) if moment else None
        except OverflowError:  # 0001-01-01 in a time zone east of UTC is before the first day Python has
            raise forms.ValidationError("لحظة خارج نطاق التواريخ", code="out_of_range") from None

    def _valid(self, name: str, default=None):
        if not self.is_bound or name in self.errors:
            return default
        value = self.cleaned_data.get(name)
        return default if value in (None, "") else value

    @property
    def query(self) -> str:
        return self._valid("q", "")

    @property
    def wants_some_words(self) -> bool:
        """Whether an API request asks for the articles holding all of the query but one part."""
        return self._valid("some_words") == "1"

    def filters(self, *, without_unknown: bool = False) -> SearchFilters:
        """The filters asked for that are valid, a record's former slug read as its slug now
        and a paper's name as its id; a repeated filter beyond the limit counts its first
        values. A slug that names nothing matches nothing (a feed filtered by a record deleted
        since finds nothing; the API and exports refuse it: `refused`), unless
        `without_unknown`: the search page goes without it and says so (`unknown_filters`)."""
        filters = self._filters_and_unknown[0]
        if without_unknown:
            unknown = set(self.unknown_filters)
            actors = tuple(slug for slug in filters.actors if ("actor", slug) not in unknown)
            places = tuple(slug for slug in filters.places if ("place", slug) not in unknown)
            sources = tuple(source for source in filters.sources if ("source", source) not in unknown)
            return replace(filters, actors=actors, places=places, sources=sources)
        return filters

    @property
    def unknown_filters(self) -> list[tuple[str, str]]:
        """The filter values (parameter, value) that name nothing the archive knows: an
        actor's or place's slug no record has or had, a kind that is none, a source no
        article is from."""
        return self._filters_and_unknown[1] + self._unknown_sources

    def refused(self, names: Iterable[str]) -> dict[str, list[str]]:
        """What the form refuses of the parameters `names`, and the slugs among them that name
        no actor or place, now or before, the sources no article is from, and a `to` before
        `from`: by parameter, in English (the API's and the exports' messages; a former slug
        filters by its record as it is now). The search page offers to swap a reversed range
        instead (`views._in_order`)."""
        names = set(names)
        with translation.override("en"):
            refused = {key: list(messages) for key, messages in self.errors.items() if key in names}
        if "to" in names and (filters := self.filters()).dates_reversed:
            refused["to"] = [f"is before from ({filters.date_from.isoformat()}): no day is in the range; swap them?"]
        unknown: dict[str, list[str]] = {}
        for key, value in self.unknown_filters:
            if key in names & {"actor", "place", "source"} and key not in refused:
                unknown.setdefault(key, []).append(value)
        # Quoted, so that a value of odd characters reads as what it is.
        quoted = {key: ", ".join(repr(value) for value in sorted(values)) for key, values in unknown.items()}
        return refused | {
            key: [f"no article is from the source {values}" if key == "source" else f"no {key} with the slug {values}"]
            for key, values in quoted.items()
        }

    @cached_property
    def _unknown_sources(self) -> list[tuple[str, str]]:
        """The sources asked for that no article is from, a look-up each (by their index):
        asked only where the page or the API says so, not for a feed or an export."""
        sources = self._filters_and_unknown[0].sources
        return [("source", source) for source in sources if not Article.objects.filter(source=source).exists()]

    @property
    def renamed_filters(self) -> bool:
        """Whether a filter was asked for by another name than its own: a record's former
        slug (merged, renamed), a paper's name for its id."""
        return self._filters_and_unknown[2]

    @cached_property
    def _filters_and_unknown(self) -> tuple[SearchFilters, list[tuple[str, str]], bool]:
        repeated = {name: self._valid(name, ()) or self._first_repeats(name) for name in ("actor", "place", "kind", "source")}
        unknown = [("kind", kind) for kind in repeated["kind"] if kind not in Actor.Kind.values]
        sources = tuple(dict.fromkeys(map(source_of, repeated["source"])))
        (actors, moved_actors), (places, moved_places) = (
            _current_slugs(model, name, repeated[name], unknown) for name, model in (("actor", Actor), ("place", Place))
        )
        filters = SearchFilters(
            actors=actors,
            places=places,
            actor_kinds=tuple(kind for kind in repeated["kind"] if kind in Actor.Kind.values),
            sources=sources,
            date_from=self._valid("from"),
            date_to=self._valid("to"),
            added_since=self._valid("added_since"),
        )
        return filters, unknown, moved_actors or moved_places or sources != repeated["source"]

    def _first_repeats(self, name: str) -> tuple[str, ...]:
        values = self.fields[name].to_python(self.data.getlist(name)) if name in self.errors else ()
        return values[: settings.SEARCH_MAX_REPEATS]

    def options(self, *, without_unknown: bool = False) -> dict:
        """The keyword arguments of `search_articles` and `search_matches`, but page and page_size."""
        return {
            "filters": self.filters(without_unknown=without_unknown),
            "sort": self._valid("sort", RELEVANCE),
            "exact": self._valid("exact") == "1",
            "expand_entities": self._valid("entities") != "0",
            "after": self._valid("after", ""),
        }


def _current_slugs(model: type[Actor] | type[Place], name: str, slugs: tuple[str, ...], unknown: list) -> tuple[tuple[str, ...], bool]:
    """`slugs` as the records' addresses are now (a merged or renamed record's former slug
    as its successor's), and whether any was a former one; one that names nothing is kept
    as it is, and added to `unknown` as (`name`, slug)."""
    if not slugs:
        return (), False
    current = set(model.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    kept, moved = [], False
    for slug in slugs:
        if slug not in current:
            record = successor(model, slug)
            if record is None:
                unknown.append((name, slug))
            else:
                slug, moved = record.slug, True
        kept.append(slug)
    return tuple(dict.fromkeys(kept)), moved


def search_options(params) -> dict:
    """`SearchForm(params).options()`: what a request's query string asks a search for."""
    return SearchForm(params).options()


# What a link to a search carries on: the parameters the search page, its feed and its
# exports read (the API's page_size is not among them).
LINKED_PARAMETERS = ("q", "sort", "exact", "entities", "actor", "place", "kind", "source", "from", "to", "added_since", "page", "after")


def search_link_params(params: QueryDict) -> QueryDict:
    """The parameters of a search's query string that a link to it, or to its feed, exports
    or next page, carries on, each as given (the query cut as the search cuts it, a filter
    repeated as often as it counts): anything else in a URL is not copied into each of the
    fifty links of a search page. In the order given."""
    kept = QueryDict(mutable=True)
    for key, values in params.lists():
        if key in LINKED_PARAMETERS:
            kept.setlist(key, values[: settings.SEARCH_MAX_REPEATS])
    if "q" in kept:
        kept["q"] = searched_query(kept["q"])
    return kept

"""Searches readers keep: saving one, and what is new in it since the last visit."""

from urllib.parse import urlencode

from django import forms
from django.http import QueryDict
from django.utils import timezone

from libya_archive.archive.models import SavedSearch
from libya_archive.archive.search import search_articles, search_options
from libya_archive.archive.search.forms import search_link_params, shows_anything
from libya_archive.archive.selectors import describe_filters

# Where on the result list a reader stands is not part of the search they keep.
_NOT_KEPT = {"page", "after", "added_since"}


def saved_query_string(params: QueryDict) -> str:
    """The search page's query string as the search reads it (the query cut as it cuts it,
    nothing it ignores), in a stable order, without paging."""
    kept = search_link_params(params)
    pairs = sorted((key, value) for key, values in kept.lists() if key not in _NOT_KEPT for value in values)
    return urlencode(pairs)


def save_search(user, params: QueryDict) -> SavedSearch:
    query_string = saved_query_string(params)
    saved, _ = SavedSearch.objects.get_or_create(
        user=user,
        query_string=query_string,
        defaults={"name": params.get("q", "")[:200] or "بحث", "last_visited_at": timezone.now()},
    )
    return saved


class RenameForm(forms.ModelForm):
    class Meta:
        model = SavedSearch
        fields = ["name"]

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not shows_anything(name):
            # Direction marks and zero-width characters alone: a link no one could see.
            raise forms.ValidationError("اكتب اسمًا يظهر، لا مسافات وعلامات خفية وحدها.")
        return name


def saved_search_filters(saved: SavedSearch) -> list[str]:
    """What the search narrows its query by, as its page's active filters say it, and how it
    reads (exact spelling, newest first), for the list of saved searches."""
    params = QueryDict(saved.query_string)
    options = search_options(params)
    described = [label for _, _, label in describe_filters(params, options["filters"])]
    if options["exact"]:
        described.append("مطابقة حرفية")
    if not options["expand_entities"]:
        described.append("دون مطابقة الأسماء")
    if options["sort"] == "date":
        described.append("الأحدث أولًا")
    return described


def new_since_last_visit(saved: SavedSearch) -> int:
    """How many articles imported since the last visit match (capped like any count)."""
    params = QueryDict(saved.query_string, mutable=True)
    params["added_since"] = saved.last_visited_at.isoformat()
    return search_articles(params.get("q", ""), page_size=1, **search_options(params)).count


def visit(saved: SavedSearch) -> str:
    """Mark the search visited now; return the query string showing what was new."""
    params = QueryDict(saved.query_string, mutable=True)
    params["added_since"] = saved.last_visited_at.isoformat()
    saved.last_visited_at = timezone.now()
    saved.save(update_fields=["last_visited_at"])
    return params.urlencode()

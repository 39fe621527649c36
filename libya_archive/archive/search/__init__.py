"""Query → ranked, highlighted articles. The page, the API, the feeds, the exports and the
command all call `search_articles` or `search_matches`.

query        the query language: what a reader typed → tsquery parts
filters      narrowing by actor, place, kind, source and date
forms        a request's query string, cleaned once → the options of a search
execution    matching, counting, ranking, paging, within a deadline
results      what a search gives its callers: the page of hits and what it says
some_words   after few matches, the articles holding all of the query but one part
highlight    where an article holds what a query looks for
facets       how the matches divide
timeline     when the matches were published, a bar a month or year
suggestions  corrections for a query that finds nothing
"""

from libya_archive.archive.search.execution import search_articles, search_matches, within_search_deadline
from libya_archive.archive.search.forms import SearchForm, search_link_params, search_options
from libya_archive.archive.search.results import DATE, RELEVANCE, SearchResults

__all__ = [
    "DATE", "RELEVANCE", "SearchForm", "SearchResults", "search_articles", "search_link_params", "search_matches", "search_options",
    "within_search_deadline",
]  # fmt: skip

"""What `postgres.rank_candidates` scores with: the score's constants and a query's parts
as it reads them (search/ranking.py makes both, search/titles.py reads them too)."""

from typing import NamedTuple


class Weights(NamedTuple):
    """The constants of `rank_candidates`' score (search/ranking.py says what each is)."""

    title_boost: float
    k1: float
    title_b: float
    length_b: float
    shortest_share: float
    text: list[float]  # ts_rank's weights of the labels D, C, B, A outside the title
    average_title_words: float
    average_lexemes: float
    related: float  # what a related form counts for, against the word's own
    as_written: float  # what a title holding a word as typed adds, times the word's idf


class RankedPart(NamedTuple):
    """A part of a query as `rank_candidates` scores it."""

    query: str  # the tsquery that counts in full
    wider: str  # a tsquery also matching the part's related forms, which count less ("": none)
    idf: float
    written: str  # a word as typed and normalized, which earns more in a title holding it so ("": none)

    @property
    def in_any_form(self) -> str:
        """The tsquery of the part in any of its forms, bracketed to stand inside another."""
        return f"({self.wider or self.query})"

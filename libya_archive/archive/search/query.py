"""The query language: what a reader typed → query parts PostgreSQL's tsquery reads.

A query follows web-search syntax: words (all must occur), "quoted phrases", -excluded
words or phrases, and `or` / `أو` between alternatives (binding tighter than the implicit
and: `a b or c` is a and (b or c)). Every word is reduced to its search form by `arabic`,
exactly as article text was when it was indexed. Words that name a known actor or place,
by any alias, also match the articles linked to it (see docs/search.md).
"""

import re
from dataclasses import dataclass
from functools import reduce
from itertools import pairwise
from operator import or_

from django.contrib.postgres.search import SearchQuery
from django.db.models import Q

from libya_archive.archive.arabic import (
    DECIMAL_AFTER,
    DECIMAL_BEFORE,
    STOP_WORDS,
    Token,
    normalize_arabic,
    related_forms,
    search_form,
    short_number_edges,
    tokenize,
)
from libya_archive.archive.cleaning import reader_text
from libya_archive.archive.direction import holds_arabic
from libya_archive.archive.linking import (
    EntityKey,
    Gazetteer,
    entity_token,
    names_in_words,
)
from libya_archive.archive.models import SEARCH_CONFIG
from libya_archive.archive.word_shingles import phrase_shingles

MAX_QUERY_LENGTH = 500


MAX_QUERY_PARTS = 32


_QUERY_PART = re.compile(r'(-?)"([^"]*)"?|(\S+)')


_OR_WORDS = {"or", normalize_arabic("أو")}
# The operators of Lucene's and web search's syntax, in capitals as they write them, which
# readers bring with them: AND says what the space says, NOT what the minus says; last in
# the query, as a trailing `or`, they say nothing. In lower case they are words (an English
# title's "not"), but beside Arabic (`_operator_beside_arabic`).
_AND = "AND"
_NOT = "NOT"


def _operator_beside_arabic(word: str | None, before: list[re.Match], after: list[re.Match]) -> bool:
    """Whether `word` is `and` or `not` in other than capitals right before Arabic words, or
    last after them: an operator there too (سلمان not الملك), as `or` is in any case; no
    Arabic text holds them."""
    if not word or word.upper() not in (_AND, _NOT):
        return False
    return holds_arabic(after[0][0]) if after else bool(before) and holds_arabic(before[0][0])


# What joins the words of one typed word (4.67, 2015-07-21, al-Qaeda): such a word is
# searched as the phrase of its words, as it stands in the text, not as its words anywhere.
# The Arabic comma is not among them: سرت،بنغازي is two words typed without a space.
_GLUE = frozenset(".,/:-'’_")


def _joins(gap: str) -> bool:
    """Whether what stands between two words joins them into one typed word: glue, or
    nothing at all (one word that is two, `arabic.word_offsets`: 2015م, عبدالعزيز)."""
    return set(gap) <= _GLUE


@dataclass(frozen=True)
class QueryPart:
    """One word, phrase or name of a query: how the index is asked for it, and how it was typed."""

    tsquery: str
    typed: str
    shingles: tuple[int, ...] = ()  # for a phrase: the shingles its articles hold (`word_shingles`)
    # For a word that also finds its related forms (`arabic.related_forms`): the word's own
    # form, which counts in full where the others count for less.
    closest: str = ""
    # For a word: its normalized form as typed, which a title holding it as written ranks by.
    written: str = ""

    @property
    def scored(self) -> str:
        """The tsquery that counts in full."""
        return self.closest or self.tsquery


@dataclass(frozen=True)
class ParsedQuery:
    clauses: tuple[tuple[QueryPart, ...], ...] = ()  # all clauses must match; any part of one
    negated: tuple[QueryPart, ...] = ()
    terms: frozenset[str] = frozenset()  # search forms a hit may have, for highlighting
    phrases: frozenset[tuple[str, ...]] = frozenset()  # runs of search forms a hit is, for highlighting
    entities: tuple[EntityKey, ...] = ()  # entities the query names, matched in any spelling
    words: tuple[Token, ...] = ()  # the query's own words, for suggesting corrections

    def __bool__(self) -> bool:
        return bool(self.clauses)

    @property
    def tsquery(self) -> str:
        """The query in to_tsquery syntax, over search forms and entity tokens."""
        return " & ".join(self.clause_tsqueries) + self.negated_tsquery

    @property
    def clause_tsqueries(self) -> list[str]:
        """Each clause in to_tsquery syntax: any of its parts."""
        return ["(" + " | ".join(f"({part.tsquery})" for part in clause) + ")" for clause in self.clauses]

    @property
    def negated_tsquery(self) -> str:
        """What the query excludes, to follow the rest in to_tsquery syntax ('' if nothing)."""
        return "".join(f" & !({part.tsquery})" for part in self.negated)

    @property
    def shingles_condition(self) -> Q:
        """What every match holds in `Article.search_shingles`: for each clause of phrases
        only, one phrase's shingles. Nothing when no clause is of phrases."""
        condition = Q()
        for clause in self.clauses:
            if all(part.shingles for part in clause):
                condition &= reduce(or_, (Q(search_shingles__contains=list(part.shingles)) for part in clause))
        return condition

    @property
    def is_of_phrases(self) -> bool:
        """Whether every clause is of phrases, so that their shingles alone find the candidates."""
        return all(part.shingles for clause in self.clauses for part in clause)


# How often a query is read for markup: tags in tags and entities escaped again and again
# lose a level a reading, and a reader pastes a page's source escaped once or twice.
_MARKUP_READINGS = 4


def read_as_shown(text: str) -> str:
    """A query pasted from a page's source as the page shows it: without its tags and with
    its entities as their characters (`&quot;داعش&quot;` is the phrase "داعش", as no article
    holds `quot`), white space one space, read again while that changes it (at most
    _MARKUP_READINGS times), so that a query read so reads the same again."""
    for _ in range(_MARKUP_READINGS):
        read = reader_text(text)
        if read == text:
            break
        text = read
    return text


def searched_query(text: str) -> str:
    """`text` as searched: as shown (`read_as_shown`), its first MAX_QUERY_LENGTH characters,
    less a word the limit cuts in two (half a word found nothing, and a passage pasted in
    quotes lost its article)."""
    text = read_as_shown(text)
    if len(text) <= MAX_QUERY_LENGTH:
        return text
    cut = text[:MAX_QUERY_LENGTH]
    if not text[MAX_QUERY_LENGTH].isspace():
        cut = _LAST_WORD.sub("", cut).rstrip() or cut  # one word longer than the limit: its start
    return cut.rstrip()


_LAST_WORD = re.compile(r"\S+$")


def was_cut(text: str) -> bool:
    """Whether `searched_query` leaves out words of `text`, white space and markup aside."""
    asked = read_as_shown(text)
    return len(searched_query(asked)) < len(asked)


def _written_as_one(tokens: list[Token], text: str) -> list[list[Token]]:
    """`tokens` of `text` grouped into the words typed as one (nothing or glue between them:
    عبدالعزيز is عبد and العزيز, 4.67 is 4 and 67), each other token alone."""
    groups: list[list[Token]] = []
    for before, token in zip([None, *tokens], tokens):
        if before is not None and _joins(text[before.end : token.start]):
            groups[-1].append(token)
        else:
            groups.append([token])
    return groups


def raw_query(tsquery: str) -> SearchQuery:
    """`tsquery`, in to_tsquery syntax over search forms, as a search vector is asked it."""
    return SearchQuery(tsquery, search_type="raw", config=SEARCH_CONFIG)


def lexeme(form: str) -> str:
    return "'" + form.replace("'", "''") + "'"


def _phrase(tokens: list[Token]) -> str:
    return " <-> ".join(lexeme(search_form(token.form)) for token in tokens)


def _any_form(form: str, related: tuple[str, ...]) -> str:
    """The tsquery of a word in its search form or any of its `related` forms."""
    return " | ".join(map(lexeme, (form, *related)))


def _phrase_part(tokens: list[Token], typed: str) -> QueryPart:
    return QueryPart(_phrase(tokens), typed, tuple(phrase_shingles([search_form(token.form) for token in tokens])))


def parse_query(text: str, gazetteer: Gazetteer | None = None, *, exact: bool = False) -> ParsedQuery:
    """Turn what a reader typed into query parts; with a gazetteer, names also match entities.

    In exact mode every word counts as typed, stop words included, and names are not
    expanded: the parts then say what to look for letter by letter (see `exact_condition`).
    """
    text = searched_query(text)
    parts: list[QueryPart | None] = []  # in order; None stands for `or`
    negated: list[QueryPart] = []
    terms: set[str] = set()
    phrases: set[tuple[str, ...]] = set()

    def highlight(tokens: list[Token]) -> None:
        """A word is highlighted wherever it stands, a phrase only where it stands whole."""
        forms = tuple(search_form(token.form) for token in tokens)
        if len(forms) == 1:
            terms.add(forms[0])
        elif forms:
            phrases.add(forms)
    entities: list[EntityKey] = []
    words: list[Token] = []
    run: list[Token] = []  # consecutive bare words, read together so names of several words are found

    def typed(tokens: list[Token]) -> str:
        """The words as typed, a space between them, but for what joins a word's parts (4.67)."""
        pieces = [text[tokens[0].start : tokens[0].end]] if tokens else []
        for before, token in pairwise(tokens):
            gap = text[before.end : token.start]
            pieces += [gap if _joins(gap) else " ", text[token.start : token.end]]
        return "".join(pieces)

    def or_entity(literal: str, entity: EntityKey, *, excluded: bool = False) -> str:
        """`literal`, or an article linked to `entity`, or the entity's own name as text
        (so UN also finds الأمم المتحدة where it stands inside a longer name). An excluded
        entity is neither among the ones the results name nor marked in them."""
        name = tokenize(gazetteer.names[entity])
        if not excluded:
            entities.append(entity)
            highlight(name)
        return f"{literal} | {lexeme(entity_token(entity))} | {_phrase(name)}"

    def name_or(tokens: list[Token], *, excluded: bool = False) -> QueryPart:
        """The tokens as a phrase, or also the entity they name, when they name exactly one."""
        names = names_in_words(tokens, gazetteer, text=text) if gazetteer else []
        if len(names) == 1 and names[0][:2] == (0, len(tokens) - 1):
            return QueryPart(or_entity(_phrase(tokens), names[0][3], excluded=excluded), typed(tokens))
        if excluded and len(tokens) == 1 and not exact:
            # A word left out in every form it would be found by (الملك -الملك finds nothing,
            # not the articles holding الملكي).
            form = search_form(tokens[0].form)
            return QueryPart(_any_form(form, related_forms(form)), typed(tokens))
        return _phrase_part(tokens, typed(tokens))

    def glued(before: Token, after: Token) -> bool:
        return before.end < after.start and _joins(text[before.end : after.start])

    def end_run() -> None:
        names = names_in_words(run, gazetteer, text=text) if gazetteer else []
        # Not a name that begins or ends inside a hyphenated word (Ki-moon does not name Moon).
        names = [
            name
            for name in names
            if not (name[0] > 0 and glued(run[name[0] - 1], run[name[0]]))
            and not (name[1] + 1 < len(run) and glued(run[name[1]], run[name[1] + 1]))
        ]
        index = 0
        for first, last, _, entity in [*names, (len(run), len(run), 0, None)]:
            for words_as_one in _written_as_one(run[index:first], text):
                if len(words_as_one) > 1:  # عبدالعزيز or 4.67 outside a name: the phrase of its parts
                    parts.append(_phrase_part(words_as_one, typed(words_as_one)))
                    highlight(words_as_one)
                    continue
                token = words_as_one[0]
                form = search_form(token.form)
                if exact or form not in STOP_WORDS:
                    related = () if exact else related_forms(form)
                    parts.append(QueryPart(_any_form(form, related), typed([token]), closest=lexeme(form) if related else "", written=token.form))
                    terms.update((form, *related))
            if entity is not None:
                # A name is the entity, or the name in any spelling, not a related form of its
                # words: المصري of الجيش المصري is no mention of مصر, and مصراتة's form مصرا
                # would take مصر as its accusative (tests/search_quality's judged queries).
                name = run[first : last + 1]
                parts.append(QueryPart(or_entity(_phrase(name), entity), typed(name)))
                highlight(name)
            index = last + 1
        run.clear()

    excluding = False  # the word before was NOT
    matches = list(_QUERY_PART.finditer(text))
    for n, match in enumerate(matches):
        minus, phrase, word = match.groups()
        if word and normalize_arabic(word) in _OR_WORDS:
            end_run()
            parts.append(None)
            excluding = False  # NOT or: the NOT says nothing
            continue
        if word in (_AND, _NOT) or _operator_beside_arabic(word, matches[n - 1 : n] if n else [], matches[n + 1 : n + 2]):
            end_run()
            excluding = word.upper() == _NOT
            continue
        offset = match.start(3) if word else match.start(2)
        if word and word.startswith("-") and len(word) > 1:
            minus, word, offset = "-", word[1:], offset + 1
        if excluding:
            minus, excluding = "-", False
        pieces = tokenize(phrase if phrase is not None else word)
        # A word whose parts are joined by nothing (عبدالعزيز, 2015م) or glue (4.67, Ki-moon)
        # is words of the run, which names are read across (Ban Ki-moon), the phrase of its
        # parts where they name nothing (`_written_as_one`).
        tokens = [Token(t.start + offset, t.end + offset, t.form) for t in pieces]
        words += tokens
        if not tokens:
            continue
        if word and not minus:
            run.extend(tokens)
            continue
        end_run()
        if minus:
            negated.append(name_or(tokens, excluded=True))
        else:
            parts.append(name_or(tokens))
            highlight(tokens)
    end_run()

    clauses: list[list[QueryPart]] = []
    joins_previous = False
    for part in parts[: MAX_QUERY_PARTS * 2]:
        if part is None:
            joins_previous = bool(clauses)
        elif joins_previous:
            clauses[-1].append(part)
            joins_previous = False
        else:
            clauses.append([part])
    return ParsedQuery(
        tuple(tuple(clause) for clause in clauses),
        tuple(negated[:MAX_QUERY_PARTS]),
        frozenset(terms),
        frozenset(phrases),
        tuple(dict.fromkeys(entities)),
        tuple(words),
    )


# Letters that continue a word: an exact match must not have one on either side.
_WORD_LETTER = "[\u0600-\u06ffA-Za-z0-9_]"


def exact_pattern(typed: str) -> str:
    """A regular expression (valid for PostgreSQL and Python alike) for `typed` as a whole
    word or phrase, letter for letter, with any white space between its words; a short
    number typed (37) not as part of a longer one (3.37, 37.5: `arabic.DECIMAL_BEFORE`)."""
    words = [re.escape(word) for word in typed.split()]
    starts_short, ends_short = short_number_edges(typed)
    before = f"(?<!{_WORD_LETTER})" + (f"(?<!{DECIMAL_BEFORE})" if starts_short else "")
    after = f"(?!{_WORD_LETTER})" + (f"(?!{DECIMAL_AFTER})" if ends_short else "")
    return before + "\\s+".join(words) + after


def exact_condition(parsed: ParsedQuery) -> Q:
    """Articles whose title or text holds every clause exactly as typed."""

    def holds(part: QueryPart) -> Q:
        pattern = exact_pattern(part.typed)
        return Q(title__iregex=pattern) | Q(body__iregex=pattern)

    condition = Q()
    for clause in parsed.clauses:
        alternatives = Q()
        for part in clause:
            alternatives |= holds(part)
        condition &= alternatives
    for part in parsed.negated:
        condition &= ~holds(part)
    return condition

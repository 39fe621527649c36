"""Finding the actors and places an article names, and recording them as mentions.

The gazetteer is a trie keyed by normalized words: every alias is a path of words from
the root. Walking it from each word of a text costs a few dictionary look-ups per word,
however many aliases there are, so linking time grows with the text, not the gazetteer.
"""

import re
from collections.abc import Iterable
from itertools import compress, count
from typing import NamedTuple

from libya_archive.archive.ambiguity import (
    AUTO,
    adjective,
    after_from_or_with,
    announced,
    bare,
    countries_named,
    in_lists_of_places,
    is_ambiguous,
    meant_abroad,
    namesakes_abroad,
    nisba_forms,
    others_surnames,
    qualified,
    reads_as_its_adjective,
    stands_as_a_latin_name,
    surnames,
)
from libya_archive.archive.arabic import (
    Token,
    form_of,
    next_to,
    normalize_arabic,
    original_offset,
    proclitic_readings,
    search_document,
    tokenize,
)
from libya_archive.archive.editions import GAZETTEER, current_edition
from libya_archive.archive.models import Actor, ActorAlias, Place, PlaceAlias
from libya_archive.archive.wordlists import other_names, whole_words
from libya_archive.db_routing import primary_database

# An entity is referred to as ("actor", id) or ("place", id).
EntityKey = tuple[str, int]
_END = None  # the trie key under which a node stores the entity its path spells
# The key under which a node marks that its name needs evidence: no word's form is empty.
_AMBIGUOUS = ""
# What the trie holds for a name that names no entity (`wordlists.other_names`): found as
# the longest name where it stands, so that the place inside it is not, then dropped.
_NO_ENTITY: EntityKey = ("", 0)
# The longest acronym held to capitals: the English words an acronym's letters spell are
# short (is, us, un), and Nato or Isis written so are the same names.
_ACRONYM_LETTERS = 3


class FoundMention(NamedTuple):
    """A name found in a text: where it stands (end exclusive) and whose it is.

    A named tuple because the importer's workers send tens of them an article to the
    process that writes: a dataclass took four times as long to unpickle."""

    start: int
    end: int
    entity: EntityKey


class Gazetteer:
    """The names as a trie; `marks` gives the editors' linking mark of an alias (its
    normalized form → `ambiguity.ALWAYS` or `WITH_EVIDENCE`), the data deciding the rest."""

    def __init__(
        self,
        aliases: Iterable[tuple[str, EntityKey]],
        names: dict[EntityKey, str],
        marks: dict[str, str] | None = None,
        people: Iterable[EntityKey] = (),
        countries: Iterable[EntityKey] = (),
    ):
        self.trie: dict = {}
        self.names = names
        aliases = list(aliases)
        marks = marks or {}
        # An adjective of a known place makes a name specific: الجيش الليبي is one army.
        self.adjectives = {form: entity for alias, entity in aliases if entity[0] == "place" for form in nisba_forms([alias])}
        self.specific = set(self.adjectives)
        for alias, entity in aliases:
            node = self.trie
            for token in tokenize(alias):
                node = node.setdefault(token.form, {})
            if node is not self.trie and _END not in node:
                node[_END] = entity
                if is_ambiguous(alias, entity[0], marks.get(normalize_arabic(alias.strip()), AUTO), self.specific):
                    node[_AMBIGUOUS] = True
        for name in other_names():
            node = self.trie
            for token in tokenize(name):
                node = node.setdefault(token.form, {})
            if node is not self.trie:
                node.setdefault(_END, _NO_ENTITY)
        self.name_starts = _NameStarts(self.trie)
        self.surnames = surnames(aliases, frozenset(people))
        self.homes = self._homes(aliases)
        self.countries = frozenset(countries)
        self.namesakes = namesakes_abroad(aliases, self.countries)
        # The actors whose longer names hold one country's name and no other's (مصرف ليبيا
        # المركزي, فجر ليبيا) → that country.
        self.actor_countries = {
            entity: next(iter(home & self.countries)) for entity, home in self.homes.items() if entity[0] == "actor" and len(home & self.countries) == 1
        }
        # The words that make a region of a place (شمال أفريقيا, جنوب ليبيا), as adjectives
        # after one (الشمالية): أمريكا الجنوبية is not America.
        places = [normalize_arabic(alias).split() for alias, entity in aliases if entity[0] == "place"]
        place_starts = {words[0] for words in places if words}
        regions = {words[0] for words in places if len(words) > 1 and words[1] in place_starts and not words[0].isascii()}
        self.region_adjectives = {f"ال{adjective(word)}{ending}" for word in regions for ending in ("", "ه")}
        # A short Latin name of one word that its entity's every spelling writes in capitals is
        # an acronym (IS, US, UN), which the same letters in small ones are English words.
        capitals: dict[str, bool] = {}
        for alias, entity in aliases:
            tokens = tokenize(alias)
            form = tokens[0].form if len(tokens) == 1 else ""
            if form.isascii() and 0 < len(form) <= _ACRONYM_LETTERS and self.trie[form].get(_END) == entity:
                capitals[form] = capitals.get(form, True) and alias.strip().isupper()
        self.acronyms = {form for form, always in capitals.items() if always}

    def _homes(self, aliases: list[tuple[str, EntityKey]]) -> dict[EntityKey, set[EntityKey]]:
        """The entities each entity's own longer names hold: مصرف ليبيا المركزي and البنك
        المركزي الليبي say the central bank is Libya's; naming Libya is evidence for it."""
        homes: dict[EntityKey, set[EntityKey]] = {}
        for alias, entity in aliases:
            if inside := self.named_inside(alias) - {entity}:
                homes.setdefault(entity, set()).update(inside)
        return homes

    def named_inside(self, name: str) -> set[EntityKey]:
        """The entities the words of `name` name, short of the whole of it: Libya in مصرف
        ليبيا المركزي, and by its adjective in البنك المركزي الليبي."""
        tokens = tokenize(name)
        inside = {found[3] for part in (tokens[1:], tokens[:-1]) for found in _names(part, self, lambda i: True)}
        return inside | {self.adjectives[bare(token.form)] for token in tokens if bare(token.form) in self.adjectives}

    def is_alias(self, tokens: list[Token]) -> bool:
        """Whether these words are a whole alias as written, linked where they stand or not
        (an alias that needs evidence may lack it there)."""
        node = self.trie
        for token in tokens:
            node = node.get(token.form)
            if node is None:
                return False
        return node.get(_END, _NO_ENTITY) != _NO_ENTITY

    def __len__(self) -> int:
        return len(self.names)


class _NameStarts(dict):
    """Word form → the readings of it that begin a name: (proclitic letters, trie node) pairs.

    Most words begin none; remembering that per word form keeps linking cheap. A dict
    that fills itself, so that looking a text's words up runs in C (see `names_in_words`).
    """

    def __init__(self, trie: dict):
        super().__init__()
        self.trie = trie

    def __missing__(self, form: str) -> tuple[tuple[int, dict], ...]:
        # A word of its own (لكنه, also after و: ولكنه) is read as proclitics and a name only
        # where the name runs on.
        words = whole_words()
        found = tuple(
            (skip, self.trie[word], skip > 0 and (form in words or (skip > 1 and form[1:] in words)))
            for skip, word in proclitic_readings(form)
            if word in self.trie
        )
        self[form] = found
        return found


_cached: tuple[int, Gazetteer] | None = None


def cached_gazetteer(edition: int | None = None) -> Gazetteer:
    """The gazetteer for reading queries, kept by each process under the gazetteer's
    edition (`editions`; read here unless given): loaded again once an actor, place or
    alias has changed."""
    global _cached
    edition = current_edition(GAZETTEER) if edition is None else edition
    if _cached is None or _cached[0] != edition:
        # From the primary, where the edition is read: a replica behind it would have it
        # kept, under the new edition, as it was before the edit.
        with primary_database():
            _cached = (edition, load_gazetteer())
    return _cached[1]


def forget_cached_gazetteer() -> None:
    global _cached
    _cached = None


def load_gazetteer(extra: Iterable[tuple[str, EntityKey]] = ()) -> Gazetteer:
    """The gazetteer as the database holds it now: every alias, with its editors' linking
    mark, and every entity's own name; `extra` spellings first (what an edit would add)."""
    names: dict[EntityKey, str] = {}
    aliases: list[tuple[str, EntityKey]] = list(extra)
    marks: dict[str, str] = {}
    for kind, entity_model, alias_model, field in (
        ("actor", Actor, ActorAlias, "actor_id"),
        ("place", Place, PlaceAlias, "place_id"),
    ):
        for pk, name in entity_model.objects.values_list("pk", "name"):
            names[(kind, pk)] = name
        for alias, pk, normalized, mark in alias_model.objects.values_list("name", field, "normalized", "linking"):
            aliases.append((alias, (kind, pk)))
            if mark != AUTO:
                marks[normalized] = mark
    aliases += [(name, entity) for entity, name in names.items()]
    people = [("actor", pk) for pk in Actor.objects.filter(kind=Actor.Kind.PERSON).values_list("pk", flat=True)]
    countries = [("place", pk) for pk in Place.objects.filter(kind=Place.Kind.COUNTRY).values_list("pk", flat=True)]
    return Gazetteer(aliases, names, marks, people, countries)


def _longest_name(tokens: list[Token], index: int, gazetteer: Gazetteer, joined) -> tuple[int, int, EntityKey, bool] | None:
    """The longest name starting at tokens[index]: (its last token, proclitic letters,
    entity, whether it needs evidence).

    `joined(i)` says whether tokens[i - 1] and tokens[i] may belong to one name.
    """
    best = None
    for skip, node, runs_on in gazetteer.name_starts[tokens[index].form]:
        last = index
        while node is not None:
            if _END in node and (best is None or last > best[0]) and (last > index or not runs_on):
                best = (last, skip, node[_END], _AMBIGUOUS in node)
            last += 1
            if last == len(tokens) or not joined(last):
                break
            node = node.get(tokens[last].form)
    return best


def find_mentions(text: str, gazetteer: Gazetteer, tokens: list[Token] | None = None) -> list[FoundMention]:
    """Every name the gazetteer knows in `text` (whose `tokens` may be given), longest
    first, never overlapping.

    A name may carry attached proclitics (وحفتر, للأمم المتحدة); the mention then starts
    after them, so the link covers the name itself. Words of a name must be separated
    by white space only: a name does not run across punctuation.
    """
    tokens = tokenize(text) if tokens is None else tokens

    def joined(i: int) -> bool:
        return next_to(text, tokens[i - 1], tokens[i])

    def quoted_apart(i: int) -> bool:
        """Whether only white space and quotation marks stand between two tokens: «"طرابلس" اللبنانية»."""
        return not text[tokens[i - 1].end : tokens[i].start].strip().strip(_QUOTATION_MARKS)

    names = [name for name in _names(tokens, gazetteer, joined) if _as_written_in_text(text, tokens, name, gazetteer, article=True)]
    names = others_surnames(names, tokens, gazetteer.surnames, joined)
    names = [name for name in names if not (name[4] and reads_as_its_adjective(text, tokens, name, gazetteer.adjectives, joined))]
    names = _with_evidence(names, tokens, gazetteer, joined, quoted_apart)
    return [
        FoundMention(original_offset(text, tokens[first], skip), tokens[last].end, entity)
        for first, last, skip, entity, _ in names
    ]


# A run of text without spaces that is a web or mail address or a file name (cutt.us/x,
# join-us.php, http://libya-herald.com): a dot between letters (two on one side of it: U.S.
# is an abbreviation), //, @ or www.
_ADDRESS = re.compile(r"//|@|www\.|[A-Za-z0-9]{2}\.[A-Za-z]|[A-Za-z0-9]\.[A-Za-z]{2}", re.ASCII)
_RUN_BEFORE, _RUN_AFTER = re.compile(r"\S*\Z"), re.compile(r"\S*")


def _as_written_in_text(
    text: str, tokens: list[Token], name: tuple[int, int, int, EntityKey, bool], gazetteer: Gazetteer, *, article: bool
) -> bool:
    """Whether a name found by its words stands as a name where the text writes it: an
    acronym in capitals, and a Latin name not inside an address (`_ADDRESS`; Arabic words
    glued by a full stop are a missing space, and a slash between names a pair of them); in
    an `article` (not a query), a Latin name as `stands_as_a_latin_name` says."""
    first_index, last_index, skip = name[:3]
    first, last = tokens[first_index], tokens[last_index]
    form = first.form[skip:]
    if not form.isascii():  # most names, asked no more (acronyms are Latin)
        return True
    start = original_offset(text, first, skip)
    if first_index == last_index and form in gazetteer.acronyms and not text[start : first.end].isupper():
        return False
    # The run of text without spaces it stands in (an address is shorter than 200 letters).
    run = _RUN_BEFORE.search(text, max(start - 200, 0), start)[0] + text[start : last.end] + _RUN_AFTER.match(text, last.end, last.end + 200)[0]
    if _ADDRESS.search(run):
        return False
    return not article or stands_as_a_latin_name(text, tokens, first_index, last_index, start)


# The proclitics that say a place follows them: ب "in", ل "to" (بالمغرب, للمغرب).
_PLACE_PROCLITICS = frozenset("بل")


_QUOTATION_MARKS = "\"'«»“”‘’"


def _with_evidence(names: list[tuple[int, int, int, EntityKey, bool]], tokens: list[Token], gazetteer: Gazetteer, joined, near) -> list:
    """The names that stand as links: an ambiguous one (an ordinary word, a generic phrase)
    only with evidence in the article, and never where an adjective makes it another entity
    (`ambiguity.qualified`): its entity named elsewhere unambiguously, or with a
    title or a kind of place before it (`ambiguity.announced`) here or at another mention,
    a place with ب or ل on it ("in", "to": بالمغرب) or in a list with a place named plainly
    (تونس والمغرب), a place spelt like its adjective after من or مع (مع سورية), or the
    entity's home named (`Gazetteer.homes`: Libya, for the central bank). And none of a
    place's where one of them is another place's, by that place's adjective after it
    (`near` it, quoted or not: «مدينة "طرابلس" اللبنانية»): the article's place of that name
    is the other country's."""
    names = _outside_regions(names, tokens, gazetteer, joined)
    if not any(name[4] for name in names):
        return names
    elsewhere = {name[3] for name in names if name[4] and _of_another_place(tokens, name[1], name[3], gazetteer, near)}
    names = [name for name in names if not name[4] or not (name[3] in elsewhere or qualified(tokens, name[1], joined))]
    listed = in_lists_of_places(names, tokens)
    evident = {
        entity
        for first, last, skip, entity, ambiguous in names
        if not ambiguous
        or announced(tokens, first, last, entity[0], joined)
        or (entity[0] == "place" and (_PLACE_PROCLITICS.intersection(tokens[first].form[:skip]) or first in listed))
        or (tokens[first].form[skip:] in gazetteer.specific and after_from_or_with(tokens, first, joined))
    }
    homes = gazetteer.homes
    kept = [name for name in names if not name[4] or name[3] in evident or not homes.get(name[3], set()).isdisjoint(evident)]
    abroad = meant_abroad(kept, names, tokens, gazetteer)
    kept = [name for name in kept if not (name[4] and name[3] in abroad)]
    # An actor of one country named generically (البنك المركزي, الجيش الوطني), by its home
    # alone, is that country's only where the article does not name another country more
    # often: in a story of Egypt's that names Libya once it is Egypt's.
    by_home = {name[3] for name in kept if name[4] and name[3] not in evident and name[3] in gazetteer.actor_countries}
    if not by_home:
        return kept
    countries = countries_named(names, kept, tokens, gazetteer.adjectives, gazetteer.countries)
    most = max(countries.values(), default=0)
    return [name for name in kept if name[3] not in by_home or countries[gazetteer.actor_countries[name[3]]] == most]


def _of_another_place(tokens: list[Token], last: int, entity: EntityKey, gazetteer: Gazetteer, near) -> bool:
    """Whether the adjective of another place the gazetteer holds, not the entity's home,
    follows the place `entity` named up to tokens[last] (طرابلس اللبنانية)."""
    after = last + 1
    if entity[0] != "place" or after == len(tokens) or not near(after):
        return False
    other = gazetteer.adjectives.get(bare(tokens[after].form))
    return other is not None and other != entity and other not in gazetteer.homes.get(entity, set())


def _outside_regions(names: list, tokens: list[Token], gazetteer: Gazetteer, joined) -> list:
    """`names` but the places a region's adjective after them makes another (أمريكا الجنوبية)."""
    return [name for name in names if name[3][0] != "place" or not _in_region(tokens, name[1], gazetteer, joined)]


def _in_region(tokens: list[Token], last: int, gazetteer: Gazetteer, joined) -> bool:
    after = last + 1
    return after < len(tokens) and joined(after) and tokens[after].form in gazetteer.region_adjectives


def names_in_words(tokens: list[Token], gazetteer: Gazetteer, joined=lambda i: True, *, text: str = "") -> list[tuple[int, int, int, EntityKey]]:
    """The names a run of words spells: (first word, last word, proclitic letters, entity),
    ambiguous ones included: a query's words name what the reader typed. Given the `text`
    the tokens are of, only names standing as names there (an acronym in capitals: `is`
    typed is no IS). A place a region's adjective makes another (أمريكا الجنوبية) is none,
    as in an article.

    `joined(i)` says whether tokens[i - 1] and tokens[i] may belong to one name.
    """
    names = others_surnames(_names(tokens, gazetteer, joined), tokens, gazetteer.surnames, joined)
    names = _outside_regions(names, tokens, gazetteer, joined)
    return [name[:4] for name in names if not text or _as_written_in_text(text, tokens, name, gazetteer, article=False)]


def _names(tokens: list[Token], gazetteer: Gazetteer, joined) -> list[tuple[int, int, int, EntityKey, bool]]:
    """`names_in_words`, each name with whether it needs evidence."""
    names = []
    after_last = 0
    # Only the few words that may begin a name are walked from; they are picked out in C.
    for index in compress(count(), map(gazetteer.name_starts.__getitem__, map(form_of, tokens))):
        if index < after_last:
            continue
        found = _longest_name(tokens, index, gazetteer, joined)
        if found is not None:
            last, skip, entity, ambiguous = found
            if entity != _NO_ENTITY:
                names.append((index, last, skip, entity, ambiguous))
            after_last = last + 1
    return names


def entity_token(entity: EntityKey) -> str:
    """The index word an article holds for each mention of an entity, whatever its spelling."""
    kind, pk = entity
    return f"entity{kind}{pk}"


def entity_search_text(found: list[FoundMention], gazetteer: Gazetteer) -> str:
    """What an article's mentions add to its search index (`Article.search_entities`): one
    entity token per mention (so a search for an entity finds every spelling, and more
    mentions rank higher), then the entities' own names, weighted above the body."""
    entity_names = dict.fromkeys(gazetteer.names[m.entity] for m in found)
    tokens = " ".join(entity_token(m.entity) for m in found)
    return f"{tokens} {search_document(' '.join(entity_names))}".strip()

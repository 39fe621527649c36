"""Which names are also ordinary words, and what in a text is evidence that one is a name.

A name made only of ordinary words (مالي "financial", البنك المركزي "the central bank",
الجيش الوطني "the national army") names an entity only in some articles; linking it
everywhere links every sum of money to Mali. Such a name is *ambiguous*: `linking` keeps a
mention of it only with evidence in the article (see `linking.find_mentions`).

The ordinary words are learned from real news by `bench/ordinary_words.py` and shipped in
`data/`: words seen often both bare and with ال or an inflectional ending, and words that
begin with a proclitic letter but are words of their own (لكنه is not ل + كنه). And a
person's surname alone is theirs but after another's given name (عمرو فركاش), and then
in the rest of that text unless it names the person otherwise (`others_surnames`), the
given names learned by `bench/given_names.py`.
"""

import re
from collections import Counter
from functools import lru_cache

from libya_archive.archive.arabic import (
    IN_WORD_MARKS,
    Token,
    form_of,
    normalize_arabic,
    proclitic_readings,
    stem_and_article,
    tokenize,
)
from libya_archive.archive.wordlists import given_names, namesakes, ordinary_words

_ARTICLE = "ال"
# The marks and joiners a word's last letter may carry (عائلةٍ), which normalizing drops.
_LAST_MARKS = re.compile(f"[{IN_WORD_MARKS}]+$")

# An editor's mark on an alias (`Alias.linking`): the data decides, link it always, or
# link it only with evidence.
AUTO, ALWAYS, WITH_EVIDENCE = "auto", "always", "with_evidence"

# Titles and roles that stand before a person's or a body's name (المشير حفتر).
TITLES = frozenset(
    normalize_arabic(title)
    for title in """
    المشير اللواء الجنرال العقيد العميد الرائد النقيب الفريق الوزير وزير الرئيس رئيس
    السفير المبعوث الناطق المتحدث القائد قائد المفتي الشيخ الأمين الخبير السياسي
    الدكتور مدير المدير الملك الأمير
    """.split()
)

# Words that stand before a place's name: what kind of place it is, or "in", "to".
PLACE_WORDS = frozenset(
    normalize_arabic(word)
    for word in """
    دولة جمهورية مملكة مدينة بلدة قرية منطقة محافظة ولاية إقليم عاصمة العاصمة في إلى
    """.split()
)


def bare(form: str) -> str:
    """A normalized word without the article (and the ل before it, as in للنفط)."""
    if form.startswith("لل") and len(form) > 4:
        return form[2:]
    if form.startswith(_ARTICLE) and len(form) > 4:
        return form[2:]
    return form


def nisba_forms(place_names: list[str]) -> set[str]:
    """The adjectives of place names that are not ordinary words themselves (ليبيا → ليبي,
    ليبيه; مصر → مصري): a name holding one (الجيش الليبي) is specific, not generic."""
    ordinary = ordinary_words()
    adjectives = set()
    for name in place_names:
        words = normalize_arabic(name.strip()).split()
        word = bare(words[0]) if len(words) == 1 else ""
        if not word or word in ordinary:
            continue
        if adjective(word) != word:
            adjectives |= {adjective(word), adjective(word) + "ه"}
    return adjectives


def adjective(word: str) -> str:
    """The relational adjective of a normalized word: ليبيا → ليبي, مصر → مصري, دوله → دولي."""
    stem = word[:-1] if word[-1] in "اه" else word
    return stem if stem.endswith("ي") else stem + "ي"


def is_ordinary_name(name: str, specific: set[str] | frozenset[str] = frozenset()) -> bool:
    """Whether every word of `name` is an ordinary word and, in a name of several words,
    none is an adjective of a place (`specific`, from `nisba_forms`): what the data says of
    an alias marked auto. A single word that is such an adjective (سورية, "Syrian") is
    ordinary all the same."""
    ordinary = ordinary_words()
    words = [bare(word) for word in normalize_arabic(name.strip()).split()]
    if len(words) > 1 and specific.intersection(words):
        return False
    return bool(words) and all(word in ordinary for word in words)


def is_short_name(name: str, kind: str) -> bool:
    """Whether `name` is an actor's one word of three letters (كنة): too short to stand alone."""
    words = normalize_arabic(name.strip()).split()
    return kind == "actor" and len(words) == 1 and len(words[0]) <= 3


def is_title(name: str) -> bool:
    """Whether `name` is a title or a role alone (المشير, الرئيس): it stands before the names
    of many (المشير طنطاوي, المشير البشير), so that alone it names none of them."""
    words = normalize_arabic(name.strip()).split()
    return len(words) == 1 and words[0] in TITLES


# What the data says of an alias that needs evidence (`evidence_needed`).
SHORT_NAME, TITLE_ALONE, ORDINARY_WORDS = "short name", "title alone", "ordinary words"


def evidence_needed(name: str, kind: str, specific: set[str] | frozenset[str] = frozenset()) -> str:
    """Why the data says a mention of the alias `name` of an entity of `kind` needs evidence
    (SHORT_NAME, TITLE_ALONE or ORDINARY_WORDS), or "" where it does not."""
    if is_short_name(name, kind):
        return SHORT_NAME
    if is_title(name):
        return TITLE_ALONE
    return ORDINARY_WORDS if is_ordinary_name(name, specific) else ""


def is_ambiguous(name: str, kind: str, mark: str, specific: set[str] | frozenset[str] = frozenset()) -> bool:
    """Whether a mention of the alias `name` of an entity of `kind` needs evidence, by the
    editor's `mark` or else the data."""
    if mark == AUTO:
        return bool(evidence_needed(name, kind, specific))
    return mark == WITH_EVIDENCE


@lru_cache(maxsize=100_000)
def _is_word_before(form: str, kind: str) -> bool:
    words = TITLES if kind == "actor" else PLACE_WORDS
    return any(word in words for _, word in proclitic_readings(form))


def announced(tokens: list[Token], first: int, last: int, kind: str, joined) -> bool:
    """Whether the word before tokens[first:last + 1] says that a name of `kind` follows: a
    title before an actor's one-word name (اللواء كنة; رئيس البنك المركزي is any bank's
    head), a kind of place or في, إلى before a place (جمهورية مالي)."""
    if kind == "actor" and last > first:
        return False
    return first > 0 and joined(first) and _is_word_before(tokens[first - 1].form, kind)


# "From" and "with", with or without "and": no adjective stands right after them.
_BEFORE_A_NOUN = frozenset({"من", "مع", "ومن", "ومع"})


def after_from_or_with(tokens: list[Token], first: int, joined) -> bool:
    """Whether من or مع stands right before tokens[first]: what follows is a noun, so a place
    spelt like its own adjective is the place (القادمة من سورية, not سلطات سورية)."""
    return first > 0 and joined(first) and tokens[first - 1].form in _BEFORE_A_NOUN


def surnames(aliases: list[tuple[str, tuple[str, int]]], people: frozenset) -> dict[tuple[tuple[str, int], tuple[str, ...]], frozenset[str]]:
    """(person, the words of its alias that ends another of its names: حفتر of خليفة حفتر) →
    the other words of its names, so that its own given names are known before its surname.
    Only `people`'s: the end of an organisation's name (الدولة الإسلامية of تنظيم الدولة
    الإسلامية) is no surname, and خليفة before it no given name."""
    names: dict[tuple[str, int], set[tuple[str, ...]]] = {}
    for alias, entity in aliases:
        if entity in people:
            names.setdefault(entity, set()).add(tuple(map(form_of, tokenize(alias))))
    found = {}
    for entity, forms in names.items():
        ends = [short for short in forms if short and any(len(long) > len(short) and long[-len(short) :] == short for long in forms)]
        own = frozenset(word for name in forms for word in name) - {word for short in ends for word in short}
        found |= {(entity, short): own for short in ends}
    return found


# The words between a person's name and a father's in a name chain: "son of", "daughter of".
_SON_OF = frozenset({"بن", "بنت", "ابن"})


def _name_before(tokens: list[Token], index: int, joined) -> tuple[tuple[str, ...], int]:
    """The readings of the name right before tokens[index], a word or a compound with عبد (عبد
    الله), as written and without و "and" on it, and the index of its first word."""
    start = index - 1
    if start > 0 and joined(start) and tokens[start - 1].form in ("عبد", "وعبد"):
        start -= 1
    words = " ".join(token.form for token in tokens[start:index])
    return ((words, words[1:]) if words.startswith("و") and len(words) > 1 else (words,)), start


def given_name_before(tokens: list[Token], first: int, own: frozenset[str], joined) -> tuple[str, ...]:
    """The readings, as written and without و "and" on it, of the given name (`given_names`,
    or the person's `own` words) right before tokens[first] (عمرو فركاش, وعبد الله فركاش); of
    the first name of a chain (عادل بن أحمد الجبير, عادل أحمد الجبير); none where another word
    stands there (a title, a verb)."""
    given = given_names()

    def is_name(readings: tuple[str, ...]) -> bool:
        return any(reading in given or own.issuperset(reading.split()) for reading in readings)

    if first == 0 or not joined(first):
        return ()
    names, start = _name_before(tokens, first, joined)
    if not is_name(names):
        return ()
    # In a chain the name before the surname is a father's: the person's stands first.
    while start > 0 and joined(start):
        son_of = tokens[start - 1].form in _SON_OF
        if son_of and (start == 1 or not joined(start - 1)):
            break
        earlier, earlier_start = _name_before(tokens, start - 1 if son_of else start, joined)
        if not (son_of or is_name(earlier)):
            break
        names, start = earlier, earlier_start
    return names


def others_surnames(names: list, tokens: list[Token], surnames: dict, joined) -> list:
    """`names` ((first, last, proclitic letters, entity, ambiguous) each) but a person's
    surname alone (`surnames`) right after another's given name (`given_name_before`: عمرو
    فركاش is not Safia Farkash). Where that given name stands right before the surname, not
    at the head of a name chain (محمد بن زايد حفتر may be a host and his guest), the surname
    alone is the other person's throughout the text («ويضيف فركاش»), but where the text
    also names the person in full, after a given name of their own or after a title (قال
    المشير حفتر إن نجله خالد حفتر عاد، وأكد حفتر: the marshal twice). A surname with a
    proclitic (وفركاش) is not after a given name: it begins a name of its own."""
    kept, others, named = [], set(), set()
    for name in names:
        first, last, skip, entity, _ = name
        own = surnames.get((entity, (tokens[first].form[skip:], *map(form_of, tokens[first + 1 : last + 1]))))
        before = () if own is None or skip else given_name_before(tokens, first, own, joined)
        if before and not any(own.issuperset(reading.split()) for reading in before):
            if before == _name_before(tokens, first, joined)[0]:
                others.add(entity)
            continue
        kept.append((name, own is not None))
        if own is None or before or (first and not skip and joined(first) and _is_word_before(tokens[first - 1].form, "actor")):
            named.add(entity)
    return [name for name, alone in kept if not (alone and name[3] in others - named)]


def reads_as_its_adjective(text: str, tokens: list[Token], name: tuple, adjectives: dict, joined) -> bool:
    """Whether a place's one-word name spelt as its adjective (`adjectives`: سورية, Syria and
    "Syrian") stands where the adjective does in `text`: after غير, "non-", or after an
    indefinite noun or adjective written in ة (عائلة سورية, ليرة سورية, قوات تركمانية سورية;
    not after a verb in ه, لا يشبه سورية); after و, following another such adjective in ية
    (مصادر عراقية وسورية; not عامة وسورية, أنقرة وسورية); between an indefinite word and أخرى
    (ومدنًا سورية أخرى); or after an indefinite plural (in ات, or of the shape مفاعل, فعائل)
    and before an indefinite word in ة or و and an indefinite adjective in ية (فصائل سورية
    معارضة, جنسيات سورية وعربية).
    Not after a preposition (في سورية وعملية السلام, من سورية وتركيا), where it is the place."""
    first, last, skip, entity, _ = name
    form = tokens[first].form
    if first != last or skip > 1 or (skip and form[0] not in "وف") or adjectives.get(form[skip:]) != entity:
        return False
    has_before, has_after = first > 0 and joined(first), first + 1 < len(tokens) and joined(first + 1)
    if has_before and tokens[first - 1].form == "غير" and not skip:
        return True
    before, before_stem = _indefinite(text, tokens, first - 1) if has_before else ("", "")
    if skip:
        return before.endswith(_NISBA)
    if before.endswith(_TEH_MARBUTA):
        return True
    if not (before and has_after):
        return False
    if tokens[first + 1].form in _ANOTHER:
        return True
    after, _ = _indefinite(text, tokens, first + 1)
    adjective_after = after.endswith(_TEH_MARBUTA) or (after[:1] in ("و", "ف") and after.endswith(_NISBA) and len(after) > 4)
    return adjective_after and _plural(before_stem)


_TEH_MARBUTA = ("ة", "ۃ")
_NISBA = ("ية", "يۃ")
# "Another" (أخرى) and "others" (أخريات), normalized: they follow an adjective, never a place's name.
_ANOTHER = frozenset({"اخري", "اخريات"})


def _indefinite(text: str, tokens: list[Token], index: int) -> tuple[str, str]:
    """tokens[index] as written without its last marks, and its normalized stem, where it is
    a word of more than three letters without the article; else ('', '')."""
    token = tokens[index]
    stem, definite = stem_and_article(token.form)
    return ("", "") if definite or len(stem) <= 3 else (_LAST_MARKS.sub("", text[token.start : token.end]), stem)


def _plural(stem: str) -> bool:
    """Whether a normalized word without proclitics reads as a plural: in ات (تنظيمات), or
    of the broken plurals' shape مفاعل, فعائل (مصادر, فصائل), which verbs and form VI nouns
    (يتابع, تبادل) share only with a first letter of their own."""
    return stem.endswith("ات") or (len(stem) == 5 and stem[2] == "ا" and stem[0] not in "يتنا")


def qualified(tokens: list[Token], last: int, joined) -> bool:
    """Whether an adjective follows a name and makes it another entity: البنك المركزي
    الأوروبي is not the central bank the gazetteer means, nor أمريكا الجنوبية America."""
    after = last + 1
    if after == len(tokens) or not joined(after):
        return False
    form = tokens[after].form
    return form.startswith(_ARTICLE) and len(form) > 5 and (form.endswith("ي") or form.endswith("يه"))


def in_lists_of_places(names: list, tokens: list[Token]) -> set[int]:
    """The first words of the places named next to another place the article names plainly,
    the later of the two joined by و (تونس والمغرب, المغرب وتونس): a list of places."""
    plain = [(first, last) for first, last, _, entity, ambiguous in names if entity[0] == "place" and not ambiguous]
    plain_ends, plain_starts = {last for _, last in plain}, {first for first, _ in plain}
    listed = set()
    for first, last, skip, entity, _ in names:
        if entity[0] != "place":
            continue
        if first - 1 in plain_ends and tokens[first].form[:skip].startswith("و"):
            listed.add(first)
        if last + 1 in plain_starts and tokens[last + 1].form.startswith("و"):
            listed.add(first)
    return listed


def namesakes_abroad(aliases: list[tuple[str, tuple]], countries: frozenset) -> dict[tuple, set[tuple]]:
    """The places of `aliases` whose name a place abroad shares → the countries of those
    places (data/namesakes_abroad.txt: طرابلس → Lebanon), where the gazetteer holds both."""
    entities = {normalize_arabic(alias.strip()): entity for alias, entity in aliases}
    found: dict[tuple, set[tuple]] = {}
    for place_name, country_name in namesakes():
        place, country = entities.get(normalize_arabic(place_name)), entities.get(normalize_arabic(country_name))
        if place is not None and country in countries:
            found.setdefault(place, set()).add(country)
    return found


def meant_abroad(kept: list, found: list, tokens: list[Token], gazetteer) -> set[tuple]:
    """The places named ambiguously in `kept` (and nowhere plainly) that the article means
    abroad: it names the country of a place abroad of their name, and never their own
    (their homes' country: Libya, for طرابلس الليبية). «جبل محسن في طرابلس» in a story
    naming Lebanon alone is Lebanon's Tripoli; a Libyan story naming Tunisia alone keeps its
    Tripoli, which a rule on any other country had lost."""
    places = {name[3] for name in kept if name[4] and name[3] in gazetteer.namesakes} - {name[3] for name in kept if not name[4]}
    if not places:
        return set()
    named = countries_named(found, kept, tokens, gazetteer.adjectives, gazetteer.countries)
    return {
        place
        for place in places
        if any(named[country] for country in gazetteer.namesakes[place])
        and not any(named[country] for country in gazetteer.homes.get(place, set()) & gazetteer.countries)
    }


def countries_named(found: list, linked: list, tokens: list[Token], adjectives: dict, countries: frozenset) -> Counter:
    """How often the text names each of `countries`: where a name of it stands `linked`
    (names as `linking.find_mentions` holds them), and by its
    adjective (الليبية, والمصري) outside every name `found` (not المغربية in «المملكة
    المغربية», which is the name itself, nor «مالي» read as "financial")."""
    inside = {i for first, last, *_ in found for i in range(first, last + 1)}
    named = Counter(name[3] for name in linked if name[3] in countries)
    for i, token in enumerate(tokens):
        country = adjectives.get(bare(token.form))
        if country is None and token.form[:1] in "وف":
            country = adjectives.get(bare(token.form[1:]))
        if country in countries and i not in inside:
            named[country] += 1
    return named


def stands_as_a_latin_name(text: str, tokens: list[Token], first: int, last: int, start: int) -> bool:
    """Whether the Latin name of tokens[first:last + 1], from `start` in an article's `text`,
    stands as a name of its own there: written with a capital letter (france in «meilleur
    ouvrier de france» is a word of a French phrase), and not between two capitalised Latin
    words written together with it (UK in «DICO UK Property Holdings», a company's name;
    Tripoli in «protesters in Tripoli on Friday» is a name)."""
    if not any(character.isupper() for character in text[start : tokens[last].end]):
        return False
    return not (_capitalised_beside(text, tokens, first, first - 1) and _capitalised_beside(text, tokens, last, last + 1))


def _capitalised_beside(text: str, tokens: list[Token], index: int, neighbour: int) -> bool:
    """Whether tokens[neighbour] is a Latin word in capitals, only spaces between it and tokens[index]."""
    if not 0 <= neighbour < len(tokens):
        return False
    word = tokens[neighbour]
    between = text[tokens[index].end : word.start] if neighbour > index else text[word.end : tokens[index].start]
    return word.form.isascii() and word.form.isalpha() and text[word.start].isupper() and not between.strip()

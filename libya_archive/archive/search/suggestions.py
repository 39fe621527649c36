"""A query that finds nothing: the same query with its unknown words corrected to
words the archive's vocabulary holds."""

from collections import Counter
from typing import NamedTuple

from libya_archive.archive.arabic import (
    STOP_WORDS,
    Token,
    original_offset,
    search_form,
    stem_and_article,
    tokenize,
)
from libya_archive.archive.models import (
    Article,
    SearchTerm,
)
from libya_archive.archive.postgres import ids_up_to
from libya_archive.archive.search.query import ParsedQuery, lexeme, raw_query
from libya_archive.archive.word_shingles import phrase_shingles

_ARABIC_LETTERS = "ءابتثجحخدذرزسشصضطظعغفقكلمنهوي"


_LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _one_edit_away(word: str) -> set[str]:
    letters = _LATIN_LETTERS if word.isascii() else _ARABIC_LETTERS
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return (
        {a + b[1:] for a, b in splits if b}
        | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
        | {a + c + b[1:] for a, b in splits if b for c in letters}
        | {a + c + b for a, b in splits for c in letters}
    ) - {word}


# Letters that sound alike and that writers type one for the other (حفطر for حفتر, الرياظ
# for الرياض): a correction that puts one for its pair is the likeliest, before the
# commonest word a letter more or less away (حفطر had been corrected to الفطر).
_SOUNDING_ALIKE = ("تط", "ضظ", "دض", "ذز", "ذد", "ثس", "ثت", "سص", "حه", "قك", "اع")
_ALIKE = frozenset(pair for letters in _SOUNDING_ALIKE for pair in (letters, letters[::-1]))


# A sound-alike held by this many times fewer articles than the commonest word a letter away
# is likelier a slip of the archive's own than what was meant (حفتر, in 15 articles of the
# dev corpus, is 85 times rarer than الفطر).
SOUND_ALIKE_RARER = 200


def _sounds_alike(word: str, other: str) -> bool:
    """Whether `other` is `word` with one letter put for one that sounds like it."""
    if len(word) != len(other):
        return False
    changed = [(a, b) for a, b in zip(word, other, strict=True) if a != b]
    return len(changed) == 1 and changed[0][0] + changed[0][1] in _ALIKE


# The most words of a query corrected: each costs a look-up of its variants and a read of
# the articles holding the best, and a query of dozens of words the archive lacks is no
# typo (the rest are left as typed).
CORRECTED_WORDS = 5


def suggest_corrections(query: str, parsed: ParsedQuery) -> list[str]:
    """Queries one edit away from `query` whose words the archive holds, most common first.

    Each word the archive's vocabulary lacks is replaced by a vocabulary word one letter
    away (a letter missing, extra, changed or swapped): one with a letter that sounds like
    the one typed first, then one a letter from the word as typed, then the commonest; of
    the three likeliest, the one the archive most often writes beside the words typed next
    to it (`_read_beside`). A word that is two words the archive writes side by side, the
    space between them missed (كيمون, مجلسالأمن), is read as the two (`_space_missed`).
    """
    words = [t for t in parsed.words if search_form(t.form) not in STOP_WORDS]
    known = set(SearchTerm.objects.filter(word__in=[search_form(t.form) for t in words]).values_list("word", flat=True))
    corrections: dict[str, _Correction] = {}  # each word as typed that the vocabulary lacks, looked up once
    written: dict[tuple[str, str], str] = {}  # each correction as written after the proclitics kept
    replacements: list[tuple[Token, str]] = []
    for token in words:
        form = search_form(token.form)
        if form in known or len(form) < 3:
            continue
        if token.form not in corrections:
            if len(corrections) == CORRECTED_WORDS:
                continue
            corrections[token.form] = _correct(token, query, parsed.words, known)
        correction = corrections[token.form]
        if correction.space is not None:
            cut = original_offset(query, token, correction.space)  # a mark typed inside moves it
            replacements.append((token, f"{query[token.start : cut]} {query[cut : token.end]}"))
        elif correction.word is not None:
            key = (correction.word, "" if correction.as_typed else _proclitics(token.form))
            if key not in written:
                written[key] = _as_written(*key)
            replacements.append((token, written[key]))
    if not replacements:
        return []
    suggestion = query
    for token, word in sorted(replacements, key=lambda r: r[0].start, reverse=True):
        suggestion = suggestion[: token.start] + word + suggestion[token.end :]
    return [suggestion]


class _Correction(NamedTuple):
    word: str | None  # the search form a word is corrected to
    as_typed: bool  # a letter from the word as typed, whose first letters are then no proclitics (لبنن, لبنان)
    space: int | None  # where a space was missed in it, read as two words


def _correct(token: Token, query: str, typed: tuple[Token, ...], known: set[str]) -> _Correction:
    """The correction of a word the vocabulary lacks. The few hundred variants are looked up
    by word through the key, the best chosen here. Never a function word: a query drops it,
    so the correction would be no word at all (كوفيد had been corrected to وفي, "and in"). A
    word a letter away from the word as typed, read without proclitics, comes before a letter
    away from the typed word's search form: لبنن is لبنان mistyped, not ل + بن, nor لبان."""
    form = search_form(token.form)
    whole = [variant for variant in _one_edit_away(token.form) if stem_and_article(variant)[0] == variant]
    as_typed = set(map(search_form, whole)) - STOP_WORDS
    variants = (_one_edit_away(form) - STOP_WORDS) | as_typed
    halves = _halves(token.form)
    wanted = variants | {search_form(half) for pair in halves for half in pair}
    documents = dict(SearchTerm.objects.filter(word__one_of=wanted).values_list("word", "documents"))
    found = [(count, word) for word, count in documents.items() if word in variants]
    commonest = max((count for count, _ in found), default=0)

    def likeliest(row: tuple[int, str]) -> tuple:
        count, word = row
        sounds_alike = _sounds_alike(form, word) and count * SOUND_ALIKE_RARER >= commonest
        return (not sounds_alike, word not in as_typed, -count, word)

    neighbours = _neighbours(token, query, typed, known)
    best = _read_beside(sorted(found, key=likeliest)[:BESIDE_CANDIDATES], neighbours)
    return _Correction(best, best in as_typed, _space_missed(halves, documents, best is None))


# The likeliest corrections of a word that the words typed beside it choose between, and
# how many articles holding one beside them are counted at most.
BESIDE_CANDIDATES = 3
BESIDE_COUNTED = 100


def _neighbours(token: Token, query: str, typed: tuple[Token, ...], known: set[str]) -> list[tuple[str, str]]:
    """The words typed right before and after `token` in `query` (of the query's words
    `typed`), nothing but white space between, that the archive holds and a query does not
    drop, each as the pair of search forms a correction would make with it: (before, "")
    and ("", after)."""
    index = typed.index(token)
    pairs = []
    if index > 0 and query[typed[index - 1].end : token.start].isspace():
        if (before := search_form(typed[index - 1].form)) in known:
            pairs.append((before, ""))
    if index + 1 < len(typed) and query[token.end : typed[index + 1].start].isspace():
        if (after := search_form(typed[index + 1].form)) in known:
            pairs.append(("", after))
    return pairs


def _read_beside(candidates: list[tuple[int, str]], neighbours: list[tuple[str, str]]) -> str | None:
    """Of `candidates` (documents, search form), likeliest first, the one the archive most
    often writes beside the words typed next to it (`neighbours`), by the articles holding
    the pair (`word_shingles`), up to BESIDE_COUNTED; the likeliest where none is: ولي العحد
    is ولي العهد, which stands together in thousands of articles, not ولي أحد, whose أحد
    is commoner alone and a sound-alike too (ع for ا)."""
    if not candidates:
        return None
    if len(candidates) == 1 or not neighbours:
        return candidates[0][1]

    def beside(word: str) -> int:
        shingles = [shingle for before, after in neighbours for shingle in phrase_shingles([before or word, after or word])]
        return len(ids_up_to(Article.objects.filter(search_shingles__overlap=shingles), BESIDE_COUNTED))

    return max(candidates, key=lambda candidate: beside(candidate[1]))[1]  # of equals, the likeliest: the first


# In how many articles two words must stand side by side for a word typed as the two
# without the space to be read so rather than corrected a letter away: a typo that is two
# words by chance (منشاش, من شاش) has them together in a few (docs/search.md).
SPACE_MISSED_SEEN = 10
SPLITS_TRIED = 3


def _halves(form: str) -> list[tuple[str, str]]:
    """The ways to read a normalized word as two of at least two letters each, the article
    never alone (ال + المتحدة is no reading of الالمتحدة)."""
    return [(form[:i], form[i:]) for i in range(2, len(form) - 1) if "ال" not in (form[:i], form[i:])]


def _space_missed(halves: list[tuple[str, str]], documents: dict[str, int], uncorrected: bool) -> int | None:
    """Where to put the space in a word of these `halves` whose two words the vocabulary
    holds (`documents`: each word's articles) and the archive writes side by side, in the
    most articles: in at least SPACE_MISSED_SEEN, or any where a letter away gives no
    correction; else None. Only the SPLITS_TRIED splits of the commonest words are read: two
    words in fewer articles than that cannot stand together in more."""
    least = 1 if uncorrected else SPACE_MISSED_SEEN
    pairs = [[search_form(first), search_form(second)] for first, second in halves]
    seen_apart = [min(documents.get(form, 0) for form in forms) for forms in pairs]
    tried = sorted((i for i, apart in enumerate(seen_apart) if apart >= least), key=lambda i: -seen_apart[i])[:SPLITS_TRIED]
    best, at = 0, None
    for i in tried:
        # The shingles find the articles fast but may hold the pair by a hash's chance: the
        # search text says whether they stand together.
        together = Article.objects.filter(
            search_shingles__overlap=phrase_shingles(pairs[i]), search_vector=raw_query(" <-> ".join(map(lexeme, pairs[i])))
        )
        seen = len(ids_up_to(together, BESIDE_COUNTED))
        if seen > best:
            best, at = seen, len(halves[i][0])
    return at if best >= least else None


# How many articles holding a form are read to find how the archive writes it most.
SPELLING_SAMPLE = 20


def _as_written(word: str, proclitics: str) -> str:
    """How the archive writes a search form most often, among a few articles holding it
    (الرياض rather than رياض, الصخيرات for صخير), with the `proclitics` typed if it writes it
    so (الدمامم is الدمام mistyped, not بالدمام); the shortest of the commonest; the form
    itself if none is found."""
    holding = Article.objects.filter(search_vector=raw_query(lexeme(word)))
    # Any articles holding it will do: a slice of the unordered matches, since ordering them
    # would let PostgreSQL walk an index, testing every article on the way.
    bodies = holding.order_by().values_list("body", flat=True)[:SPELLING_SAMPLE]
    tokens = [(body[t.start : t.end], t.form) for body in bodies for t in tokenize(body) if search_form(t.form) == word]
    spellings = Counter(spelling for spelling, _ in tokens)
    others = {spelling for spelling, form in tokens if _proclitics(form) != proclitics}
    return min(spellings, key=lambda spelling: (spelling in others, -spellings[spelling], len(spelling), spelling), default=word)


def _proclitics(form: str) -> str:
    """The letters before a normalized word's stem: its proclitics and article (بال of بالدمام)."""
    return form[: len(form) - len(stem_and_article(form)[0])]

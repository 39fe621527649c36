"""Name-like phrases that no actor or place has yet, for editors to turn into actors.

Arabic has no capital letters, so names are found by what stands before them: a title
or role (المشير حفتر، الوزير فابيوس، الخبير ماتيا توالدو). A run of Latin words in Arabic
text (The Telegraph) is name-like too, unless its words are all common English ones: a news
site's own navigation (Next Previous, Read more) copied with its articles.
"""

import re
from bisect import bisect_right
from collections import Counter
from functools import lru_cache
from itertools import compress, count

from django.db import connection

from libya_archive.archive.ambiguity import TITLES, is_ordinary_name
from libya_archive.archive.arabic import (
    STOP_WORDS,
    Token,
    form_of,
    next_to,
    normalize_arabic,
    proclitic_readings,
    stem_and_article,
    tokenize,
)
from libya_archive.archive.linking import Gazetteer, find_mentions
from libya_archive.archive.models import NameCandidate
from libya_archive.archive.wordlists import given_names, ordinary_words, page_words, whole_words

MAX_NAME_WORDS = 3
NAME_LIMIT = NameCandidate._meta.get_field("name").max_length
# Words that a name's next word completes, whatever it is (عبد العزيز, بن علي, أبو بكر): a
# name never ends on one, and the word after one does not count towards MAX_NAME_WORDS.
_CONNECTORS = frozenset(normalize_arabic(word) for word in "بن بنت ابن عبد أبو آل".split())


@lru_cache(maxsize=100_000)
def _is_title(form: str) -> bool:
    return any(word in TITLES for _, word in proclitic_readings(form))


@lru_cache(maxsize=100_000)
def _is_definite(form: str) -> bool:
    """Whether a word is definite, after any proclitics (الداخلية, والإعلام, للدفاع; not
    فالح, whose first letters are its own)."""
    return form.startswith("ال") or stem_and_article(form)[1]


@lru_cache(maxsize=100_000)
def _after_a_preposition(form: str) -> bool:
    """Whether a word reads as ب, ك or ل before a definite or an ordinary word (لخادم
    الحرمين, بشرطة منطقة, بمدينة): what a title or a name goes on with, never a name's word.
    Not a given name (بدر, بندر) or one after the article (بالقاسم); before an ordinary word,
    not a word whose first letters are its own (`whole_words`: لكنه), nor a preposition before
    three letters (بشار, باسم, كمال) but for a noun in ة (لكرة القدم)."""
    names = given_names()
    if form in names:
        return False
    for letters, word in proclitic_readings(form):
        if not letters or form[letters - 1] not in "بكل":
            continue
        if word.startswith("ال") and word[2:] not in names:
            return True
        if form not in whole_words() and word in ordinary_words() and (len(word) > 3 or word.endswith("ه")):
            return True
    return False


def _is_page_text(words: list[str]) -> bool:
    """Latin words, as written, that are all common English words: a site's navigation or a
    phrase, not a name. One short word in capitals is an acronym (US, WHO, IS), not the word;
    a run of them (SHARE ON) is a button."""
    if len(words) == 1 and len(words[0]) <= 3 and words[0].isupper():
        return False
    return all(word.lower() in page_words() for word in words)


def candidate_names(text: str, gazetteer: Gazetteer, tokens: list[Token] | None = None, mentions=None) -> list[str]:
    """Phrases in `text` that look like names and that the gazetteer does not know."""
    return [name for name, _ in candidate_sightings(text, gazetteer, tokens, mentions)]


_SENTENCE_END = re.compile(r"[.!?؟\n]")
_SPACE = re.compile(r"\s")
MAX_CONTEXT = 300


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of `text` holding text[start:end], cut to about MAX_CONTEXT characters
    either side, between words and with an ellipsis where it is cut (it had begun «، فإن…»)."""
    begin, lead = max(0, start - MAX_CONTEXT), ""
    ends = [m.end() for m in _SENTENCE_END.finditer(text, begin, start)]
    if ends:
        begin = ends[-1]
    elif begin:
        lead = "…"
        if not text[begin - 1].isspace() and (space := _SPACE.search(text, begin, start)):
            begin = space.end()
    finish, tail = min(len(text), end + MAX_CONTEXT), ""
    if after := _SENTENCE_END.search(text, end, finish):
        finish = after.end()
    elif finish < len(text):
        tail = "…"
        if not text[finish].isspace() and (spaces := [m.start() for m in _SPACE.finditer(text, end, finish)]):
            finish = spaces[-1]
    return lead + " ".join(text[begin:finish].split()) + tail


def candidate_sightings(
    text: str, gazetteer: Gazetteer, tokens: list[Token] | None = None, mentions=None
) -> list[tuple[str, str]]:
    """(name, the sentence it stands in) for each phrase in `text` that looks like a name and
    that the gazetteer does not know; its `tokens` and `mentions` (from
    `linking.find_mentions`) are found if not given."""
    tokens = tokenize(text) if tokens is None else tokens
    mentions = find_mentions(text, gazetteer, tokens) if mentions is None else mentions
    starts = [token.start for token in tokens]
    # The words where a known name begins (a mention may start after a proclitic).
    known = {bisect_right(starts, mention.start) - 1 for mention in mentions}

    def joined(i: int) -> bool:
        return next_to(text, tokens[i - 1], tokens[i])

    def name_word(i: int) -> bool:
        form = tokens[i].form
        return (
            joined(i) and form not in STOP_WORDS and not _is_title(form) and not form.isdigit() and not _after_a_preposition(form)
        )

    def goes_on(i: int) -> bool:
        """Whether tokens[i], after a name's first word, is its next: not "and" with a
        definite or a function word (باراك أوباما والحكومة, "and the government"), where a
        name's own word may begin with و (أحمد وجدي)."""
        if not name_word(i) or i in known:
            return False
        form = tokens[i].form
        return not (form[:1] in "وف" and (form[1:] in STOP_WORDS or form[1:].startswith("ال")))

    # A name follows a title or is in Latin letters: those few words are picked out in C,
    # and only they are looked at.
    forms = list(map(form_of, tokens))
    may_begin = sorted({*compress(count(), map(_is_title, forms)), *compress(count(), map(str.isascii, forms))})
    names = []
    for index in may_begin:
        token = tokens[index]
        if _is_title(token.form):
            # Skip what completes the title (وزير الخارجية الفرنسي, الأمين العام, وزير الثقافة
            # والإعلام): definite words. A name then starts with a word without the article
            # (محمد الزقل).
            start = index + 1
            while (
                start < len(tokens)
                and start - index <= MAX_NAME_WORDS
                and start not in known
                and _is_definite(tokens[start].form)
            ):
                start += 1
            if start == len(tokens) or start - index > MAX_NAME_WORDS or not name_word(start) or start in known:
                continue
            end = start + 1
            while end < len(tokens) and end - start < MAX_NAME_WORDS and goes_on(end):
                end += 1
            # A connector takes the word after it, past MAX_NAME_WORDS and its article and all
            # (سلمان بن عبد العزيز), up to MAX_NAME_WORDS more; a name left ending on one is no name.
            last = end + MAX_NAME_WORDS
            while end < min(len(tokens), last) and tokens[end - 1].form in _CONNECTORS and joined(end) and end not in known:
                end += 1
            if tokens[end - 1].form in _CONNECTORS:
                continue
        elif token.form.isascii() and text[token.start].isupper() and (index == 0 or not tokens[index - 1].form.isascii()):
            start, end = index, index + 1
            while end < len(tokens) and tokens[end].form.isascii() and joined(end):
                end += 1
            if start in known or _is_page_text([text[t.start : t.end] for t in tokens[start:end]]):
                continue
        else:
            continue
        span = tokens[start].start, tokens[end - 1].end
        name = text[span[0] : span[1]]
        # Ordinary words after a title are a role or a description (القائد عمليات), not a name;
        # an alias that needs evidence is known, where the text gives none; one or two Arabic
        # letters alone are an abbreviation (د. for doctor, م. for engineer); a run longer than
        # a name's column (a page's tag cloud in Latin letters) is none.
        if (len(name) <= 2 and not name.isascii()) or len(name) > NAME_LIMIT:
            continue
        if is_ordinary_name(name) or gazetteer.is_alias(tokens[start:end]):
            continue
        names.append((name, sentence_around(text, *span)))
    return names


def record_candidates(counts: Counter[str], examples: dict[str, tuple[int, str]]) -> None:
    """Add these sightings of candidate names (name → times; name → an article id and the
    sentence) to the counts editors see. One statement, in a fixed order, so imports
    running side by side neither lose counts nor deadlock. Called by `services` only."""
    by_normalized: dict[str, tuple[str, int, tuple[int, str]]] = {}
    for name, times in counts.items():
        key = normalize_arabic(name)
        _, seen, _ = by_normalized.get(key, (name, 0, (0, "")))
        by_normalized[key] = (name, seen + times, examples[name])
    if not by_normalized:
        return
    keys = sorted(by_normalized)
    table = NameCandidate._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (normalized, name, occurrences, example_id, context, dismissed) "
            "SELECT * , false FROM unnest(%s::text[], %s::text[], %s::int[], %s::bigint[], %s::text[]) "
            f"ON CONFLICT (normalized) DO UPDATE SET occurrences = {table}.occurrences + EXCLUDED.occurrences, "
            # A candidate whose example article was deleted takes the new one.
            f"example_id = coalesce({table}.example_id, EXCLUDED.example_id), "
            f"context = CASE WHEN {table}.example_id IS NULL THEN EXCLUDED.context ELSE {table}.context END",
            [
                keys,
                [by_normalized[k][0] for k in keys],
                [by_normalized[k][1] for k in keys],
                [by_normalized[k][2][0] for k in keys],
                [by_normalized[k][2][1] for k in keys],
            ],
        )


def uncount_candidates(counts: Counter[str]) -> None:
    """Take these sightings (name → times) of texts being deleted or replaced out of the counts, and
    drop the candidates no article holds any more but the ones editors dismissed. The rows
    are locked in the order `record_candidates` takes them, so an import beside it cannot
    deadlock with it. Raw SQL: the ORM cannot update from a list of pairs. Called by
    `services` only."""
    gone: Counter[str] = Counter()
    for name, times in counts.items():
        gone[normalize_arabic(name)] += times
    if not gone:
        return
    keys = sorted(gone)
    table = NameCandidate._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            # In the order of Python's sort, as `record_candidates` takes them: by code point.
            f'WITH locked AS (SELECT id, normalized FROM {table} WHERE normalized = ANY(%s) ORDER BY normalized COLLATE "C" FOR UPDATE) '
            f"UPDATE {table} SET occurrences = greatest({table}.occurrences - gone.times, 0) "
            "FROM locked JOIN unnest(%s::text[], %s::int[]) AS gone (normalized, times) USING (normalized) "
            f"WHERE {table}.id = locked.id",
            [keys, keys, [gone[key] for key in keys]],
        )
    NameCandidate.objects.filter(normalized__in=keys, occurrences=0, dismissed=False).delete()


def candidates_count_from_none() -> None:
    """Set every candidate's count to none, before a pass that records every article's
    candidates again (`record_candidates`), inside the transaction that lists the articles
    it will read. The table's lock, which `record_candidates`' upsert waits on, puts each
    import's counting wholly before that list (its articles on it) or wholly after (its
    counts kept). Raw SQL: the ORM cannot lock a table. Called by `services` only."""
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {NameCandidate._meta.db_table} IN SHARE ROW EXCLUSIVE MODE")
    NameCandidate.objects.update(occurrences=0)


def forget_unseen_candidates() -> None:
    """After such a pass has read every article: drop the candidates no article holds any
    more, but the ones editors dismissed, which stay dismissed should they come back. Called
    by `services` only."""
    NameCandidate.objects.filter(occurrences=0, dismissed=False).delete()

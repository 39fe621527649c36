"""Name-like phrases that no actor or place has yet, for editors to turn into actors.

Arabic has no capital letters, so names are found by what stands before them: a title
or role (المشير حفتر، الوزير فابيوس، الخبير ماتيا توالدو). A run of Latin words in Arabic
text (The Telegraph) is name-like too.
"""

from collections import Counter

from django.db import transaction
from django.db.models import F

from libya_archive.archive.arabic import STOP_WORDS, normalize_arabic, proclitic_readings, tokenize
from libya_archive.archive.linking import Gazetteer, names_in_words
from libya_archive.archive.models import Article, NameCandidate

TITLES = frozenset(
    normalize_arabic(title)
    for title in """
    المشير اللواء الجنرال العقيد العميد الرائد النقيب الفريق الوزير وزير الرئيس رئيس
    السفير المبعوث الناطق المتحدث القائد قائد المفتي الشيخ الأمين الخبير السياسي
    الدكتور مدير المدير الملك الأمير
    """.split()
)
MAX_NAME_WORDS = 3


def _is_title(form: str) -> bool:
    return any(word in TITLES for _, word in proclitic_readings(form))


def candidate_names(text: str, gazetteer: Gazetteer) -> list[str]:
    """Phrases in `text` that look like names and that the gazetteer does not know."""
    tokens = tokenize(text)
    known = {first for first, *_ in names_in_words(tokens, gazetteer, joined=lambda i: True)}

    def joined(i: int) -> bool:
        return text[tokens[i - 1].end : tokens[i].start].isspace()

    def name_word(i: int) -> bool:
        form = tokens[i].form
        return joined(i) and form not in STOP_WORDS and not _is_title(form) and not form.isdigit()

    names = []
    for index, token in enumerate(tokens):
        if _is_title(token.form):
            # Skip what completes the title (وزير الخارجية الفرنسي, الأمين العام): definite
            # words. A name then starts with a word without the article (محمد الزقل).
            start = index + 1
            while (
                start < len(tokens)
                and start - index <= MAX_NAME_WORDS
                and start not in known
                and tokens[start].form.startswith("ال")
            ):
                start += 1
            if start == len(tokens) or start - index > MAX_NAME_WORDS or not name_word(start) or start in known:
                continue
            end = start + 1
            while end < len(tokens) and end - start < MAX_NAME_WORDS and name_word(end) and end not in known:
                end += 1
        elif token.form.isascii() and text[token.start].isupper() and (index == 0 or not tokens[index - 1].form.isascii()):
            start, end = index, index + 1
            while end < len(tokens) and tokens[end].form.isascii() and joined(end):
                end += 1
            if start in known:
                continue
        else:
            continue
        names.append(text[tokens[start].start : tokens[end - 1].end])
    return names


def record_candidates(article: Article, gazetteer: Gazetteer) -> None:
    """Count the article's candidate names (editors see them in the admin)."""
    counts = Counter(candidate_names(article.body, gazetteer))
    if not counts:
        return
    with transaction.atomic():
        for name, times in counts.items():
            candidate, created = NameCandidate.objects.get_or_create(
                normalized=normalize_arabic(name), defaults={"name": name, "occurrences": times, "example": article}
            )
            if not created:
                NameCandidate.objects.filter(pk=candidate.pk).update(occurrences=F("occurrences") + times)

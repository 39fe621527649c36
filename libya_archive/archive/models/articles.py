"""Articles, their groups of near-duplicates and the search index's vocabulary: what the
archive holds and what search reads."""

from functools import lru_cache
from importlib import resources

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Func, Value
from django.db.models.functions import Coalesce
from django.urls import get_script_prefix, reverse

from libya_archive.archive.paging import STRETCH_CONDITIONS, cursor_at
from libya_archive.archive.postgres import integer_array_literal, table_estimate

# The search vector is built over text that `arabic.search_document` has already
# normalized and stripped of clitics, so PostgreSQL must not stem it again: 'simple'.
SEARCH_CONFIG = "simple"
SEARCH_INDEX_NAME = "article_search_vector_gin"
SHINGLES_INDEX_NAME = "article_search_shingles_gin"
TITLE_INDEX_NAME = "article_search_title_gin"
# The title's words as written (`title_as_written`) as a search vector, for an index of its
# own: which titles hold a word as the reader typed it, and PostgreSQL's estimate of how many.
TITLE_WRITTEN_VECTOR = SearchVector("title_as_written", config=SEARCH_CONFIG)
TITLE_WRITTEN_INDEX_NAME = "article_search_written_gin"


# What an article's search vector is built from, in its order.
SEARCH_TEXT_FIELDS = ("search_title", "search_lead", "search_body", "search_entities")
# What the vocabulary (`SearchTerm`) counts an article for: the forms of its own words.
VOCABULARY_FIELDS = SEARCH_TEXT_FIELDS[:3]
# What an article's text derives as text: its search text, and its title's words as written.
DERIVED_TEXT_FIELDS = (*SEARCH_TEXT_FIELDS, "title_as_written")


class ArticleQuerySet(models.QuerySet):
    def newest_first(self) -> "ArticleQuerySet":
        return self.order_by(models.F("published_on").desc(nulls_last=True), "-id")

    def in_stretch(self, stretch: str, bounds: dict) -> "ArticleQuerySet":
        """The articles in one of the stretches of newest-first order (`stretches_after`)."""
        return self.filter(STRETCH_CONDITIONS[stretch].condition(**bounds))

    def for_reading(self) -> "ArticleQuerySet":
        """Without the columns only search reads: 17 KB of an article's 21 in the benchmark corpus."""
        return self.defer(*DERIVED_TEXT_FIELDS, "search_vector", "title_vector", "search_shingles", "duplicate_keys", "content_hash")

    def count_or_estimate(self) -> tuple[int, bool]:
        """The number of articles, and whether it is PostgreSQL's estimate (as last gathered),
        which it is once there are many: counting them exactly scans the table, on every view
        of the home page and the list."""
        estimate = table_estimate(Article._meta.db_table)
        return (estimate, True) if estimate > EXACT_COUNT_UP_TO else (self.count(), False)


# Up to this many articles (by the estimate) they are counted exactly: a millisecond or so.
EXACT_COUNT_UP_TO = 10_000


class ShinglesField(ArrayField):
    """An int[] whose value goes to PostgreSQL as one array literal: an article holds some
    1,000 shingles, and ArrayField preparing them one by one cost the importer more than
    all else it writes. A value that is already the literal (`integer_array_literal`) is
    sent as it is."""

    def get_db_prep_value(self, value, connection, prepared=False):
        return integer_array_literal(value) if isinstance(value, list | tuple) else value

    def get_placeholder(self, value, compiler, connection):
        return "%s::integer[]"


class Article(models.Model):
    title = models.CharField("العنوان", max_length=500)
    body = models.TextField("النص")
    source_name = models.CharField("اسم الملف", max_length=255)
    content_hash = models.CharField(max_length=64, editable=False)
    published_on = models.DateField("تاريخ النشر", null=True, blank=True)
    source = models.CharField("المصدر", max_length=255, blank=True)
    url = models.URLField("الرابط", max_length=1000, blank=True)
    # Defaults kept in the database too, for the raw inserts of bench/replicate.py.
    author = models.CharField("الكاتب", max_length=255, blank=True, default="", db_default="")
    # The kind of file the text was read from (`formats.SUFFIXES`); "ocr" for a scan or an
    # image read by OCR, which the article page says may hold misread letters.
    source_format = models.CharField("صيغة الملف", max_length=10, blank=True, default="", db_default="")
    created_at = models.DateTimeField("أُضيفت إلى الأرشيف", auto_now_add=True)
    updated_at = models.DateTimeField("آخر تعديل", auto_now=True)

    # What the search index reads, written by `services` from `analysis.derive`:
    # the title weighs most, then the lead and the entities named, then the rest of the
    # body. The lead and the rest are concatenated in order, so phrases run across them.
    search_title = models.TextField(editable=False, default="")
    search_lead = models.TextField(editable=False, default="")
    search_body = models.TextField(editable=False, default="")
    search_entities = models.TextField(editable=False, default="")
    # The title's words as written (normalized, not reduced to search forms): a title holding
    # a word as the reader typed it ranks above one holding another form of it (ranking.py).
    title_as_written = models.TextField(editable=False, default="")
    objects = ArticleQuerySet.as_manager()

    search_vector = models.GeneratedField(
        expression=(
            SearchVector("search_title", weight="A", config=SEARCH_CONFIG)
            + SearchVector("search_lead", weight="B", config=SEARCH_CONFIG)
            + SearchVector("search_body", weight="C", config=SEARCH_CONFIG)
            + SearchVector("search_entities", weight="B", config=SEARCH_CONFIG)
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    # The title's words alone, and how many: the title's share of relevance (search/ranking.py)
    # is read from them, without parsing each title again or reading the search vector,
    # whose weights say which words are the title's only once it is read (9 KB an article).
    title_vector = models.GeneratedField(
        expression=SearchVector("search_title", config=SEARCH_CONFIG), output_field=SearchVectorField(), db_persist=True
    )
    title_words = models.GeneratedField(
        expression=Coalesce(Func(Func("search_title", Value(" "), function="string_to_array"), 1, function="array_length"), 1),
        output_field=models.IntegerField(),
        db_persist=True,
    )
    # Every pair of adjacent words of the search text, and every triple around a stop word,
    # hashed (`word_shingles`): a phrase asks its own index for them first, so only the few
    # articles holding them have their word positions read, not every article holding its
    # words. Kept with the search text by `services`.
    search_shingles = ShinglesField(models.IntegerField(), editable=False, default=list)
    # The keys by which an article finds those whose text may be the same as its own
    # (`near_duplicates`), kept with the search text they are made from by `services`.
    duplicate_keys = ArrayField(models.BigIntegerField(), editable=False, default=list)

    class Meta:
        verbose_name = "مقالة"
        verbose_name_plural = "المقالات"
        ordering = [models.F("published_on").desc(nulls_last=True), "-id"]
        # Constraints, not `unique=True`: for a unique text field Django also builds a
        # pattern-matching index (for LIKE), which no query here asks and every insert pays.
        constraints = [
            models.UniqueConstraint(fields=["source_name"], name="article_source_name_unique"),
            models.UniqueConstraint(fields=["content_hash"], name="article_content_hash_unique"),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name=SEARCH_INDEX_NAME),
            GinIndex(fields=["search_shingles"], name=SHINGLES_INDEX_NAME),
            # For the title tier of ranking (search/ranking.py): the articles whose title holds a query.
            GinIndex(fields=["title_vector"], name=TITLE_INDEX_NAME),
            # The titles holding a word as typed (search/titles.py).
            GinIndex(TITLE_WRITTEN_VECTOR, name=TITLE_WRITTEN_INDEX_NAME),
            # Sixteen keys an article, each looked up at once: no pending list for searches to scan.
            GinIndex(fields=["duplicate_keys"], name="article_duplicate_keys_gin", fastupdate=False),
            # Whether any article is from a source a filter names (search/forms.py): a
            # source no article has is said to be none, where it found nothing unexplained.
            models.Index(fields=["source"], name="article_source"),
            # Newest first, undated last: the order of lists, date-sorted search and cursors.
            models.Index(models.F("published_on").desc(nulls_last=True), models.F("id").desc(), name="article_latest"),
            # Shortest titles first, then newest: the order in which the best titles for a
            # query held by very many are read (search/ranking.py), the shortest until enough
            # hold it rather than all sorted. With the title's words, as searched and as
            # written, in the index, that walk reads the index alone, not a heap page for
            # every title it passes.
            models.Index(
                "title_words",
                models.F("published_on").desc(nulls_last=True),
                models.F("id").desc(),
                name="article_title_walk_written",
                include=["title_vector", "title_as_written"],
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return page_url(get_script_prefix(), "article_detail", self.pk)

    @property
    def source_label(self) -> str:
        return source_label(self.source)

    @property
    def cursor(self) -> str:
        """Where this article stands in newest-first order, for paging on from it."""
        return cursor_at(self.pk, self.published_on)

    def search_forms(self) -> set[str]:
        """The distinct search forms of its title and body: what the vocabulary counts it for."""
        return set(" ".join(getattr(self, field) for field in VOCABULARY_FIELDS).split())


def source_label(source: str) -> str:
    """What readers call a source: the paper's own name where the archive knows the id its
    files give it by (okaz is صحيفة عكاظ), else the source as given."""
    return _source_names().get(source, source)


def source_of(value: str) -> str:
    """The source a reader means by `value`: its id where `value` is a paper's name as the
    pages show it (صحيفة عكاظ is okaz), else `value` as given."""
    return _sources_by_name().get(value, value)


@lru_cache(maxsize=1)
def _sources_by_name() -> dict[str, str]:
    return {name: source for source, name in _source_names().items()}


@lru_cache(maxsize=1)
def _source_names() -> dict[str, str]:
    """The papers' names by the ids their files use (data/source_names.txt: id, a tab, the name)."""
    text = resources.files("libya_archive.archive").joinpath("data/source_names.txt").read_text("utf-8")
    return dict(line.split("\t", 1) for line in text.splitlines() if line)


class SearchTerm(models.Model):
    """A word form of the search index and how many articles hold it: the archive's own
    vocabulary, from which a search that finds nothing suggests close words."""

    word = models.CharField(max_length=200, primary_key=True)
    # Not indexed: no page, search or check needs words found by their count (the benches'
    # orderings read the whole vocabulary), and an import's flush rewrites the counts of most
    # words at once; indexed, every new count is a new entry in each of the table's indexes,
    # unindexed PostgreSQL may leave the indexes alone (HOT).
    documents = models.PositiveIntegerField()

    class Meta:
        verbose_name = "كلمة من فهرس البحث"
        verbose_name_plural = "كلمات فهرس البحث"


class ImportRun(models.Model):
    """An import that counts its new articles into the vocabulary in large flushes
    (`services.import_counting_vocabulary`): a row from its start to its last flush, which
    one killed in between leaves behind, saying that the vocabulary is short."""

    started_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "عملية استيراد"
        verbose_name_plural = "عمليات الاستيراد"


class NearDuplicate(models.Model):
    """An article in a group of near-duplicates (the same story in several papers, a page
    crawled twice; `near_duplicates`), which search shows once. A table of its own, written
    by `services` as groups form, join and part: an article's own row carries its search
    vector, which PostgreSQL would compute again (and index again) at every update."""

    article = models.OneToOneField(Article, primary_key=True, on_delete=models.CASCADE, related_name="near_duplicate")
    # The group, named by its first article (the least id): itself a member.
    group = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = "نسخة من خبر"
        verbose_name_plural = "نسخ الأخبار"

    def __str__(self) -> str:
        return f"{self.article_id} in {self.group_id}"


@lru_cache(maxsize=10_000)
def page_url(script_prefix: str, view_name: str, key: int | str) -> str:
    """An article's, actor's or place's URL, worked out once a process while it is asked for
    often: an article's page asks for the URLs of its 25 or so entities three times each,
    and `reverse` was a sixth of its time. Keyed by the script prefix too, which `reverse`
    reads for the current request."""
    return reverse(view_name, args=[key])

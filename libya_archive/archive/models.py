from functools import lru_cache

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Func, Value
from django.db.models.functions import MD5, Coalesce
from django.urls import get_script_prefix, reverse

from libya_archive.archive.ambiguity import ALWAYS, AUTO, WITH_EVIDENCE
from libya_archive.archive.arabic import normalize_arabic
from libya_archive.archive.paging import STRETCH_CONDITIONS
from libya_archive.archive.postgres import integer_array_literal, table_estimate

# The search vector is built over text that `arabic.search_document` has already
# normalized and stripped of clitics, so PostgreSQL must not stem it again: 'simple'.
SEARCH_CONFIG = "simple"
SEARCH_INDEX_NAME = "article_search_vector_gin"
SHINGLES_INDEX_NAME = "article_search_shingles_gin"
TITLE_INDEX_NAME = "article_search_title_gin"


# What an article's search vector is built from, in its order.
SEARCH_TEXT_FIELDS = ("search_title", "search_lead", "search_body", "search_entities")
# What the vocabulary (`SearchTerm`) counts an article for: the forms of its own words.
VOCABULARY_FIELDS = SEARCH_TEXT_FIELDS[:3]


class ArticleQuerySet(models.QuerySet):
    def newest_first(self) -> "ArticleQuerySet":
        return self.order_by(models.F("published_on").desc(nulls_last=True), "-id")

    def in_stretch(self, stretch: str, bounds: dict) -> "ArticleQuerySet":
        """The articles in one of the stretches of newest-first order (`stretches_after`)."""
        return self.filter(STRETCH_CONDITIONS[stretch].condition(**bounds))

    def for_reading(self) -> "ArticleQuerySet":
        """Without the columns only search reads: 17 KB of an article's 21 in the benchmark corpus."""
        return self.defer(*SEARCH_TEXT_FIELDS, "search_vector", "title_vector", "search_shingles", "content_hash")

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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # What the search index reads, written by `services` from `analysis.derive`:
    # the title weighs most, then the lead and the entities named, then the rest of the
    # body. The lead and the rest are concatenated in order, so phrases run across them.
    search_title = models.TextField(editable=False, default="")
    search_lead = models.TextField(editable=False, default="")
    search_body = models.TextField(editable=False, default="")
    search_entities = models.TextField(editable=False, default="")
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
            # Newest first, undated last: the order of lists, date-sorted search and cursors.
            models.Index(models.F("published_on").desc(nulls_last=True), models.F("id").desc(), name="article_latest"),
            # Shortest titles first, then newest: the order of the best titles for a query of
            # one word (search/ranking.py), read until enough hold it rather than all sorted.
            models.Index("title_words", models.F("published_on").desc(nulls_last=True), models.F("id").desc(), name="article_title_words"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return _url(get_script_prefix(), "article_detail", self.pk)

    @property
    def cursor(self) -> str:
        """Where this article stands in newest-first order, for paging on from it."""
        return f"{self.published_on.isoformat() if self.published_on else ''}.{self.pk}"

    def search_forms(self) -> set[str]:
        """The distinct search forms of its title and body: what the vocabulary counts it for."""
        return set(" ".join(getattr(self, field) for field in VOCABULARY_FIELDS).split())


class NamedEntity(models.Model):
    """What actors and places share: a name in Arabic and English, a slug, a description."""

    RESERVED_SLUGS: tuple[str, ...] = ()  # addresses of pages beside the records' own

    name = models.CharField("الاسم", max_length=200)
    name_en = models.CharField("الاسم بالإنجليزية", max_length=200, blank=True)
    slug = models.SlugField(max_length=200, unique=True, allow_unicode=True)
    description = models.TextField("الوصف", blank=True)
    # Slugs of records merged into this one: their old URLs redirect here.
    former_slugs = ArrayField(models.SlugField(max_length=200, allow_unicode=True), default=list, blank=True, editable=False)
    # How many articles mention it: kept by `services.replace_mentions`, where mentions change,
    # because counting them afresh is too slow on a large archive (see recount_entities).
    article_count = models.PositiveIntegerField("عدد المقالات", default=0, editable=False)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


@lru_cache(maxsize=10_000)
def _url(script_prefix: str, view_name: str, key: int | str) -> str:
    """An article's, actor's or place's URL, worked out once a process while it is asked for
    often: an article's page asks for the URLs of its 25 or so entities three times each,
    and `reverse` was a sixth of its time. Keyed by the script prefix too, which `reverse`
    reads for the current request."""
    return reverse(view_name, args=[key])


class Actor(NamedEntity):
    class Kind(models.TextChoices):
        PERSON = "person", "شخص"
        ORGANISATION = "organisation", "منظمة"
        ARMED_GROUP = "armed_group", "جماعة مسلحة"
        GOVERNMENT = "government", "حكومة"
        OTHER = "other", "أخرى"

    kind = models.CharField("النوع", max_length=20, choices=Kind.choices, default=Kind.OTHER)

    class Meta(NamedEntity.Meta):
        verbose_name = "فاعل"
        verbose_name_plural = "الفاعلون"
        indexes = [
            GinIndex(fields=["former_slugs"], name="actor_former_slugs"),
            models.Index(fields=["-article_count", "name"], name="actor_by_articles"),
        ]

    def get_absolute_url(self) -> str:
        return _url(get_script_prefix(), "actor_detail", self.slug)


# /places/map/ is the map of all places: no place may be at that address.
PLACE_PAGES = ("map",)


class Place(NamedEntity):
    RESERVED_SLUGS = PLACE_PAGES

    class Kind(models.TextChoices):
        COUNTRY = "country", "دولة"
        CITY = "city", "مدينة"
        TOWN = "town", "بلدة"
        REGION = "region", "منطقة"
        SITE = "site", "موقع"
        SEA = "sea", "بحر"

    kind = models.CharField("النوع", max_length=20, choices=Kind.choices, default=Kind.CITY)
    latitude = models.FloatField("خط العرض", null=True, blank=True)
    longitude = models.FloatField("خط الطول", null=True, blank=True)

    class Meta(NamedEntity.Meta):
        verbose_name = "مكان"
        verbose_name_plural = "الأماكن"
        indexes = [
            GinIndex(fields=["former_slugs"], name="place_former_slugs"),
            models.Index(fields=["-article_count", "name"], name="place_by_articles"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True) | models.Q(latitude__gte=-90, latitude__lte=90),
                name="place_latitude_range",
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__isnull=True) | models.Q(longitude__gte=-180, longitude__lte=180),
                name="place_longitude_range",
            ),
            models.CheckConstraint(
                condition=~models.Q(slug__in=PLACE_PAGES),
                name="place_slug_not_a_page",
                violation_error_message="«map» عنوان صفحة خريطة الأماكن: اختر معرّفًا آخر.",
            ),
        ]

    def get_absolute_url(self) -> str:
        return _url(get_script_prefix(), "place_detail", self.slug)


class SearchTerm(models.Model):
    """A word form of the search index and how many articles hold it: the archive's own
    vocabulary, from which a search that finds nothing suggests close words."""

    word = models.CharField(max_length=200, primary_key=True)
    documents = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["-documents"], name="search_term_documents")]


class ImportRun(models.Model):
    """An import that counts its new articles into the vocabulary in large flushes
    (`services.import_counting_vocabulary`): a row from its start to its last flush, which
    one killed in between leaves behind, saying that the vocabulary is short."""

    started_at = models.DateTimeField(auto_now_add=True)


class Alias(models.Model):
    """One spelling, Arabic or Latin, that names an entity in text."""

    class Linking(models.TextChoices):
        AUTO = AUTO, "بحسب البيانات"
        ALWAYS = ALWAYS, "دائمًا"
        WITH_EVIDENCE = WITH_EVIDENCE, "بقرينة فقط"

    name = models.CharField("الاسم", max_length=200)
    normalized = models.CharField(max_length=200, editable=False)
    # Whether a mention of it needs evidence in the article (`ambiguity`): by default the
    # data decides (a name of ordinary words needs it); editors may say always or never.
    linking = models.CharField(
        "الربط",
        max_length=16,
        choices=Linking.choices,
        default=Linking.AUTO,
        help_text="«بقرينة فقط»: يُربط إذا ذُكر الكيان في المقالة باسم لا لبس فيه، أو سبقه لقب أو نوع المكان.",
    )

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.normalized = normalize_arabic(self.name.strip())
        super().save(*args, **kwargs)


class ActorAlias(Alias):
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="aliases")

    class Meta(Alias.Meta):
        verbose_name = "اسم بديل"
        verbose_name_plural = "الأسماء البديلة"
        constraints = [models.UniqueConstraint(fields=["normalized"], name="actor_alias_unique")]


class PlaceAlias(Alias):
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="aliases")

    class Meta(Alias.Meta):
        verbose_name = "اسم بديل"
        verbose_name_plural = "الأسماء البديلة"
        constraints = [models.UniqueConstraint(fields=["normalized"], name="place_alias_unique")]


class Mention(models.Model):
    """Where an article names an entity: character offsets into `Article.body`, end exclusive."""

    # No index of their own for the two foreign keys: the unique (article, start) and the
    # (entity, article) indexes lead with them, and an article writes some 65 mentions.
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="%(class)ss", db_index=False)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()

    class Meta:
        abstract = True
        # By the article's id, not `article`: that orders by the article's own ordering
        # (its date), and so joined the article table to every query of mentions.
        ordering = ["article_id", "start"]


class ActorMention(Mention):
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="mentions", db_index=False)

    class Meta(Mention.Meta):
        constraints = [
            models.UniqueConstraint(fields=["article", "start"], name="actor_mention_unique_start"),
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="actor_mention_nonempty"),
        ]
        indexes = [models.Index(fields=["actor", "article"], name="actor_mention_actor")]


class PlaceMention(Mention):
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="mentions", db_index=False)

    class Meta(Mention.Meta):
        constraints = [
            models.UniqueConstraint(fields=["article", "start"], name="place_mention_unique_start"),
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="place_mention_nonempty"),
        ]
        indexes = [models.Index(fields=["place", "article"], name="place_mention_place")]


class RelinkRequest(models.Model):
    """An edit whose re-linking touches too many articles to wait for in the editor's
    request: left for `manage.py relink_pending` (see `services.relink_or_queue`)."""

    actor = models.ForeignKey(Actor, null=True, blank=True, on_delete=models.CASCADE)
    place = models.ForeignKey(Place, null=True, blank=True, on_delete=models.CASCADE)
    # The spellings the edit added or removed; null when every article naming the entity
    # counts. With neither entity (one deleted), the articles holding these spellings.
    names = ArrayField(models.CharField(max_length=200), null=True)
    requested_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["requested_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(actor__isnull=True) | models.Q(place__isnull=True), name="relink_request_one_entity"
            ),
            models.CheckConstraint(
                condition=models.Q(actor__isnull=False) | models.Q(place__isnull=False) | models.Q(names__isnull=False),
                name="relink_request_entity_or_names",
            ),
        ]

    @property
    def entity(self) -> "Actor | Place | None":
        return self.actor or self.place


class NameCandidate(models.Model):
    """A name-like phrase found in articles (after a title or role such as المشير or
    الوزير, or a run of Latin words) that no actor or place has yet: material for editors."""

    normalized = models.CharField(max_length=300, editable=False)
    name = models.CharField("الاسم كما ورد", max_length=300)
    occurrences = models.PositiveIntegerField("مرات الورود", default=0)
    example = models.ForeignKey(Article, on_delete=models.SET_NULL, null=True, blank=True, verbose_name="مثال")
    context = models.TextField("الجملة التي ورد فيها", blank=True, default="")
    dismissed = models.BooleanField("مستبعد", default=False)

    class Meta:
        verbose_name = "اسم مقترح"
        verbose_name_plural = "أسماء مقترحة"
        ordering = ["-occurrences", "name"]
        # Not `unique=True`, which would add an unused LIKE index (see Article.Meta).
        constraints = [models.UniqueConstraint(fields=["normalized"], name="candidate_normalized_unique")]
        indexes = [models.Index(fields=["dismissed", "-occurrences"], name="candidate_open")]

    def __str__(self) -> str:
        return self.name


class SavedSearch(models.Model):
    """A search a reader keeps, to come back to what is new since the last visit."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches")
    name = models.CharField("الاسم", max_length=200)
    # A query of 500 Arabic letters is some 3,000 characters once percent-encoded.
    query_string = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    last_visited_at = models.DateTimeField()

    class Meta:
        verbose_name = "بحث محفوظ"
        verbose_name_plural = "عمليات البحث المحفوظة"
        ordering = ["-created_at"]
        # By a hash of the query string: a B-tree holds no entry over about 2,700 bytes.
        constraints = [models.UniqueConstraint("user", MD5("query_string"), name="saved_search_once_per_user")]

    def __str__(self) -> str:
        return self.name


class FailedLogin(models.Model):
    """A wrong password, kept a while so password guessing can be slowed down."""

    username = models.CharField(max_length=150)
    ip_address = models.GenericIPAddressField(null=True)
    # The id of a browser known to the account (login_throttling.known_login), if it was one.
    browser = models.CharField(max_length=32, blank=True, default="")
    attempted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["username", "attempted_at"], name="failed_login_username"),
            models.Index(fields=["ip_address", "attempted_at"], name="failed_login_ip"),
            models.Index(fields=["browser", "attempted_at"], name="failed_login_browser"),
        ]

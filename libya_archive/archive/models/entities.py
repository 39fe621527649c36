"""Actors and places, the names they go by, where articles name them, and what editors
are offered or have left to do about names."""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import get_script_prefix

from libya_archive.archive.ambiguity import ALWAYS, AUTO, WITH_EVIDENCE
from libya_archive.archive.arabic import normalize_arabic
from libya_archive.archive.models.articles import Article, page_url


class NamedEntity(models.Model):
    """What actors and places share: a name in Arabic and English, a slug, a description."""

    RESERVED_SLUGS: tuple[str, ...] = ()  # addresses of pages beside the records' own

    name = models.CharField("الاسم", max_length=200)
    name_en = models.CharField("الاسم بالإنجليزية", max_length=200, blank=True)
    slug = models.SlugField("المعرّف في العنوان", max_length=200, unique=True, allow_unicode=True)
    description = models.TextField("الوصف", blank=True)
    # Slugs of records merged into this one: their old URLs redirect here.
    former_slugs = ArrayField(
        models.SlugField(max_length=200, allow_unicode=True), verbose_name="معرّفات سابقة", default=list, blank=True, editable=False
    )
    # How many articles mention it: kept by `services.replace_mentions`, where mentions change,
    # because counting them afresh is too slow on a large archive (see recount_entities).
    article_count = models.PositiveIntegerField("عدد المقالات", default=0, editable=False)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


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
        return page_url(get_script_prefix(), "actor_detail", self.slug)


_LATITUDE = "خط العرض بين 90 جنوبًا و90 شمالًا (بين -90 و90)."
_LONGITUDE = "خط الطول بين 180 غربًا و180 شرقًا (بين -180 و180)."

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
    # Checked on the field, for the form to say so beside it, and by the constraints below.
    latitude = models.FloatField(
        "خط العرض", null=True, blank=True, validators=[MinValueValidator(-90, _LATITUDE), MaxValueValidator(90, _LATITUDE)]
    )
    longitude = models.FloatField(
        "خط الطول", null=True, blank=True, validators=[MinValueValidator(-180, _LONGITUDE), MaxValueValidator(180, _LONGITUDE)]
    )

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
                violation_error_message=_LATITUDE,
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__isnull=True) | models.Q(longitude__gte=-180, longitude__lte=180),
                name="place_longitude_range",
                violation_error_message=_LONGITUDE,
            ),
            models.CheckConstraint(
                condition=~models.Q(slug__in=PLACE_PAGES),
                name="place_slug_not_a_page",
                violation_error_message="«map» عنوان صفحة خريطة الأماكن: اختر معرّفًا آخر.",
            ),
        ]

    def get_absolute_url(self) -> str:
        return page_url(get_script_prefix(), "place_detail", self.slug)


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
        verbose_name = "اسم بديل لفاعل"
        verbose_name_plural = "الأسماء البديلة للفاعلين"
        constraints = [models.UniqueConstraint(fields=["normalized"], name="actor_alias_unique")]


class PlaceAlias(Alias):
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="aliases")

    class Meta(Alias.Meta):
        verbose_name = "اسم بديل لمكان"
        verbose_name_plural = "الأسماء البديلة للأماكن"
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

    def __str__(self) -> str:
        # Its own columns only: a deletion's confirmation lists hundreds of them.
        return f"الموضع {self.start}–{self.end} من المقالة {self.article_id}"


class ActorMention(Mention):
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="mentions", db_index=False)

    class Meta(Mention.Meta):
        verbose_name = "إشارة إلى فاعل"
        verbose_name_plural = "إشارات إلى فاعلين"
        constraints = [
            models.UniqueConstraint(fields=["article", "start"], name="actor_mention_unique_start"),
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="actor_mention_nonempty"),
        ]
        indexes = [models.Index(fields=["actor", "article"], name="actor_mention_actor")]


class PlaceMention(Mention):
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="mentions", db_index=False)

    class Meta(Mention.Meta):
        verbose_name = "إشارة إلى مكان"
        verbose_name_plural = "إشارات إلى أماكن"
        constraints = [
            models.UniqueConstraint(fields=["article", "start"], name="place_mention_unique_start"),
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="place_mention_nonempty"),
        ]
        indexes = [models.Index(fields=["place", "article"], name="place_mention_place")]


class RefusedLink(models.Model):
    """An editor's word that an article does not name this actor or place, where the linker
    finds it named (البنك المركزي in a Saudi article is not Libya's central bank): every
    derivation of the article leaves its mentions out, until the editor takes the word back."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="refused_links", verbose_name="المقالة")
    actor = models.ForeignKey(Actor, null=True, blank=True, on_delete=models.CASCADE, verbose_name="الفاعل")
    place = models.ForeignKey(Place, null=True, blank=True, on_delete=models.CASCADE, verbose_name="المكان")
    refused_at = models.DateTimeField("تاريخ الرفض", auto_now_add=True)

    class Meta:
        verbose_name = "رابط مرفوض"
        verbose_name_plural = "روابط مرفوضة"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(actor__isnull=False, place__isnull=True) | models.Q(actor__isnull=True, place__isnull=False),
                name="refused_link_one_entity",
                violation_error_message="اختر فاعلًا أو مكانًا، واحدًا لا اثنين.",
            ),
            models.UniqueConstraint(fields=["article", "actor"], name="refused_link_unique_actor"),
            models.UniqueConstraint(fields=["article", "place"], name="refused_link_unique_place"),
        ]

    def __str__(self) -> str:
        # The article too: the edit log names a refusal taken back, whose row is gone.
        return f"{self.entity} في مقالة: {self.article.title}"

    @property
    def entity(self) -> "Actor | Place | None":
        return self.actor or self.place

    @property
    def entity_key(self) -> tuple[str, int]:
        """As `linking.FoundMention.entity` names it."""
        return ("actor", self.actor_id) if self.actor_id else ("place", self.place_id)


class ArticleEntities(models.Model):
    """The actors and places an article's mention rows name, each once: written with them
    (`services.replace_mentions`), one row an article, so that a search's facets count the
    entities of thousands of matches in one statement rather than from dozens of mention
    rows each."""

    article = models.OneToOneField(Article, primary_key=True, on_delete=models.CASCADE, related_name="entities")
    # Each ascending.
    actor_ids = ArrayField(models.BigIntegerField(), default=list)
    place_ids = ArrayField(models.BigIntegerField(), default=list)

    class Meta:
        verbose_name = "فاعلو المقالة وأماكنها"
        verbose_name_plural = "فاعلو المقالات وأماكنها"

    def __str__(self) -> str:
        return f"فاعلو المقالة {self.article_id} وأماكنها"


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
        verbose_name = "طلب إعادة ربط"
        verbose_name_plural = "طلبات إعادة الربط"
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

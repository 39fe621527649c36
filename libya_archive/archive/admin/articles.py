"""Articles in the admin: an editor's save derives the article again, with the links the
editor refused in it; the refused links listed, to review and take back."""

from django.contrib import admin, messages
from django.utils.html import format_html_join

from libya_archive.archive import selectors, services
from libya_archive.archive.curation_forms import ArticleForm, RefusedLinkFormSet
from libya_archive.archive.models import Actor, Article, Place, RefusedLink, source_label


def _refused(refusals) -> list:
    """The records a saved refused-links formset keeps: each row's choice, and a row the
    editor may only view (no permission to change refusals) as it was stored, as Django
    hands such a row back with its ids for data."""
    kept = []
    for row in refusals.forms:
        data = row.cleaned_data
        if not data or data.get("DELETE"):
            continue
        chosen = data.get("actor") or data.get("place")
        kept.append(chosen if isinstance(chosen, Actor | Place) else row.instance.entity)
    return [entity for entity in kept if entity is not None]


def _entity_links(article: Article, entities, first_named: dict) -> str:
    """Each entity, to the place the article's page first names it, where the editor reads
    whether it is that entity; and how often the article names it."""
    url = article.get_absolute_url()
    return format_html_join(
        "، ", '<a href="{}#m-{}">{}</a> (<bdi>{}</bdi>)', ((url, first_named[entity], entity.name, entity.times) for entity in entities)
    )


class RefusedLinkInline(admin.StackedInline):
    """The actors and places the linker finds named in the article where it does not name
    them: an editor's list, saved with the article (`ArticleAdmin.save_related`). Stacked,
    as a row of two lists does not fit a phone."""

    model = RefusedLink
    formset = RefusedLinkFormSet
    fields = ["actor", "place"]
    extra = 1
    # A construct, which reads right as the rows' heading and as the object of «أضف %s آخر»,
    # where «رابط مرفوض» would want the accusative's alif.
    verbose_name = "رفض ربط"
    verbose_name_plural = "روابط مرفوضة: ما ربطه الربط الآلي في هذه المقالة خطأً"

    def get_formset(self, request, obj=None, **kwargs):
        """The choices, the records the article links and those refused in it: a short
        list to pick from, where a search over every record offered what it does not link."""
        formset = super().get_formset(request, obj, **kwargs)
        for name, choices in zip(("actor", "place"), selectors.refusable_in(obj), strict=True):
            field = formset.form.base_fields[name]
            field.queryset = choices
            field.error_messages["invalid_choice"] = "لا تربط المقالة هذا الآن: اختر من روابطها."
        return formset

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        """The record chosen, without the buttons that add or edit one: a refusal names a
        record the article links, it makes none."""
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in self.fields:
            field.widget.can_add_related = field.widget.can_change_related = field.widget.can_view_related = False
        return field


class PaperFilter(admin.SimpleListFilter):
    """The articles of one source, each named as the public pages name it (صحيفة سبق, not sabq)."""

    title = "المصدر"
    parameter_name = "source"

    def lookups(self, request, model_admin):
        sources = Article.objects.exclude(source="").order_by("source").values_list("source", flat=True).distinct()
        return sorted(((source, source_label(source)) for source in sources), key=lambda choice: choice[1])

    def queryset(self, request, queryset):
        return queryset.filter(source=self.value()) if self.value() else queryset


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    list_display = ["title", "source_name", "published_on", "paper", "updated_at"]
    list_filter = ["published_on", PaperFilter]
    search_fields = ["title", "source_name"]
    readonly_fields = ["source_name", "source_format", "created_at", "updated_at", "linked"]
    fields = [
        "title", "body", "published_on", "source", "author", "url", "source_name", "source_format", "created_at", "updated_at", "linked",
    ]  # fmt: skip
    date_hierarchy = "published_on"
    inlines = [RefusedLinkInline]

    @admin.display(description="المصدر", ordering="source")
    def paper(self, article: Article) -> str:
        """The source as the public pages name it (صحيفة سبق, not sabq)."""
        return article.source_label

    def get_inline_instances(self, request, obj=None):
        # A new article links nothing yet, so it has no link to refuse.
        return super().get_inline_instances(request, obj) if obj is not None else []

    @admin.display(description="الروابط")
    def linked(self, article):
        """What the article links now, actors and places apart, each with where and how often
        it names it: what an editor refuses from."""
        if not article.pk:
            return "–"
        names = selectors.names_in_article(article)
        if not names.actors and not names.places:
            return "لا روابط"
        first_named = {}
        for start, _, entity in sorted(names.spans, key=lambda span: span[0]):
            first_named.setdefault(entity, start)
        lists = [(label, entities) for label, entities in (("الفاعلون", names.actors), ("الأماكن", names.places)) if entities]
        return format_html_join(
            "", "<p>{}: {}</p>", ((label, _entity_links(article, entities, first_named)) for label, entities in lists)
        )

    def save_model(self, request, obj, form, change):
        """Nothing yet: `save_related` saves the article and its refused links in one call,
        which derives it once and takes the locks in the order every write does."""

    def save_related(self, request, form, formsets, change):
        if not formsets:  # a new article, or an editor who may not see refused links: they stay
            services.article_save(form.instance)
            return
        (refusals,) = formsets
        refusals.save(commit=False)  # writes nothing, but says what changed for the edit log
        services.article_save(form.instance, refusing=_refused(refusals))

    def delete_model(self, request, obj):
        services.articles_delete(Article.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        services.articles_delete(queryset)


@admin.register(RefusedLink)
class RefusedLinkAdmin(admin.ModelAdmin):
    """Every link editors refused, to review; added from an article's page, and taken back
    here, which links the article again (`services.article_save`)."""

    list_display = ["article", "entity", "refused_at"]
    list_select_related = ["article", "actor", "place"]
    search_fields = ["article__title", "actor__name", "place__name"]
    actions = ["take_back"]

    @admin.display(description="الفاعل أو المكان")
    def entity(self, link):
        return link.entity

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        # Taking a refusal back links again; Django's «delete» says it removes things.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.action(description="تراجع عن رفض الروابط المحددة (يُعاد ربط مقالاتها)", permissions=["delete"])
    def take_back(self, request, queryset):
        self.delete_queryset(request, queryset)

    def delete_model(self, request, obj):
        self.delete_queryset(request, RefusedLink.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        """Take these refusals back: their articles linked again by the rules as they are,
        the editor told what came back and each article's history told too."""
        taken_back = set(queryset.values_list("pk", flat=True))
        for article in Article.objects.filter(refused_links__in=taken_back).distinct().order_by("pk"):
            links = list(article.refused_links.select_related("actor", "place"))
            services.article_save(article, refusing=[link.entity for link in links if link.pk not in taken_back])
            named = selectors.names_in_article(article)
            for entity in (link.entity for link in links if link.pk in taken_back):
                self.log_change(request, article, f"تراجع عن رفض ربط {entity}")
                if entity in named.actors + named.places:
                    self.message_user(request, f"أُعيد ربط «{entity}» في «{article.title}».", messages.SUCCESS)
                else:
                    message = f"لا تذكر «{article.title}» «{entity}» بحسب قواعد الربط الحالية، فلم يُعَد ربطه."
                    self.message_user(request, message, messages.WARNING)

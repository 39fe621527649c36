"""Curation in the Django admin. Every edit writes through `services`, so the public pages
are right at once; a form that would break the gazetteer is refused with a reason."""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import ngettext

from libya_archive.archive import selectors, services
from libya_archive.archive.ambiguity import is_ordinary_name, is_short_name
from libya_archive.archive.arabic import normalize_arabic
from libya_archive.archive.curation_forms import (
    AliasForm,
    AliasFormSet,
    ArticleForm,
    CandidateActorForm,
    EntityForm,
    RefusedLinkFormSet,
    preview_text,
    relinked_message,
    relinking_message,
)
from libya_archive.archive.linking import cached_gazetteer
from libya_archive.archive.login_throttling import ThrottledAdminLoginForm
from libya_archive.archive.models import Actor, ActorAlias, Article, NameCandidate, Place, PlaceAlias, RefusedLink, RelinkRequest

admin.site.login_form = ThrottledAdminLoginForm
admin.site.site_header = "إدارة أرشيف أخبار ليبيا"
admin.site.site_title = "أرشيف أخبار ليبيا"


class AliasInline(admin.TabularInline):
    """An entity's aliases, each with its linking mark and what the data says of it."""

    form = AliasForm
    formset = AliasFormSet
    extra = 1
    fields = ["name", "linking", "data_says", "take_over"]
    readonly_fields = ["data_says"]

    @admin.display(description="بحسب البيانات")
    def data_says(self, alias):
        if not alias.name:
            return "—"
        if is_short_name(alias.name, self.model._meta.model_name.removesuffix("alias")):
            return "اسم قصير: يُربط بقرينة"
        if is_ordinary_name(alias.name, cached_gazetteer().specific):
            return "كلمات عامة: يُربط بقرينة"
        return "اسم: يُربط دائمًا"


class ActorAliasInline(AliasInline):
    model = ActorAlias


class PlaceAliasInline(AliasInline):
    model = PlaceAlias


class EntityAdmin(admin.ModelAdmin):
    """What actor and place curation share: aliases inline, and edits re-linked at once."""

    form = EntityForm
    list_display = ["name", "name_en", "kind", "article_count"]
    list_filter = ["kind"]
    search_fields = ["name", "name_en", "aliases__name", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    actions = ["merge_selected"]
    readonly_fields = ["former_slugs", "article_count"]

    def get_search_results(self, request, queryset, search_term):
        """As typed, and in any spelling: the term folded as the aliases are (مصراته finds مصراتة)."""
        results, may_repeat = super().get_search_results(request, queryset, search_term)
        folded = normalize_arabic(search_term.strip())
        if not folded:
            return results, may_repeat
        return results | queryset.filter(aliases__normalized__contains=folded), True

    def save_related(self, request, form, formsets, change):
        entity = form.instance
        # The aliases are saved below; the record itself already is, its old name in the form.
        names_before = {form.initial.get("name"), *entity.aliases.values_list("name", flat=True)} if change else set()
        marks_before = set(entity.aliases.values_list("name", "linking")) if change else set()
        for formset in formsets:
            for taken in getattr(formset, "taken_over", []):
                owner = services.alias_take_over(entity, taken)
                if owner is not None:
                    self.log_change(request, owner, f"نُقل الاسم البديل «{taken}» إلى {entity.name}")
        super().save_related(request, form, formsets, change)
        names_after = {entity.name, *entity.aliases.values_list("name", flat=True)}
        # An alias whose linking mark changed re-links like one respelled.
        remarked = {name for name, _ in marks_before ^ set(entity.aliases.values_list("name", "linking"))}
        renamed = not change or form.initial.get("name") != entity.name
        articles, queued = services.entity_saved(entity, None if renamed else (names_before ^ names_after) | remarked)
        if not queued:
            self.message_user(request, relinked_message(articles), messages.INFO)
        # An editor staying on the record is told it is pending by its change page (`render_change_form`).
        elif "_continue" not in request.POST:
            at_once = settings.RELINK_AT_ONCE
            message = ngettext(
                "قد يغيّر هذا التعديل أكثر من مقالة واحدة: سيُعاد ربطها في الخلفية خلال دقائق.",
                "قد يغيّر هذا التعديل أكثر من %(count)s مقالات: سيُعاد ربطها في الخلفية خلال دقائق.",
                at_once,
            )
            self.message_user(request, message % {"count": at_once}, messages.INFO)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # An edit queued for the background (`services.relink_or_queue`) has not reached every article yet.
        if obj is not None and RelinkRequest.objects.filter(**{self.model._meta.model_name: obj}).exists():
            self.message_user(
                request,
                "لم تنتهِ بعد إعادة ربط المقالات إثر تعديل هذا السجل: تجري في الخلفية، وقد تبقى بعض روابطه على حالها حتى تنتهي.",
                messages.WARNING,
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_deleted_objects(self, objs, request):
        """What deleting records takes, its mentions counted (by the thousand for داعش) rather
        than listed one line each: the list names the records alone."""
        _, counts, permissions_needed, protected = super().get_deleted_objects(objs, request)
        return [str(entity) for entity in objs], counts, permissions_needed, protected

    def delete_model(self, request, obj):
        self._delete(request, [obj])

    def delete_queryset(self, request, queryset):
        self._delete(request, list(queryset))

    def _delete(self, request, entities):
        articles = services.entity_delete(entities)
        if articles:
            message = ngettext(
                "حُذفت الروابط والأسماء من مقالة واحدة كانت تذكر ما حُذف.",
                "حُذفت الروابط والأسماء من %(count)s مقالات كانت تذكر ما حُذف.",
                articles,
            )
            self.message_user(request, message % {"count": articles}, messages.INFO)

    @admin.action(description="دمج المحدد في سجل واحد")
    def merge_selected(self, request, queryset):
        entities = list(queryset.order_by("pk"))
        if len(entities) < 2:
            self.message_user(request, "اختر سجلين على الأقل للدمج.", messages.WARNING)
            return None
        target_pk = request.POST.get("target")
        if target_pk is None:
            return self._merge_confirmation(request, entities)
        target = next((entity for entity in entities if str(entity.pk) == target_pk), None)
        if target is None:  # deleted by another editor meanwhile, or not among those chosen
            self.message_user(request, "السجل المختار للبقاء لم يعد بين المحدد: اختر من جديد.", messages.WARNING)
            return self._merge_confirmation(request, entities)
        others = [entity for entity in entities if entity.pk != target.pk]
        names = "، ".join(entity.name for entity in others)
        self.log_deletions(request, queryset.exclude(pk=target.pk))
        relinked, queued = services.entity_merge(target, others)
        self.log_change(request, target, f"دُمج فيه: {names}")
        self.message_user(request, f"دُمج {names} في {target.name}، {relinking_message(relinked, queued)}", messages.SUCCESS)
        return redirect(reverse(f"admin:archive_{self.model._meta.model_name}_change", args=[target.pk]))

    def _merge_confirmation(self, request, entities):
        """The records to merge, the one named in the most articles (the older on a tie) first
        and chosen to stay unless the editor picks another: the record readers know."""
        context = {
            **self.admin_site.each_context(request),
            "title": "دمج السجلات",
            "entities": sorted(entities, key=lambda entity: (-entity.article_count, entity.pk)),
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "changelist_url": reverse(f"admin:archive_{self.model._meta.model_name}_changelist"),
        }
        return TemplateResponse(request, "admin/archive/merge.html", context)

    class Media:
        js = ["js/alias-preview.js"]

    def get_urls(self):
        model = self.model._meta.model_name
        merge = self.admin_site.admin_view(self.merge_two_view)
        preview = self.admin_site.admin_view(self.alias_preview_view)
        return [
            path("<int:pk>/merge-with/<int:other>/", merge, name=f"archive_{model}_merge_two"),
            path("alias-preview/", preview, name=f"archive_{model}_alias_preview"),
            *super().get_urls(),
        ]

    def alias_preview_view(self, request):
        """What a spelling typed in the alias inline would link, as the editor types it."""
        name = request.GET.get("name", "").strip()[:200]
        if not name or not self.has_change_permission(request):
            return JsonResponse({"text": ""})
        pk = request.GET.get("pk", "")
        entity = self.model.objects.filter(pk=int(pk)).first() if pk.isdecimal() and len(pk) < 19 else None
        preview = selectors.spelling_preview(entity, self.model._meta.model_name, name)
        return JsonResponse({"text": preview_text(preview), "mentions": preview.mentions, "articles": preview.articles})

    def merge_two_view(self, request, pk, other):
        """The merge confirmation for two records, linked from an alias conflict."""
        if not self.has_change_permission(request) or not self.has_delete_permission(request):
            return redirect("admin:index")
        entities = [get_object_or_404(self.model, pk=pk), get_object_or_404(self.model, pk=other)]
        return self._merge_confirmation(request, entities)


@admin.register(Actor)
class ActorAdmin(EntityAdmin):
    inlines = [ActorAliasInline]


@admin.register(Place)
class PlaceAdmin(EntityAdmin):
    inlines = [PlaceAliasInline]
    list_display = [*EntityAdmin.list_display, "latitude", "longitude"]


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


def _entity_links(entities):
    return format_html_join(
        "، ", '<a href="{}">{}</a> (<bdi>{}</bdi>)', ((entity.get_absolute_url(), entity.name, entity.times) for entity in entities)
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


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    list_display = ["title", "source_name", "published_on", "source", "updated_at"]
    list_filter = ["published_on", "source"]
    search_fields = ["title", "source_name"]
    readonly_fields = ["source_name", "source_format", "created_at", "updated_at", "linked"]
    fields = [
        "title", "body", "published_on", "source", "author", "url", "source_name", "source_format", "created_at", "updated_at", "linked",
    ]  # fmt: skip
    date_hierarchy = "published_on"
    inlines = [RefusedLinkInline]

    def get_inline_instances(self, request, obj=None):
        # A new article links nothing yet, so it has no link to refuse.
        return super().get_inline_instances(request, obj) if obj is not None else []

    @admin.display(description="الروابط")
    def linked(self, article):
        """What the article links now, actors and places apart, each with how often it names
        it: what an editor refuses from."""
        if not article.pk:
            return "–"
        names = selectors.names_in_article(article)
        if not names.actors and not names.places:
            return "لا روابط"
        lists = [(label, entities) for label, entities in (("الفاعلون", names.actors), ("الأماكن", names.places)) if entities]
        return format_html_join(
            "", "<p>{}: {}</p>", ((label, _entity_links(entities)) for label, entities in lists)
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

    @admin.display(description="الفاعل أو المكان")
    def entity(self, link):
        return link.entity

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        self.delete_queryset(request, RefusedLink.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        taken_back = set(queryset.values_list("pk", flat=True))
        for article in Article.objects.filter(refused_links__in=taken_back).distinct().order_by("pk"):
            kept = [link.entity for link in article.refused_links.select_related("actor", "place") if link.pk not in taken_back]
            services.article_save(article, refusing=kept)


@admin.register(NameCandidate)
class NameCandidateAdmin(admin.ModelAdmin):
    """Names found after titles and roles in the text that are not actors yet."""

    list_display = ["name", "occurrences", "context", "example_link", "create_link"]
    list_filter = ["dismissed"]
    search_fields = ["normalized"]
    actions = ["dismiss", "restore"]
    readonly_fields = ["name", "occurrences", "context", "example"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("example")
        # Dismissed names stay out of the way unless asked for through the filter.
        return queryset if "dismissed__exact" in request.GET else queryset.filter(dismissed=False)

    def has_add_permission(self, request):
        return False

    @admin.display(description="المقالة")
    def example_link(self, candidate):
        if candidate.example is None:
            return "—"
        return format_html('<a href="{}">{}</a>', candidate.example.get_absolute_url(), candidate.example.title[:60])

    @admin.display(description="")
    def create_link(self, candidate):
        url = reverse("admin:archive_namecandidate_create_actor", args=[candidate.pk])
        return format_html('<a class="button" href="{}">أنشئ فاعلًا</a>', url)

    def get_search_results(self, request, queryset, search_term):
        # Compared as the names are stored to be compared: اوباما finds أوباما.
        return super().get_search_results(request, queryset, normalize_arabic(search_term))

    @admin.action(description="استبعاد الأسماء المحددة")
    def dismiss(self, request, queryset):
        dismissed = queryset.filter(dismissed=False).update(dismissed=True)
        self.message_user(request, ngettext("استُبعد اسم واحد.", "استُبعدت %(count)s أسماء.", dismissed) % {"count": dismissed}, messages.SUCCESS)

    @admin.action(description="إعادة الأسماء المحددة إلى المقترحة")
    def restore(self, request, queryset):
        restored = queryset.filter(dismissed=True).update(dismissed=False)
        message = ngettext("أُعيد اسم واحد إلى الأسماء المقترحة.", "أُعيدت %(count)s أسماء إلى الأسماء المقترحة.", restored)
        self.message_user(request, message % {"count": restored}, messages.SUCCESS)

    def get_urls(self):
        create = self.admin_site.admin_view(self.create_actor_view)
        return [path("<int:pk>/create-actor/", create, name="archive_namecandidate_create_actor"), *super().get_urls()]

    def create_actor_view(self, request, pk):
        candidate = get_object_or_404(NameCandidate, pk=pk)
        if not request.user.has_perm("archive.add_actor"):
            return redirect("admin:index")
        form = CandidateActorForm(candidate, request.POST if request.method == "POST" else None)
        if form.is_valid():
            name, kind = form.cleaned_data["name"], form.cleaned_data["kind"]
            actor, relinked, queued = services.actor_from_candidate(candidate, name=name, kind=kind)
            self.log_addition(request, actor, f"أُنشئ من الاسم المقترح «{candidate.name}»")
            self.message_user(request, f"أُنشئ الفاعل {actor.name}، {relinking_message(relinked, queued)}", messages.SUCCESS)
            return redirect(reverse("admin:archive_actor_change", args=[actor.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": f"إنشاء فاعل من «{candidate.name}»",
            "candidate": candidate,
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/archive/create_actor.html", context)


@admin.register(LogEntry)
class LogEntryAdmin(admin.ModelAdmin):
    """Every edit made in the admin (who, when, what), in one list."""

    list_display = ["action_time", "user", "content_type", "object_repr", "action_flag", "change"]
    list_filter = ["action_flag", "content_type", "user"]
    search_fields = ["object_repr", "change_message"]
    date_hierarchy = "action_time"

    @admin.display(description="التغيير")
    def change(self, entry: LogEntry) -> str:
        """The change in words (the admin's own edits are stored as JSON)."""
        return entry.get_change_message()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

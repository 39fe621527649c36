"""Actors and places in the admin: their aliases inline, each edit re-linked at once or queued,
merges and deletions counted in words."""

from django.conf import settings
from django.contrib import admin, messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import ngettext

from libya_archive.archive import selectors, services
from libya_archive.archive.ambiguity import ORDINARY_WORDS, SHORT_NAME, TITLE_ALONE, evidence_needed
from libya_archive.archive.arabic import normalize_arabic
from libya_archive.archive.curation_forms import (
    AliasForm,
    AliasFormSet,
    EntityForm,
    name_owners,
    preview_text,
    relinked_message,
    relinking_message,
)
from libya_archive.archive.linking import cached_gazetteer
from libya_archive.archive.models import Actor, ActorAlias, Place, PlaceAlias, RelinkRequest

# What the admin says beside an alias of what the data says of it (`ambiguity.evidence_needed`).
_DATA_SAYS = {
    SHORT_NAME: "اسم قصير: يُربط بقرينة",
    TITLE_ALONE: "لقب وحده: يُربط بقرينة",
    ORDINARY_WORDS: "كلمات عامة: يُربط بقرينة",
    "": "اسم: يُربط دائمًا",
}


class AliasInline(admin.TabularInline):
    """An entity's aliases, each with its linking mark and what the data says of it."""

    form = AliasForm
    formset = AliasFormSet
    extra = 1
    # Its add link reads «أضف %s آخر»: «إملاء» is its object as written, where «اسم بديل»
    # would want the accusative's alif.
    verbose_name = "إملاء"
    verbose_name_plural = "الأسماء البديلة"
    fields = ["name", "linking", "data_says", "take_over"]
    readonly_fields = ["data_says"]

    @admin.display(description="بحسب البيانات")
    def data_says(self, alias):
        if not alias.name:
            return "—"
        kind = self.model._meta.model_name.removesuffix("alias")
        return _DATA_SAYS[evidence_needed(alias.name, kind, cached_gazetteer().specific)]


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
        if owners := name_owners(name, besides=entity):
            # What saving would answer, said as the editor types: not what it would link.
            whose = "، ".join(owner.name for owner in owners)
            text = f"«{name}» من أسماء {whose} في المعجم: لا يُحفظ هنا إلا بنقله من ذلك السجل أو بدمج السجلين."
            return JsonResponse({"text": text, "mentions": 0, "articles": 0})
        preview = selectors.spelling_preview(entity, self.model._meta.model_name, name)
        return JsonResponse({"text": preview_text(preview), "mentions": preview.mentions, "articles": preview.articles})

    def merge_two_view(self, request, pk, other):
        """The merge confirmation for two records, linked from an alias conflict."""
        if not self.has_change_permission(request) or not self.has_delete_permission(request):
            return redirect("admin:index")
        entity = get_object_or_404(self.model, pk=pk)
        if other == pk:  # a record is not merged with itself: it had been offered, twice listed
            self.message_user(request, "لا يُدمج السجل في نفسه: اختر سجلًا آخر.", messages.WARNING)
            return redirect(reverse(f"admin:archive_{self.model._meta.model_name}_change", args=[pk]))
        return self._merge_confirmation(request, [entity, get_object_or_404(self.model, pk=other)])


@admin.register(Actor)
class ActorAdmin(EntityAdmin):
    inlines = [ActorAliasInline]


@admin.register(Place)
class PlaceAdmin(EntityAdmin):
    inlines = [PlaceAliasInline]
    list_display = [*EntityAdmin.list_display, "latitude", "longitude"]

from django.contrib import admin, messages
from django.db.models import Count

from libya_archive.archive.linking import link_article, load_gazetteer, relink_entity
from libya_archive.archive.models import Actor, ActorAlias, Article, Place, PlaceAlias

admin.site.site_header = "إدارة أرشيف أخبار ليبيا"
admin.site.site_title = "أرشيف أخبار ليبيا"


class ActorAliasInline(admin.TabularInline):
    model = ActorAlias
    extra = 1


class PlaceAliasInline(admin.TabularInline):
    model = PlaceAlias
    extra = 1


class EntityAdmin(admin.ModelAdmin):
    """What actor and place curation share: aliases inline, and edits re-linked at once."""

    list_display = ["name", "name_en", "kind", "article_count"]
    list_filter = ["kind"]
    search_fields = ["name", "name_en", "aliases__name", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("mentions__article", distinct=True))

    @admin.display(description="عدد المقالات", ordering="article_count")
    def article_count(self, entity) -> int:
        return entity.article_count

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        relinked = relink_entity(form.instance)
        self.message_user(request, f"أُعيد ربط {relinked} مقالة.", messages.INFO)


@admin.register(Actor)
class ActorAdmin(EntityAdmin):
    inlines = [ActorAliasInline]


@admin.register(Place)
class PlaceAdmin(EntityAdmin):
    inlines = [PlaceAliasInline]
    list_display = [*EntityAdmin.list_display, "latitude", "longitude"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "source_name", "published_on", "source", "updated_at"]
    list_filter = ["published_on", "source"]
    search_fields = ["title", "source_name"]
    readonly_fields = ["source_name", "created_at", "updated_at"]
    fields = ["title", "body", "published_on", "source", "url", "source_name", "created_at", "updated_at"]
    date_hierarchy = "published_on"

    def save_model(self, request, obj, form, change):
        obj.update_search_text()
        super().save_model(request, obj, form, change)
        link_article(obj, load_gazetteer())

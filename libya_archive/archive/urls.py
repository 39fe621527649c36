from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe
from django.views.generic import RedirectView, TemplateView

from libya_archive.archive import exports, feeds, saved_search_views, views


def reads_only(view):
    """A page that only reads: any method but GET and HEAD is a 405 saying which it takes,
    not the CSRF check's 403, which guards the forms that write and has nothing here to guard."""
    return csrf_exempt(require_safe(view))


urlpatterns = [
    path("", reads_only(views.home), name="home"),
    path("about/", reads_only(TemplateView.as_view(template_name="archive/about.html")), name="about"),
    path("articles/", reads_only(views.article_list), name="article_list"),
    path("articles/<int:pk>/", reads_only(views.article_detail), name="article_detail"),
    path("actors/", reads_only(views.actor_list), name="actor_list"),
    path("actors/<str:slug>/", reads_only(views.actor_detail), name="actor_detail"),
    path("actors/<str:slug>/mentions/", reads_only(views.entity_mentions), {"kind": "actor"}, name="actor_mentions"),
    path("actors/<str:slug>/mentions.csv", reads_only(exports.entity_mentions_csv), {"kind": "actor"}, name="actor_mentions_csv"),
    path("places/", reads_only(views.place_list), name="place_list"),
    path("places/map/", reads_only(views.place_map_page), name="place_map"),  # before the slugs: no place is called "map"
    path("places/<str:slug>/", reads_only(views.place_detail), name="place_detail"),
    path("places/<str:slug>/mentions/", reads_only(views.entity_mentions), {"kind": "place"}, name="place_mentions"),
    path("places/<str:slug>/mentions.csv", reads_only(exports.entity_mentions_csv), {"kind": "place"}, name="place_mentions_csv"),
    path("search", reads_only(views.search), name="search"),
    # Every other section ends in a slash: a reader who types one here too is sent on, not lost.
    path("search/", reads_only(RedirectView.as_view(pattern_name="search", query_string=True, permanent=True))),
    path("search/export.csv", reads_only(exports.search_export_csv), name="search_export_csv"),
    path("search/export.jsonl", reads_only(exports.search_export_jsonl), name="search_export_jsonl"),
    path("feeds/articles/", reads_only(feeds.LatestArticlesFeed()), name="feed_articles"),
    path("feeds/search/", reads_only(feeds.SearchFeed()), name="feed_search"),
    path("saved/", saved_search_views.saved_search_list, name="saved_search_list"),
    path("saved/save/", saved_search_views.save_current_search, name="save_search"),
    path("saved/<int:pk>/", saved_search_views.open_saved_search, name="open_saved_search"),
    path("saved/<int:pk>/delete/", saved_search_views.delete_saved_search, name="delete_saved_search"),
    path("saved/<int:pk>/rename/", saved_search_views.rename_saved_search, name="rename_saved_search"),
]

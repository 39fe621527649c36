from django.urls import path
from django.views.generic import TemplateView

from libya_archive.archive import exports, feeds, views

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", TemplateView.as_view(template_name="archive/about.html"), name="about"),
    path("articles/", views.article_list, name="article_list"),
    path("articles/<int:pk>/", views.article_detail, name="article_detail"),
    path("actors/", views.actor_list, name="actor_list"),
    path("actors/<str:slug>/", views.actor_detail, name="actor_detail"),
    path("actors/<str:slug>/mentions/", views.entity_mentions, {"kind": "actor"}, name="actor_mentions"),
    path("actors/<str:slug>/mentions.csv", exports.entity_mentions_csv, {"kind": "actor"}, name="actor_mentions_csv"),
    path("places/", views.place_list, name="place_list"),
    path("places/map/", views.place_map_page, name="place_map"),  # before the slugs: no place is called "map"
    path("places/<str:slug>/", views.place_detail, name="place_detail"),
    path("places/<str:slug>/mentions/", views.entity_mentions, {"kind": "place"}, name="place_mentions"),
    path("places/<str:slug>/mentions.csv", exports.entity_mentions_csv, {"kind": "place"}, name="place_mentions_csv"),
    path("search", views.search, name="search"),
    path("search/export.csv", exports.search_export_csv, name="search_export_csv"),
    path("search/export.jsonl", exports.search_export_jsonl, name="search_export_jsonl"),
    path("feeds/articles/", feeds.LatestArticlesFeed(), name="feed_articles"),
    path("feeds/search/", feeds.SearchFeed(), name="feed_search"),
    path("saved/", views.saved_search_list, name="saved_search_list"),
    path("saved/save/", views.save_current_search, name="save_search"),
    path("saved/<int:pk>/", views.open_saved_search, name="open_saved_search"),
    path("saved/<int:pk>/delete/", views.delete_saved_search, name="delete_saved_search"),
    path("saved/<int:pk>/rename/", views.rename_saved_search, name="rename_saved_search"),
]

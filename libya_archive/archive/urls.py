from django.urls import path

from libya_archive.archive import views

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/", views.article_list, name="article_list"),
    path("articles/<int:pk>/", views.article_detail, name="article_detail"),
    path("actors/", views.actor_list, name="actor_list"),
    path("actors/<str:slug>/", views.actor_detail, name="actor_detail"),
    path("places/", views.place_list, name="place_list"),
    path("places/<str:slug>/", views.place_detail, name="place_detail"),
    path("search", views.search, name="search"),
    path("api/search", views.api_search, name="api_search"),
]

"""Small archives built in code, for tests that need exact control over text and names."""

import hashlib
from itertools import count

from libya_archive.archive import services
from libya_archive.archive.models import Actor, ActorAlias, Article, Place, PlaceAlias

_numbers = count(1)


def make_actor(name: str, *aliases: str, kind: str = Actor.Kind.PERSON, slug: str = "") -> Actor:
    actor = Actor.objects.create(name=name, kind=kind, slug=slug or f"actor-{next(_numbers)}")
    for alias in aliases:
        ActorAlias(actor=actor, name=alias).save()
    services.names_changed()
    return actor


def make_place(name: str, *aliases: str, kind: str = Place.Kind.CITY, slug: str = "") -> Place:
    place = Place.objects.create(name=name, kind=kind, slug=slug or f"place-{next(_numbers)}")
    for alias in aliases:
        PlaceAlias(place=place, name=alias).save()
    services.names_changed()
    return place


def make_article(body: str, *, title: str = "", **fields) -> Article:
    """An article stored and linked exactly as the importer stores and links one."""
    article = Article(
        title=title or body[:40],
        body=body,
        source_name=fields.pop("source_name", f"article-{next(_numbers)}.txt"),
        content_hash=hashlib.sha256(body.encode()).hexdigest(),
        **fields,
    )
    services.article_save(article)
    return article

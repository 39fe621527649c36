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


def article_admin_form(article: Article | None = None, *, refused=(), **fields) -> dict:
    """An article's change (or add) form as the admin posts it: its fields as stored or as
    `fields` give them, and `refused` the actors and places it says the article does not name."""
    data = {"published_on": "", "source": "", "url": "", "author": ""}
    if article is not None:
        data |= {name: getattr(article, name) or "" for name in ("title", "body", "source", "url", "author")}
        data["published_on"] = article.published_on.isoformat() if article.published_on else ""
    data |= fields
    stored = list(article.refused_links.all()) if article is not None else []
    data |= {
        "refused_links-INITIAL_FORMS": str(len(stored)),
        "refused_links-MIN_NUM_FORMS": "0",
        "refused_links-MAX_NUM_FORMS": "1000",
    }
    for index, link in enumerate(stored):
        data[f"refused_links-{index}-id"] = str(link.pk)
        data[f"refused_links-{index}-DELETE"] = "" if link.entity in refused else "on"
    kept = [link.entity for link in stored]
    rows = kept + [entity for entity in refused if entity not in kept]
    data["refused_links-TOTAL_FORMS"] = str(len(rows))
    for index, entity in enumerate(rows):
        data[f"refused_links-{index}-{entity._meta.model_name}"] = str(entity.pk)
        if article is not None:
            data[f"refused_links-{index}-article"] = str(article.pk)
    return data

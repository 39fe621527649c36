"""What editors do to actors and places beyond editing one record: merge two, and create
an actor from a name candidate. Each re-links the articles it can change."""

from django.db import transaction
from django.utils.text import slugify

from libya_archive.archive.arabic import normalize_arabic
from libya_archive.archive.linking import recount_articles, relink_entity
from libya_archive.archive.models import Actor, NameCandidate, Place


def _alias_model(entity: Actor | Place):
    return entity.aliases.model


def _add_alias(entity: Actor | Place, name: str) -> None:
    alias_model = _alias_model(entity)
    if not alias_model.objects.filter(normalized=normalize_arabic(name.strip())).exists():
        alias_model(name=name, **{type(entity).__name__.lower(): entity}).save()


def merge_entities(target: Actor | Place, others: list[Actor | Place]) -> int:
    """Fold `others` into `target`: their names, aliases and mentions move to it, their
    URLs redirect to it, and they are deleted. Returns how many articles were re-linked."""
    field = type(target).__name__.lower()
    with transaction.atomic():
        for other in others:
            if other.pk == target.pk:
                continue
            for alias in other.aliases.all():
                alias.delete()
                _add_alias(target, alias.name)
            _add_alias(target, other.name)
            if other.name_en:
                _add_alias(target, other.name_en)
            other.mentions.update(**{field: target})
            target.description = target.description or other.description
            target.former_slugs = [*target.former_slugs, other.slug, *other.former_slugs]
            other.delete()
        target.save()
    relinked = relink_entity(target)
    recount_articles([target])
    return relinked


def unique_slug(model, name: str) -> str:
    base = slugify(name, allow_unicode=True) or "actor"
    slug, number = base, 1
    while model.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def actor_from_candidate(candidate: NameCandidate, *, name: str, kind: str) -> Actor:
    """Create an actor named as the candidate (its spelling in the text an alias) and link it."""
    with transaction.atomic():
        actor = Actor.objects.create(name=name, kind=kind, slug=unique_slug(Actor, name))
        _add_alias(actor, candidate.name)
        candidate.delete()
    relink_entity(actor)
    return actor

"""Actors, places and their aliases: what an editor's edit, a deletion, a merge or a new
actor from a candidate re-links, now or queued for `manage.py relink_pending`."""

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from libya_archive.archive.arabic import form_of, normalize_arabic, tokenize
from libya_archive.archive.editions import archive_changed
from libya_archive.archive.linking import load_gazetteer
from libya_archive.archive.models import (
    DERIVED_TEXT_FIELDS,
    Actor,
    Article,
    NameCandidate,
    Place,
    RefusedLink,
    RelinkRequest,
)
from libya_archive.archive.selectors import articles_naming
from libya_archive.archive.services.articles import articles_relink
from libya_archive.archive.services.mentions import entities_recount

Entity = Actor | Place


RELINK_BATCH = 500


def names_changed() -> None:
    """An actor, place or alias changed outside the functions below (the gazetteer file)."""
    archive_changed(names=True)


def entity_saved(entity: Entity, changed_names: Iterable[str] | None = None) -> tuple[int, bool]:
    """Re-link what an edit of `entity` (already saved) changes: `changed_names`, the
    spellings added, removed or respelled, or None for a new entity or a new name. Now if
    that is a few articles, or else queued (`relink_or_queue`). A name candidate spelt as
    one of its names now is no longer offered to editors (the gazetteer has it); one they
    dismissed stays dismissed."""
    archive_changed(names=True)
    names = {normalize_arabic(name.strip()) for name in [entity.name, *entity.aliases.values_list("name", flat=True)]}
    if changed_names is not None:
        names &= {normalize_arabic(name.strip()) for name in changed_names}
    NameCandidate.objects.filter(normalized__in=names, dismissed=False).delete()
    if changed_names is not None and _name_another(entity, changed_names):
        # A name holding another's (مصرف ليبيا المركزي) says where the entity belongs, which is
        # evidence for its generic names (البنك المركزي) in every article naming it.
        changed_names = None
    articles, queued = relink_or_queue(entity, changed_names)
    # And a name of it inside another's longer name (الجماهيرية in مصرف الجماهيرية المركزي) is
    # evidence for that one's generic names wherever the article names it.
    for other in _holding(entity, _names_of(entity) if changed_names is None else changed_names):
        more, more_queued = relink_or_queue(other)
        articles, queued = articles + more, queued or more_queued
    return articles, queued


def _name_another(entity: Entity, names: Iterable[str]) -> bool:
    """Whether any of `names` (added or removed) holds the name of another entity."""
    gazetteer, key = load_gazetteer(), (entity._meta.model_name, entity.pk)
    return any(gazetteer.named_inside(name) - {key} for name in names)


def _holding(entity: Entity, names: Iterable[str]) -> list[Entity]:
    """The other actors and places with a longer name holding one of `names` as its words."""
    runs = {tuple(map(form_of, tokenize(name))) for name in names} - {()}
    holders = []
    for model in (Actor, Place):
        others = model.objects.prefetch_related("aliases")
        for other in others.exclude(pk=entity.pk) if isinstance(entity, model) else others:
            for name in [other.name, *(alias.name for alias in other.aliases.all())]:
                forms = tuple(map(form_of, tokenize(name)))
                if any(len(run) < len(forms) and _holds(forms, run) for run in runs):
                    holders.append(other)
                    break
    return holders


def _holds(words: tuple[str, ...], run: tuple[str, ...]) -> bool:
    return any(words[start : start + len(run)] == run for start in range(len(words) - len(run) + 1))


def entity_delete(entities: Iterable[Entity]) -> int:
    """Delete actors or places; the articles that named them lose their links and, in their
    search text, the tokens and names. Re-linked now, or queued by their names when many."""
    total = 0
    with transaction.atomic():
        archive_changed(names=True)
        for entity in entities:
            names = _names_of(entity)
            article_ids = set(entity.mentions.order_by().values_list("article_id", flat=True).distinct())
            entity.delete()
            if len(article_ids) <= settings.RELINK_AT_ONCE:
                _relink_ids(article_ids)
            else:
                RelinkRequest.objects.create(names=names)
            total += len(article_ids)
    return total


def entity_merge(target: Entity, others: list[Entity]) -> tuple[int, bool]:
    """Fold `others` into `target`: their names, aliases and mentions move to it, their
    URLs redirect to it, and they are deleted; its articles are re-linked now, or queued
    when many (`relink_or_queue`, whose answer this is)."""
    field = target._meta.model_name
    with transaction.atomic():
        archive_changed(names=True)
        for other in others:
            if other.pk == target.pk:
                continue
            spellings = [alias.name for alias in other.aliases.all()]
            other.aliases.all().delete()
            for name in [*spellings, other.name, other.name_en]:
                alias_add(target, name)
            # The articles an editor said do not name `target` do not name it by `other`'s names
            # either, nor those that did not name `other` by its own: at once, as their re-linking
            # may wait in the background.
            refused_target = RefusedLink.objects.filter(**{field: target}).values("article_id")
            other.mentions.filter(article_id__in=refused_target).delete()
            other.mentions.update(**{field: target})
            RefusedLink.objects.filter(**{field: other}).exclude(article_id__in=refused_target).update(**{field: target})
            target.description = target.description or other.description
            target.former_slugs = [*target.former_slugs, other.slug, *other.former_slugs]
            other.delete()
        target.save()
        entities_recount([target])  # its mentions moved above
    return relink_or_queue(target)


def alias_add(entity: Entity, name: str) -> None:
    """Give `entity` the spelling `name`, unless it has it (or one that folds to it) already."""
    name = name.strip()
    alias_model = entity.aliases.model
    if name and not alias_model.objects.filter(normalized=normalize_arabic(name)).exists():
        alias_model(name=name, **{entity._meta.model_name: entity}).save()


def alias_take_over(entity: Entity, name: str) -> Entity | None:
    """Move the spelling `name` to `entity` from the actor or place of its kind that has it;
    return that one (None if none had it). The caller re-links the spelling's articles."""
    alias = entity.aliases.model.objects.filter(normalized=normalize_arabic(name.strip())).first()
    if alias is None:
        return None
    owner = getattr(alias, entity._meta.model_name)
    alias.delete()
    return owner


def unique_slug(model: type[Entity], name: str) -> str:
    """A slug for a new actor or place: the name as a URL says it (Arabic letters kept),
    numbered when another record has it."""
    # Room for a number after it, within the field's length.
    base = slugify(name, allow_unicode=True)[: model._meta.get_field("slug").max_length - 8].strip("-") or model._meta.model_name
    slug, number = base, 1
    while slug in model.RESERVED_SLUGS or model.objects.filter(Q(slug=slug) | Q(former_slugs__contains=[slug])).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def actor_from_candidate(candidate: NameCandidate, *, name: str, kind: str) -> tuple[Actor, int, bool]:
    """Create an actor named as the candidate (its spelling in the text an alias) and link
    it: now, or queued when many articles name it. Returns it and `relink_or_queue`'s answer."""
    with transaction.atomic():
        actor = Actor.objects.create(name=name, kind=kind, slug=unique_slug(Actor, name))
        alias_add(actor, candidate.name)
        candidate.delete()
        archive_changed(names=True)
    return actor, *relink_or_queue(actor)


def relink_or_queue(entity: Entity, changed_names: Iterable[str] | None = None) -> tuple[int, bool]:
    """Re-link what an edit of `entity` changes (see `relink_entity`) now if that is a few
    articles, or else leave a `RelinkRequest` for `relink_pending`, committed with the edit.
    Returns (articles whose links changed, or settings.RELINK_AT_ONCE + 1 when queued; queued)."""
    names = None if changed_names is None else sorted(changed_names)
    # Counted only as far as the limit: the indexes find a name's articles in milliseconds,
    # where reading all of a common word's would take seconds.
    naming = articles_naming(names if names is not None else _names_of(entity)).order_by()
    touched = naming[: settings.RELINK_AT_ONCE + 1].count() + (entity.article_count if names is None else 0)
    if touched <= settings.RELINK_AT_ONCE:
        return relink_entity(entity, names), False
    RelinkRequest.objects.create(**{entity._meta.model_name: entity}, names=names)
    return settings.RELINK_AT_ONCE + 1, True


def relink_pending() -> int:
    """Carry out the queued re-linking requests, oldest first; return how many. Each
    request's articles are committed a batch at a time and the request is deleted when all
    are done, so one stopped half way is simply done again (re-linking is idempotent)."""
    done = 0
    while request := RelinkRequest.objects.select_related("actor", "place").first():
        if request.entity is None:
            _relink_ids(set(articles_naming(request.names).values_list("pk", flat=True)))
        else:
            relink_entity(request.entity, request.names)
        with transaction.atomic():
            request.delete()
            archive_changed()  # the record's page said it was being re-linked: kept pages made afresh
        done += 1
    return done


def _names_of(entity: Entity) -> list[str]:
    return [entity.name, *entity.aliases.values_list("name", flat=True)]


def relink_entity(entity: Entity, changed_names: Iterable[str] | None = None) -> int:
    """Re-link every article an edit of `entity` can change; return how many changed (see
    `articles_relink`).

    When the edit added, removed or respelled aliases only, `changed_names` lists them
    (old and new spellings): the articles whose text holds one of those are all it can
    change. Otherwise (a new entity, a merge, a new name, which every article mentioning it
    carries in its search text) those are the articles that mention it now and those whose
    text holds any of its names.
    """
    if changed_names is None:
        article_ids = set(articles_naming(_names_of(entity)).values_list("pk", flat=True))
        article_ids |= set(entity.mentions.order_by().values_list("article_id", flat=True).distinct())
    else:
        article_ids = set(articles_naming(changed_names).values_list("pk", flat=True))
    return _relink_ids(article_ids)


def _relink_ids(article_ids: set[int]) -> int:
    """Re-link these articles a batch a transaction; return how many changed."""
    ordered, changed = sorted(article_ids), 0
    for first in range(0, len(ordered), RELINK_BATCH):
        chosen = ordered[first : first + RELINK_BATCH]
        with transaction.atomic():
            # Locked, in id order, so that re-linkings of the same articles (the background
            # worker's and an editor's) take turns, each seeing what the other wrote; and the
            # gazetteer read after the lock, so an edit saved during a long re-linking counts.
            chosen_articles = Article.objects.filter(pk__in=chosen).order_by("pk").select_for_update()
            changed += articles_relink(list(chosen_articles.only("pk", "body", *DERIVED_TEXT_FIELDS)), load_gazetteer())
    return changed

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save

from libya_archive.archive.page_cache import archive_changed


class ArchiveConfig(AppConfig):
    name = "libya_archive.archive"
    verbose_name = "الأرشيف"

    def ready(self):
        from libya_archive.archive.models import Actor, ActorAlias, Article, Place, PlaceAlias

        # Bulk writes (the import, re-linking, counts) say so themselves; these catch every
        # record an editor saves or deletes.
        for model in (Article, Actor, Place, ActorAlias, PlaceAlias):
            post_save.connect(_archive_changed, sender=model, dispatch_uid=f"page_cache_save_{model.__name__}")
            post_delete.connect(_archive_changed, sender=model, dispatch_uid=f"page_cache_delete_{model.__name__}")


def _archive_changed(**_) -> None:
    archive_changed()

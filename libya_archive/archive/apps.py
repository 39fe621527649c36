from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "libya_archive.archive"
    verbose_name = "الأرشيف"

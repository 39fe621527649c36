from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "libya_archive.api"
    label = "archive_api"
    verbose_name = "واجهة البرمجة"

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    """An index of the articles' sources: whether any article is from a source a filter
    names, looked up at once. Built without locking out writes."""

    atomic = False

    dependencies = [
        ("archive", "0031_article_dates_in_arabic"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="article",
            index=models.Index(fields=["source"], name="article_source"),
        ),
    ]

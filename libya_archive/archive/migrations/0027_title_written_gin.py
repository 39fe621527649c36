import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations


class Migration(migrations.Migration):
    """An index of the titles' words as written: which titles hold a word as typed, read
    without the titles holding it otherwise, and PostgreSQL's statistics of how many do.
    Built without locking out writes."""

    atomic = False

    dependencies = [
        ("archive", "0026_title_walk_written"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="article",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.search.SearchVector("title_as_written", config="simple"),
                name="article_search_written_gin",
            ),
        ),
    ]

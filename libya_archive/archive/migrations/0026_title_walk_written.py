from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    """The index by title length holds the title's words as written too, so that the walk
    for a word's best titles (the titles holding it as typed rank first) reads the index
    alone. Built beside the old one without locking out writes, then the old one dropped."""

    atomic = False

    dependencies = [
        ("archive", "0025_title_walk_covering"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="article",
            index=models.Index(
                models.F("title_words"),
                models.F("published_on").desc(nulls_last=True),
                models.F("id").desc(),
                name="article_title_walk_written",
                include=["title_vector", "title_as_written"],
            ),
        ),
        RemoveIndexConcurrently(model_name="article", name="article_title_walk"),
    ]

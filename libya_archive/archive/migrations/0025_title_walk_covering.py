from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    """The index by title length holds the title's words too (an index-only walk). Built
    beside the old one and without locking out writes, then the old one dropped: an archive
    being read and imported into keeps working while a million titles are indexed."""

    atomic = False

    dependencies = [
        ("archive", "0024_title_as_written"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="article",
            index=models.Index(
                models.F("title_words"),
                models.F("published_on").desc(nulls_last=True),
                models.F("id").desc(),
                name="article_title_walk",
                include=["title_vector"],
            ),
        ),
        RemoveIndexConcurrently(model_name="article", name="article_title_words"),
    ]

from django.contrib.postgres.operations import RemoveIndexConcurrently
from django.db import migrations


class Migration(migrations.Migration):
    """The vocabulary's counts unindexed: nothing needs words found by their count, and an
    import rewrites most counts at each flush. Dropped without locking out a running import."""

    atomic = False

    dependencies = [
        ("archive", "0027_title_written_gin"),
    ]

    operations = [
        RemoveIndexConcurrently(
            model_name="searchterm",
            name="search_term_documents",
        ),
    ]

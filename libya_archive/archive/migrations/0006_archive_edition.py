from django.db import migrations


class Migration(migrations.Migration):
    """The archive's edition, which moves on with every change (see page_cache.py)."""

    dependencies = [
        ("archive", "0005_article_counts"),
    ]

    operations = [
        migrations.RunSQL("CREATE SEQUENCE archive_edition", "DROP SEQUENCE archive_edition"),
    ]

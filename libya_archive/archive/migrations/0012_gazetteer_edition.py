from django.db import migrations


class Migration(migrations.Migration):
    """The gazetteer's edition, which moves on when actors, places or aliases change (see editions.py)."""

    dependencies = [
        ("archive", "0011_mentions_ordered_without_a_join"),
    ]

    operations = [
        migrations.RunSQL("CREATE SEQUENCE gazetteer_edition", "DROP SEQUENCE gazetteer_edition"),
    ]

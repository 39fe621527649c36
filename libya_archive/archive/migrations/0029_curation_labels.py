import django.contrib.postgres.fields
import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    """What the admin shows editors, in Arabic: the slugs' and mentions' names, and a place's
    coordinates off the globe refused beside the field. No change to the tables."""

    dependencies = [
        ('archive', '0028_vocabulary_counts_unindexed'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='actormention',
            options={'ordering': ['article_id', 'start'], 'verbose_name': 'إشارة إلى فاعل', 'verbose_name_plural': 'إشارات إلى فاعلين'},
        ),
        migrations.AlterModelOptions(
            name='placemention',
            options={'ordering': ['article_id', 'start'], 'verbose_name': 'إشارة إلى مكان', 'verbose_name_plural': 'إشارات إلى أماكن'},
        ),
        migrations.AlterField(
            model_name='actor',
            name='former_slugs',
            field=django.contrib.postgres.fields.ArrayField(base_field=models.SlugField(allow_unicode=True, max_length=200), blank=True, default=list, editable=False, size=None, verbose_name='معرّفات سابقة'),
        ),
        migrations.AlterField(
            model_name='actor',
            name='slug',
            field=models.SlugField(allow_unicode=True, max_length=200, unique=True, verbose_name='المعرّف في العنوان'),
        ),
        migrations.AlterField(
            model_name='place',
            name='former_slugs',
            field=django.contrib.postgres.fields.ArrayField(base_field=models.SlugField(allow_unicode=True, max_length=200), blank=True, default=list, editable=False, size=None, verbose_name='معرّفات سابقة'),
        ),
        migrations.AlterField(
            model_name='place',
            name='latitude',
            field=models.FloatField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(-90, 'خط العرض بين 90 جنوبًا و90 شمالًا (بين -90 و90).'), django.core.validators.MaxValueValidator(90, 'خط العرض بين 90 جنوبًا و90 شمالًا (بين -90 و90).')], verbose_name='خط العرض'),
        ),
        migrations.AlterField(
            model_name='place',
            name='longitude',
            field=models.FloatField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(-180, 'خط الطول بين 180 غربًا و180 شرقًا (بين -180 و180).'), django.core.validators.MaxValueValidator(180, 'خط الطول بين 180 غربًا و180 شرقًا (بين -180 و180).')], verbose_name='خط الطول'),
        ),
        migrations.AlterField(
            model_name='place',
            name='slug',
            field=models.SlugField(allow_unicode=True, max_length=200, unique=True, verbose_name='المعرّف في العنوان'),
        ),
        migrations.AlterConstraint(
            model_name='place',
            name='place_latitude_range',
            constraint=models.CheckConstraint(condition=models.Q(('latitude__isnull', True), models.Q(('latitude__gte', -90), ('latitude__lte', 90)), _connector='OR'), name='place_latitude_range', violation_error_message='خط العرض بين 90 جنوبًا و90 شمالًا (بين -90 و90).'),
        ),
        migrations.AlterConstraint(
            model_name='place',
            name='place_longitude_range',
            constraint=models.CheckConstraint(condition=models.Q(('longitude__isnull', True), models.Q(('longitude__gte', -180), ('longitude__lte', 180)), _connector='OR'), name='place_longitude_range', violation_error_message='خط الطول بين 180 غربًا و180 شرقًا (بين -180 و180).'),
        ),
    ]

import re

import entities.validators
from django.db import migrations, models


def normalise_postal_codes(apps, schema_editor):
    """Codes stored before the validator as "87100" or "87 100" become "87-100"; other values are left for staff to
    correct (the edit form now says what is wrong), never guessed or wiped."""
    Entity = apps.get_model("entities", "Entity")
    for pk, code in Entity.objects.exclude(postal_code="").values_list("pk", "postal_code").iterator():
        digits = re.sub(r"\s+", "", code)
        if re.fullmatch(r"\d{5}", digits) and code != f"{digits[:2]}-{digits[2:]}":
            Entity.objects.filter(pk=pk).update(postal_code=f"{digits[:2]}-{digits[2:]}")


class Migration(migrations.Migration):

    dependencies = [
        ('entities', '0005_list_order_and_search_index'),
    ]

    operations = [
        migrations.RunPython(normalise_postal_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='entity',
            name='postal_code',
            field=models.CharField(blank=True, max_length=6, validators=[entities.validators.validate_postal_code], verbose_name='postal code'),
        ),
        migrations.AlterField(
            model_name='historicalentity',
            name='postal_code',
            field=models.CharField(blank=True, max_length=6, validators=[entities.validators.validate_postal_code], verbose_name='postal code'),
        ),
    ]

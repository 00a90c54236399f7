from django.db import migrations


def load(apps, schema_editor):
    from entities.territory import load_shipped

    load_shipped(model=apps.get_model("entities", "Territory"))


class Migration(migrations.Migration):
    dependencies = [("entities", "0002_registry")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

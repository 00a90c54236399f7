from django.db import migrations

# The same expression as entities.selectors._search_vector() generates, so the planner uses the index.
INDEX = (
    "CREATE INDEX IF NOT EXISTS entities_entity_search_gin ON entities_entity USING gin ("
    "to_tsvector('simple'::regconfig, COALESCE((name)::text, '') || ' ' || COALESCE((short_name)::text, '')))"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INDEX)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS entities_entity_search_gin")


class Migration(migrations.Migration):
    dependencies = [("entities", "0003_load_terc")]
    operations = [migrations.RunPython(create, drop)]

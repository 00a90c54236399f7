"""Indexes for a registry of 100 000 entities (measured in docs/performance.md).

- (name, id): the list is ordered by name then id, so a page is read from this index instead of sorting every row.
- regon: a search by a number matches NIP, KRS or REGON; without this index the OR made PostgreSQL scan the table.
- The full-text GIN index of 0004 was built on ``COALESCE(name::text, '')`` while ``SearchVector`` generates
  ``COALESCE(name, '')``: PostgreSQL saw two different expressions and never used the index (every search computed
  ``to_tsvector`` for every row). It is rebuilt here by Django from the same ``SearchVector`` expression that
  ``entities.selectors.entity_search`` filters on, so the two cannot drift apart again; a test checks the plan.
"""

from django.db import migrations, models

INDEX_NAME = "entities_entity_search_gin"


def _search_index():
    from django.contrib.postgres.indexes import GinIndex
    from django.contrib.postgres.search import SearchVector

    return GinIndex(SearchVector("name", "short_name", config="simple"), name=INDEX_NAME)


def rebuild_search_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")
    schema_editor.add_index(apps.get_model("entities", "Entity"), _search_index())


def restore_old_search_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")
    schema_editor.execute(
        f"CREATE INDEX {INDEX_NAME} ON entities_entity USING gin (to_tsvector('simple'::regconfig, "
        "COALESCE((name)::text, '') || ' ' || COALESCE((short_name)::text, '')))")


class Migration(migrations.Migration):

    dependencies = [
        ("entities", "0004_search_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="entity",
            index=models.Index(fields=["name", "id"], name="entities_entity_name_id"),
        ),
        migrations.AddIndex(
            model_name="entity",
            index=models.Index(fields=["regon"], name="entities_entity_regon"),
        ),
        migrations.RunPython(rebuild_search_index, restore_old_search_index),
    ]

"""A version of the registry's data that every committed write moves on, kept by PostgreSQL itself.

The sector figures that scan the whole registry (``entities.computations``: the PES and PS counts, employment in
PES) are kept between requests under this version (``entities.registry_version``): a figure read under version
*n* is served again only while the version is still *n*. The version is moved on by triggers, so no write can
bypass it: the ORM's ``save``, ``update``, ``bulk_create`` and ``delete``, an import, raw SQL, a restore with
TRUNCATE.

- A statement-level trigger on each table the figures read (entities, their yearly figures, their PS statuses)
  marks the transaction as having touched the registry (a transaction-local setting, ``rops.registry_touched``)
  and, once per transaction, queues one row in ``entities_registry_change``.
- A deferred constraint trigger on that row runs when the transaction commits: it moves the version on and removes
  the row. The version's row is locked only from that point of the commit to its end (never while the
  transaction works), so writers wait on each other for it only while committing.
- A transaction that has touched the registry sees the setting and never uses a kept figure (it may be reading
  its own uncommitted writes); a rolled-back transaction (or savepoint) takes its mark and its row with it.

Each database has its own random ``registry`` id, so two databases (a copy for tests or training) that share one
cache never read each other's figures. PostgreSQL only: SQLite (the demo) keeps no figures between requests.
"""

from django.db import migrations

TABLES = ("entities_entity", "entities_yearlyfigures", "entities_psstatus")

CREATE = """
CREATE TABLE entities_registry_version (id smallint PRIMARY KEY CHECK (id = 1), n bigint NOT NULL,
                                        registry uuid NOT NULL DEFAULT gen_random_uuid());
INSERT INTO entities_registry_version (id, n) VALUES (1, 0);
CREATE TABLE entities_registry_change (id bigserial PRIMARY KEY);

CREATE FUNCTION entities_registry_touched() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('rops.registry_touched', true) IS DISTINCT FROM 'on' THEN
        PERFORM set_config('rops.registry_touched', 'on', true);
        INSERT INTO entities_registry_change DEFAULT VALUES;
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION entities_registry_committed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE entities_registry_version SET n = n + 1 WHERE id = 1;
    DELETE FROM entities_registry_change WHERE id = NEW.id;
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER zz_entities_registry_committed AFTER INSERT ON entities_registry_change
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION entities_registry_committed();
""" + "".join(f"""
CREATE TRIGGER entities_registry_touched AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION entities_registry_touched();
""" for table in TABLES)

DROP = "".join(f"DROP TRIGGER IF EXISTS entities_registry_touched ON {table};\n" for table in TABLES) + """
DROP TABLE IF EXISTS entities_registry_change;
DROP TABLE IF EXISTS entities_registry_version;
DROP FUNCTION IF EXISTS entities_registry_committed();
DROP FUNCTION IF EXISTS entities_registry_touched();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):

    dependencies = [
        ("entities", "0010_entity_id_seat_index"),
    ]

    operations = [migrations.RunPython(create, drop)]

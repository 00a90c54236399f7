"""On PostgreSQL, refuse by trigger any change to a closed resolution or to its votes, whatever path
(ORM, admin, raw SQL) attempts it. SQLite (the demo) relies on the services and the read-only admin."""

from django.db import migrations

SQL = """
CREATE OR REPLACE FUNCTION committee_refuse_closed_vote_change() RETURNS trigger AS $$
DECLARE rid bigint;
BEGIN
  IF TG_OP = 'DELETE' THEN rid := OLD.resolution_id; ELSE rid := NEW.resolution_id; END IF;
  IF EXISTS (SELECT 1 FROM committee_resolution WHERE id = rid AND status = 'closed') THEN
    RAISE EXCEPTION 'The vote on resolution % is closed and cannot change.', rid;
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER committee_vote_immutable BEFORE INSERT OR UPDATE OR DELETE ON committee_vote
  FOR EACH ROW EXECUTE FUNCTION committee_refuse_closed_vote_change();

CREATE OR REPLACE FUNCTION committee_refuse_closed_resolution_change() RETURNS trigger AS $$
BEGIN
  IF OLD.status = 'closed' THEN
    RAISE EXCEPTION 'Resolution % is closed and cannot change.', OLD.id;
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER committee_resolution_immutable BEFORE UPDATE OR DELETE ON committee_resolution
  FOR EACH ROW EXECUTE FUNCTION committee_refuse_closed_resolution_change();
"""

DROP = """
DROP TRIGGER IF EXISTS committee_vote_immutable ON committee_vote;
DROP TRIGGER IF EXISTS committee_resolution_immutable ON committee_resolution;
DROP FUNCTION IF EXISTS committee_refuse_closed_vote_change();
DROP FUNCTION IF EXISTS committee_refuse_closed_resolution_change();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SQL, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("committee", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]

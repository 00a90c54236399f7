"""On PostgreSQL, close the gaps of migration 0002 so that nothing can change a closed result, whatever the path
(ORM, admin, raw SQL):

- a vote is refused when its OLD or its NEW resolution is closed (moving a vote out of a closed resolution by
  ``UPDATE committee_vote SET resolution_id = …`` was let through: only the new one was checked);
- a conflict declaration of a closed resolution cannot be inserted, changed, moved or deleted (the same rule);
- the entitled set (``entitled_members``, ``entitled_chair``) is frozen once voting opened: it can change only
  while the resolution is a draft (a closed resolution could not change at all already);
- ``TRUNCATE`` of votes, declarations or resolutions is refused while a closed resolution exists (row triggers do
  not fire on TRUNCATE). Wiping a whole database on purpose (the test suite's flush) sets
  ``SET LOCAL rops.allow_truncate = 'on'`` in its transaction first; see docs/security.md.

SQLite (the demo) relies on the services and the read-only admin, as with 0002.
"""

from django.db import migrations

SQL = """
CREATE OR REPLACE FUNCTION committee_refuse_closed_vote_change() RETURNS trigger AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    IF EXISTS (SELECT 1 FROM committee_resolution WHERE id = OLD.resolution_id AND status = 'closed') THEN
      RAISE EXCEPTION 'The vote on resolution % is closed and cannot change (%).', OLD.resolution_id, TG_TABLE_NAME;
    END IF;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    IF EXISTS (SELECT 1 FROM committee_resolution WHERE id = NEW.resolution_id AND status = 'closed') THEN
      RAISE EXCEPTION 'The vote on resolution % is closed and cannot change (%).', NEW.resolution_id, TG_TABLE_NAME;
    END IF;
    RETURN NEW;
  END IF;
  RETURN OLD;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER committee_declaration_immutable BEFORE INSERT OR UPDATE OR DELETE ON committee_conflictdeclaration
  FOR EACH ROW EXECUTE FUNCTION committee_refuse_closed_vote_change();

CREATE OR REPLACE FUNCTION committee_refuse_closed_resolution_change() RETURNS trigger AS $$
BEGIN
  IF OLD.status = 'closed' THEN
    RAISE EXCEPTION 'Resolution % is closed and cannot change.', OLD.id;
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  IF OLD.status <> 'draft' AND (NEW.entitled_members IS DISTINCT FROM OLD.entitled_members
                                OR NEW.entitled_chair IS DISTINCT FROM OLD.entitled_chair) THEN
    RAISE EXCEPTION 'Who votes on resolution % was frozen when voting opened.', OLD.id;
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION committee_refuse_truncate() RETURNS trigger AS $$
BEGIN
  IF coalesce(current_setting('rops.allow_truncate', true), '') <> 'on'
     AND EXISTS (SELECT 1 FROM committee_resolution WHERE status = 'closed') THEN
    RAISE EXCEPTION 'Closed votes cannot be removed: TRUNCATE of % refused.', TG_TABLE_NAME;
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER committee_vote_no_truncate BEFORE TRUNCATE ON committee_vote
  FOR EACH STATEMENT EXECUTE FUNCTION committee_refuse_truncate();
CREATE TRIGGER committee_declaration_no_truncate BEFORE TRUNCATE ON committee_conflictdeclaration
  FOR EACH STATEMENT EXECUTE FUNCTION committee_refuse_truncate();
CREATE TRIGGER committee_resolution_no_truncate BEFORE TRUNCATE ON committee_resolution
  FOR EACH STATEMENT EXECUTE FUNCTION committee_refuse_truncate();
"""

# Back to the functions of 0002.
DROP = """
DROP TRIGGER IF EXISTS committee_declaration_immutable ON committee_conflictdeclaration;
DROP TRIGGER IF EXISTS committee_vote_no_truncate ON committee_vote;
DROP TRIGGER IF EXISTS committee_declaration_no_truncate ON committee_conflictdeclaration;
DROP TRIGGER IF EXISTS committee_resolution_no_truncate ON committee_resolution;
DROP FUNCTION IF EXISTS committee_refuse_truncate();

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

CREATE OR REPLACE FUNCTION committee_refuse_closed_resolution_change() RETURNS trigger AS $$
BEGIN
  IF OLD.status = 'closed' THEN
    RAISE EXCEPTION 'Resolution % is closed and cannot change.', OLD.id;
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SQL, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("committee", "0006_freeze_entitled_members")]
    operations = [migrations.RunPython(create, drop)]

"""A closed resolution stays immutable, with one exception the sealing needs (migration 0009): the job that seals it
when the vote closes stores the sealed PDF, its SHA-256 and the seal level once — an update that changes nothing
but those three empty fields. Any other change, and any second write of the seal, is still refused (PostgreSQL)."""

from django.db import migrations

SQL = """
CREATE OR REPLACE FUNCTION committee_refuse_closed_resolution_change() RETURNS trigger AS $$
BEGIN
  IF OLD.status = 'closed' THEN
    IF TG_OP = 'UPDATE' AND OLD.pdf = '' AND OLD.pdf_sha256 = '' AND NEW.pdf <> '' AND NEW.pdf_sha256 <> ''
       AND (to_jsonb(NEW) - 'pdf' - 'pdf_sha256' - 'seal_level')
           = (to_jsonb(OLD) - 'pdf' - 'pdf_sha256' - 'seal_level') THEN
      RETURN NEW;
    END IF;
    RAISE EXCEPTION 'Resolution % is closed and cannot change.', OLD.id;
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  IF OLD.status <> 'draft' AND (NEW.entitled_members IS DISTINCT FROM OLD.entitled_members
                                OR NEW.entitled_chair IS DISTINCT FROM OLD.entitled_chair) THEN
    RAISE EXCEPTION 'Who votes on resolution % was frozen when voting opened.', OLD.id;
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;
"""

BACK = """
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
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SQL, params=None)


def back(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACK, params=None)


class Migration(migrations.Migration):
    dependencies = [("committee", "0011_more_field_verbose_names")]
    operations = [migrations.RunPython(create, back)]

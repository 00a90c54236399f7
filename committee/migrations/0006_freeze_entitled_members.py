"""Freeze who votes on every resolution already open or closed, by the rule that counted them until now
(members appointed by the day voting opened and not dismissed by the day it closed, or today while open), so
each stored result still equals its recount.

On PostgreSQL a closed resolution is immutable by trigger (migration 0002); the trigger is switched off for these
updates only, inside this migration's transaction, and switched back on before it commits.
"""

from django.db import migrations
from django.db.models import Q
from django.utils import timezone

TRIGGER = "committee_resolution_immutable"


def freeze(apps, schema_editor):
    Resolution = apps.get_model("committee", "Resolution")
    Member = apps.get_model("committee", "Member")
    postgresql = schema_editor.connection.vendor == "postgresql"
    if postgresql:
        schema_editor.execute(f"ALTER TABLE committee_resolution DISABLE TRIGGER {TRIGGER}")
    today = timezone.localdate()
    for resolution in Resolution.objects.exclude(status="draft").filter(opened_at__isnull=False):
        opened = timezone.localdate(resolution.opened_at)
        until = timezone.localdate(resolution.closed_at) if resolution.closed_at else today
        entitled = Member.objects.filter(committee_id=resolution.committee_id, appointed_on__lte=opened).filter(
            Q(dismissed_on__isnull=True) | Q(dismissed_on__gt=until))
        Resolution.objects.filter(pk=resolution.pk).update(
            entitled_members=sorted(entitled.values_list("pk", flat=True)),
            entitled_chair=entitled.filter(role="chair").values_list("pk", flat=True).first())
    if postgresql:
        schema_editor.execute(f"ALTER TABLE committee_resolution ENABLE TRIGGER {TRIGGER}")


class Migration(migrations.Migration):
    dependencies = [("committee", "0005_resolution_entitled_members")]
    operations = [migrations.RunPython(freeze, migrations.RunPython.noop)]

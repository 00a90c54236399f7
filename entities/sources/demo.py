"""Demo of the state registers (runs after the other apps: it needs a certificate holder and a Committee member).

Live calls are off in the demo, so the registers answer from the recorded responses (entities/sources/recorded/):
- typing NIP 879-273-10-01 (or KRS 0000900001) on "Dodaj podmiot z danych rejestrów" fills in a foundation;
  KRS 0000900002 an association, NIP 554-312-00-01 a social cooperative, REGON 87111871500010 a CIS run by a gmina,
  KRS 0000900005 an association struck off, KRS 0000900404 an unknown number, KRS 0000900408 a register timing out;
- the certified PES and the social cooperative a Committee member represents get the numbers of the recorded
  KRS bulletin of 2 March 2026, and the nightly watch is run over that day: it leaves staff tasks (liquidation of
  a mark holder, the cooperative's new seat) on "Zadania z rejestrów".
"""

from datetime import date, timedelta

from django.utils import timezone

from ..models import Entity, RegistryWatchCursor
from ..services import entity_update
from .selectors import FLAG_PROVIDERS
from .services import registry_watch_run

RECORDED_DAY = date(2026, 3, 2)
LIQUIDATION = {"nip": "9562281003", "krs": "0000900011", "regon": "364022117"}
MOVED = {"nip": "9562282008", "krs": "0000900012", "regon": "364022123"}


def _certified_entity() -> Entity | None:
    """The first entity holding a certificate in force, as the certification app tells the watch (a flag)."""
    provider = FLAG_PROVIDERS.get("holds_certificate")
    entities = list(Entity.objects.order_by("pk"))
    holders = provider(entities) if provider else set()
    return next((e for e in entities if e.pk in holders), None)


def _committee_entity(cast) -> Entity | None:
    return cast["pes"].representations.first().entity if cast["pes"].representations.exists() else None


def seed(*, cast, stdout) -> None:
    staff = cast["staff"]
    chosen = [(e, ids) for e, ids in ((_certified_entity(), LIQUIDATION), (_committee_entity(cast), MOVED)) if e]
    for entity, ids in chosen:
        for clash in Entity.objects.filter(nip=ids["nip"]).exclude(pk=entity.pk) | \
                Entity.objects.filter(krs=ids["krs"]).exclude(pk=entity.pk):
            entity_update(entity=clash, by=staff, nip=None, krs=None)
        entity_update(entity=entity, by=staff, reason="Dane demonstracyjne rejestrów", **ids)
    for feed in RegistryWatchCursor.Feed.values:
        RegistryWatchCursor.objects.update_or_create(feed=feed, defaults={"last_day": RECORDED_DAY - timedelta(days=1)})
    report = registry_watch_run(today=RECORDED_DAY + timedelta(days=1))
    # From now on the nightly watch reads the days after today's.
    RegistryWatchCursor.objects.update(last_day=timezone.localdate() - timedelta(days=1))
    stdout.write(f"  registers: {report.tasks} tasks from the recorded KRS bulletin and GUS lists of "
                 f"{RECORDED_DAY:%d.%m.%Y}; try NIP 879-273-10-01 on /rejestr/rejestry/nowy/")

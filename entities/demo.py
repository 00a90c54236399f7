"""Demo data of the registry. Issue 4 grows this into ~200 entities across the voivodeship."""

from .models import Entity, Representation


def seed(*, cast, stdout) -> None:
    coop = Entity.objects.create(name="Spółdzielnia Socjalna „Razem” w Toruniu", short_name="SS Razem")
    Entity.objects.create(name="Centrum Integracji Społecznej w Grudziądzu", short_name="CIS Grudziądz")
    Entity.objects.create(name="Fundacja „Dobry Start” w Bydgoszczy", short_name="Fundacja Dobry Start")
    Representation.objects.create(user=cast["pes"], entity=coop)
    # A change by staff, so the audit history has something to show.
    coop.short_name = "Spółdzielnia Razem"
    coop._history_user = cast["staff"]
    coop.save(update_fields=["short_name", "updated_at"])

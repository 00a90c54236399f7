"""Demo users, one per role. Used by ``seed_demo`` (in this app) and handed to every app's ``demo.seed``."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from accounts.models import Role, User
from accounts.services import user_create

from .models import DataSubjectRequest
from .services import data_request_record, privacy_settings_save

# A demo password printed on screen by `make demo`; seed_demo refuses to run outside DEBUG.
DEMO_PASSWORD = "demo-rops-2026"  # noqa: S105


@dataclass(frozen=True)
class DemoUser:
    key: str
    email: str
    first_name: str
    last_name: str
    role: Role

    @property
    def role_label(self) -> str:
        return str(self.role.label)


DEMO_USERS = [
    DemoUser("admin", "admin@rops.example.pl", "Anna", "Administratorska", Role.ROPS_ADMIN),
    DemoUser("staff", "pracownik@rops.example.pl", "Piotr", "Pracowity", Role.ROPS_STAFF),
    DemoUser("member", "czlonek@rops.example.pl", "Maria", "Komitetowa", Role.COMMITTEE_MEMBER),
    DemoUser("pes", "pes@rops.example.pl", "Jan", "Spółdzielczy", Role.PES_REPRESENTATIVE),
    DemoUser("board", "zarzad@rops.example.pl", "Zofia", "Zarządowa", Role.BOARD_VIEWER),
]


def seed_users() -> dict[str, User]:
    """Create the demo users; returns them by key ("admin", "staff", "member", "pes", "board")."""
    return {
        u.key: user_create(email=u.email, first_name=u.first_name, last_name=u.last_name,
                           password=DEMO_PASSWORD, roles=[u.role])
        for u in DEMO_USERS
    }


def seed_privacy(*, cast, stdout) -> None:
    """The controller and DPO contact of the information clauses, and two data subject requests: an access
    request due soon and an erasure request (the demo staff carry them out on /rodo/wnioski/)."""
    privacy_settings_save(by=cast["admin"], controller="Województwo Kujawsko-Pomorskie – Regionalny Ośrodek "
                          "Polityki Społecznej w Toruniu", controller_address="ul. Szosa Chełmińska 30/32, "
                          "87-100 Toruń", dpo_name="Inspektor Ochrony Danych", dpo_email="iod@rops.example.pl",
                          dpo_address="")
    today = timezone.localdate()
    data_request_record(kind=DataSubjectRequest.Kind.ACCESS, name="Anna Kowalska", email="anna.kowalska@example.pl",
                        received_on=today - timedelta(days=25), by=cast["staff"],
                        description="Prośba o informację, jakie dane są przetwarzane w związku z konferencją.")
    data_request_record(kind=DataSubjectRequest.Kind.ERASURE, name="Piotr Nowak", email="piotr.nowak@example.pl",
                        received_on=today - timedelta(days=3), by=cast["staff"],
                        description="Żądanie usunięcia danych kontaktowych.")
    stdout.write("  personal data: controller and DPO, two data subject requests")


seed = seed_privacy   # manage.py seed_demo calls <app>.demo.seed (core comes last: DEMO_APPS)

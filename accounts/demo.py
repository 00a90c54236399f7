"""Demo users, one per role. Used by ``seed_demo`` (in this app) and handed to every app's ``demo.seed``."""

from dataclasses import dataclass

from accounts.models import Role, User
from accounts.services import user_create

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

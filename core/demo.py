"""Core's demo data: the personal-data settings (controller and DPO) and data subject requests. Seeded last by
``manage.py seed_demo`` (``DEMO_APPS``)."""

from datetime import timedelta

from django.utils import timezone

from .models import DataSubjectRequest
from .services import data_request_record, privacy_settings_save


def seed(*, cast, stdout) -> None:
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


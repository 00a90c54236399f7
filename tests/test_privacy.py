"""Personal data (RODO): the register declared in code, the DPO page and export, the information clause, and
the data subject requests (deadline, access export, erasure through each app's service)."""

import io
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core import services
from core.models import DataSubjectRequest, add_months
from core.privacy import activities
from core.selectors import data_requests_due, privacy_settings
from entities.models import Contact
from events.models import Registration
from events.tests.factories import EventFactory, RegistrationFactory
from programmes.models import Status
from programmes.tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db

EMAIL = "anna.kowalska@example.pl"


def test_every_kind_of_personal_data_is_declared_once_with_all_its_parts():
    keys = {a.key for a in activities()}
    assert keys >= {"entities.contacts", "accounts.users", "events.participants", "committee.members",
                    "programmes.commenters", "monitoring.respondents"}
    for a in activities():
        assert all(str(getattr(a, part)) for part in ("name", "purpose", "legal_basis", "data_subjects",
                                                       "categories", "recipients", "retention")), a.key


def test_the_dpo_page_and_its_export(client_for, rops_admin, staff, outsider):
    assert client_for(staff).get(reverse("core:privacy_register")).status_code == 404
    assert client_for(outsider).get(reverse("core:privacy_register")).status_code == 404
    outsider.user_permissions.add(Permission.objects.get(codename="view_processing_register"))
    dpo = type(outsider).objects.get(pk=outsider.pk)
    assert client_for(dpo).get(reverse("core:privacy_register")).status_code == 200
    response = client_for(rops_admin).get(reverse("core:privacy_register_xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[0] for row in sheet.iter_rows(values_only=True)]
    assert "Uczestnicy wydarzeń" in names


def test_the_clause_on_a_public_form_comes_from_the_declaration_and_the_settings(client, client_for, rops_admin,
                                                                                  staff):
    response = client_for(rops_admin).post(reverse("core:privacy_settings"), {
        "controller": "Województwo Kujawsko-Pomorskie", "controller_address": "Plac Teatralny 2, Toruń",
        "dpo_name": "Inspektor Ochrony Danych", "dpo_email": "iod@example.pl", "dpo_address": ""})
    assert response.status_code == 302
    assert client_for(staff).post(reverse("core:privacy_settings"), {"controller": "X"}).status_code == 404
    assert privacy_settings().controller == "Województwo Kujawsko-Pomorskie"
    programme = ProgrammeFactory(status=Status.CONSULTATION)
    client.logout()
    page = client.get(reverse("programmes:consultation", args=[programme.pk])).content.decode()
    assert "iod@example.pl" in page
    assert "ustawa o zasadach prowadzenia polityki rozwoju" in page.lower() or "polityki rozwoju" in page


def test_a_request_is_answered_within_a_month_and_may_be_extended_to_three(staff, member):
    request = services.data_request_record(kind="access", name="Anna Kowalska", email=EMAIL,
                                           received_on=date(2026, 1, 31), by=staff)
    assert request.due_on == date(2026, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    with pytest.raises(ValidationError):
        services.data_request_extend(request=request, until=date(2026, 5, 1), reason="Złożona sprawa", by=staff)
    with pytest.raises(ValidationError):
        services.data_request_extend(request=request, until=date(2026, 4, 30), reason="", by=staff)
    request = services.data_request_extend(request=request, until=date(2026, 4, 30), reason="Złożona sprawa",
                                           by=staff)
    assert request.due_on == date(2026, 4, 30)
    [(row, due, overdue)] = data_requests_due(staff, today=date(2026, 5, 1))
    assert overdue is True
    assert data_requests_due(member) == []


def test_the_queue_is_for_staff(client_for, staff, member, outsider):
    for user in (member, outsider):
        assert client_for(user).get(reverse("core:privacy_requests")).status_code == 404
    response = client_for(staff).post(reverse("core:privacy_requests"), {
        "kind": "erasure", "name": "Anna Kowalska", "email": EMAIL,
        "received_on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    assert DataSubjectRequest.objects.get().email == EMAIL


def test_access_exports_everything_held_about_the_person(client_for, staff, pes_entity):
    RegistrationFactory(email=EMAIL, first_name="Anna")
    Contact.objects.create(entity=pes_entity, name="Anna Kowalska", email=EMAIL, phone="600100200")
    request = services.data_request_record(kind="access", name="Anna Kowalska", email=EMAIL,
                                           received_on=timezone.localdate(), by=staff)
    response = client_for(staff).post(request.get_absolute_url(), {"action": "export"})
    values = {cell for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
              for cell in row}
    assert "600100200" in values
    assert "Anna" in values


def test_erasure_goes_through_each_app_and_says_what_it_kept(staff, pes_entity):
    past = EventFactory(starts_at=timezone.now() - timedelta(days=30))
    RegistrationFactory(event=past, email=EMAIL)
    RegistrationFactory(email=EMAIL)   # an event still to come
    contact = Contact.objects.create(entity=pes_entity, name="Anna Kowalska", email=EMAIL)
    request = services.data_request_record(kind="erasure", name="Anna Kowalska", email=EMAIL,
                                           received_on=timezone.localdate(), by=staff)
    services.data_request_erase(request=request, by=staff)
    assert Registration.objects.filter(email=EMAIL).count() == 1
    assert not Contact.objects.filter(pk=contact.pk).exists()
    assert not Contact.history.filter(id=contact.pk, name="Anna Kowalska").exists()
    request.refresh_from_db()
    assert "wydarzenia" in request.outcome.lower()
    with pytest.raises(ValidationError):
        services.data_request_erase(request=services.data_request_record(
            kind="access", name="A", email=EMAIL, received_on=timezone.localdate(), by=staff), by=staff)

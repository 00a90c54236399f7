"""Self-registration of PES representatives (accounts/registration.py, docs/registration.md)."""

import random
import re
import time

import pytest
from django.core import mail, signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.models import RegistrationRequest, Role, User
from accounts.registration import (
    LINK_SALT,
    NewEntityData,
    registration_approve,
    registration_confirm_email,
    registration_reject,
    registration_start,
    registration_token,
)
from core.antispam import SALT as ANTISPAM_SALT
from entities.identifiers import fake_nip
from entities.models import Entity, LegalForm, Representation
from entities.tests.factories import EntityFactory

Status = RegistrationRequest.Status
PASSWORD = "Zielona-Wiosna-2026"
SEAT = "0463011"  # Toruń, a gmina that can be a seat
REGISTER = reverse("accounts:register")
_rng = random.Random(2026)  # noqa: S311 - test identifiers


def new_nip() -> str:
    while True:
        nip = fake_nip(_rng)
        if not Entity.objects.filter(nip=nip).exists():
            return nip


def form_data(**overrides) -> dict:
    """A valid registration form, with an anti-spam token issued a minute ago (people take a while to type)."""
    data = {
        "first_name": "Renata", "last_name": "Rejestrowa", "email": "renata@spoldzielnia.example.pl",
        "password1": PASSWORD, "password2": PASSWORD, "entity_nip": "", "entity_krs": "",
        "entity_name": "", "entity_legal_form": "", "entity_seat": "", "entity_regon": "", "entity_address": "",
        "entity_postal_code": "", "consent_processing": "on", "consent_authorised": "on",
        "website": "", "form_token": signing.dumps(time.time() - 60, salt=ANTISPAM_SALT),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def start(**overrides) -> RegistrationRequest:
    kwargs = {"email": "renata@spoldzielnia.example.pl", "first_name": "Renata", "last_name": "Rejestrowa",
              "password": PASSWORD, "consent_processing": True, "consent_authorised": True}
    kwargs.update(overrides)
    return registration_start(**kwargs)


def link_in(message) -> str:
    return re.search(r"https?://\S+/konto/rejestracja/potwierdzenie/\S+/", message.body).group(0)


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def counts() -> tuple[int, int, int, int]:
    return (User.objects.count(), Entity.objects.count(), RegistrationRequest.objects.count(),
            Representation.objects.count())


@pytest.fixture
def registry_entity(db):
    return EntityFactory(name="Spółdzielnia Socjalna Razem", nip=new_nip(), krs="0000123456")


# --- the whole journey through the pages ------------------------------------------------------

@pytest.mark.django_db
def test_registry_nip_links_the_entity_but_gives_no_access_until_approval(
        client, staff, registry_entity, django_capture_on_commit_callbacks):
    from certification.tests.factories import ApplicationFactory, EditionFactory

    edition = EditionFactory(criteria=False)
    application = ApplicationFactory(entity=registry_entity, edition=edition, created_by=staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(REGISTER, form_data(entity_nip=registry_entity.nip))
    assert response.status_code == 302
    assert response.url == reverse("accounts:registration_sent")
    registration = RegistrationRequest.objects.get()
    user = registration.user
    assert registration.entity == registry_entity
    assert not registration.new_entity
    assert registration.status == Status.AWAITING_EMAIL
    assert registration.consent_at
    assert not user.is_active
    assert user.role_names == {Role.PES_REPRESENTATIVE}
    assert not Representation.objects.filter(user=user).exists()
    assert "renata@spoldzielnia.example.pl" in client.get(reverse("accounts:registration_sent")).content.decode()

    # Not active yet: the login is refused.
    login = {"username": user.email, "password": PASSWORD}
    assert client.post(reverse("accounts:login"), login).status_code == 200

    # The e-mail link: GET only asks, POST confirms.
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    link = path_of(link_in(mail.outbox[0]))
    page = client.get(link)
    assert page.status_code == 200
    assert "Potwierdź mój adres e-mail" in page.content.decode()
    user.refresh_from_db()
    assert not user.is_active
    page = client.post(link)
    assert page.status_code == 200
    assert "Twój adres e-mail jest potwierdzony" in page.content.decode()
    user.refresh_from_db()
    registration.refresh_from_db()
    assert user.is_active
    assert registration.status == Status.AWAITING_STAFF
    assert registration.email_confirmed_at

    # Active: the login works, but the entity and its applications stay out of reach.
    assert client.post(reverse("accounts:login"), login).status_code == 302
    started = client.post(reverse("certification:start"), {"edition": edition.pk, "entity": registry_entity.pk})
    assert started.status_code in (403, 404)
    assert client.get(reverse("certification:detail", args=[application.pk])).status_code == 404
    assert client.get(reverse("entities:detail", args=[registry_entity.pk])).status_code == 404
    my_applications = client.get(reverse("certification:list"))
    assert my_applications.status_code == 302
    assert my_applications.url == reverse("accounts:registration_status")
    status_page = client.get(my_applications.url).content.decode()
    assert "czeka na zatwierdzenie przez ROPS" in status_page

    # Staff approve: now the representative sees the entity's application.
    with django_capture_on_commit_callbacks(execute=True):
        registration_approve(registration=registration, by=staff)
    assert Representation.objects.filter(user=user, entity=registry_entity).exists()
    assert client.get(reverse("certification:detail", args=[application.pk])).status_code == 200
    assert mail.outbox[-1].to == [user.email]
    assert "zatwierdzona" in mail.outbox[-1].subject


@pytest.mark.django_db
def test_new_entity_is_created_pending_and_confirmed_on_approval(staff, django_capture_on_commit_callbacks):
    nip = new_nip()
    with django_capture_on_commit_callbacks(execute=True):
        registration = start(entity_nip=nip, new_entity=NewEntityData(
            name="Fundacja Nowa Droga", legal_form=LegalForm.FOUNDATION, seat_code=SEAT, postal_code="87-100"))
    entity = registration.entity
    assert registration.new_entity
    assert not entity.is_confirmed
    assert entity.nip == nip
    assert entity.seat_id == SEAT
    assert entity.legal_form == LegalForm.FOUNDATION
    registration = registration_confirm_email(token=registration_token(registration))
    with django_capture_on_commit_callbacks(execute=True):
        registration_approve(registration=registration, by=staff)
    entity.refresh_from_db()
    registration.refresh_from_db()
    assert entity.is_confirmed
    assert registration.status == Status.APPROVED
    assert registration.decided_by == staff
    assert Representation.objects.filter(user=registration.user, entity=entity).exists()
    assert entity.history.first().history_user == staff


@pytest.mark.django_db
def test_new_entity_through_the_form(client):
    nip = new_nip()
    response = client.post(REGISTER, form_data(
        entity_nip=nip[:3] + "-" + nip[3:6] + "-" + nip[6:8] + "-" + nip[8:], entity_name="Koło Gospodyń Wiejskich",
        entity_legal_form=LegalForm.RURAL_HOUSEWIVES, entity_seat=SEAT))
    assert response.status_code == 302
    entity = Entity.objects.get(nip=nip)
    assert not entity.is_confirmed
    assert entity.registration_requests.get().new_entity


@pytest.mark.django_db
def test_unknown_nip_without_entity_data_asks_for_it_and_writes_nothing(client):
    before = counts()
    response = client.post(REGISTER, form_data(entity_nip=new_nip()))
    assert response.status_code == 400
    assert "Rejestr nie zawiera podmiotu o tym numerze NIP lub KRS" in response.content.decode()
    assert counts() == before


# --- the e-mail link --------------------------------------------------------------------------

@pytest.mark.django_db
def test_expired_link_is_refused_with_a_message_and_changes_nothing(client, registry_entity, monkeypatch):
    registration = start(entity_nip=registry_entity.nip)
    old = int(time.time()) - 4 * 24 * 3600
    monkeypatch.setattr(signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(old))
    token = registration_token(registration)
    monkeypatch.undo()
    for method in (client.get, client.post):
        response = method(reverse("accounts:registration_confirm", args=[token]))
        assert response.status_code == 400
        assert "Ten link potwierdzający wygasł" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == Status.AWAITING_EMAIL
    assert not registration.user.is_active
    with pytest.raises(ValidationError) as exc:
        registration_confirm_email(token=token)
    assert exc.value.code == "expired"


@pytest.mark.django_db
def test_forged_link_is_refused_with_a_message(client, registry_entity):
    registration = start(entity_nip=registry_entity.nip)
    forged = [signing.TimestampSigner(salt=LINK_SALT, key="another-key").sign_object(
        {"r": registration.pk, "u": registration.user_id}),
        registration_token(registration)[:-2] + "xx", "nonsense"]
    for token in forged:
        response = client.post(reverse("accounts:registration_confirm", args=[token]))
        assert response.status_code == 400
        assert "Ten link potwierdzający jest nieprawidłowy" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == Status.AWAITING_EMAIL
    assert not registration.user.is_active


@pytest.mark.django_db
def test_using_the_link_twice_changes_nothing_more(registry_entity):
    registration = start(entity_nip=registry_entity.nip)
    token = registration_token(registration)
    first = registration_confirm_email(token=token)
    again = registration_confirm_email(token=token)
    assert first.status == again.status == Status.AWAITING_STAFF
    assert again.email_confirmed_at == first.email_confirmed_at


# --- staff decisions --------------------------------------------------------------------------

@pytest.fixture
def confirmed(registry_entity):
    registration = start(entity_nip=registry_entity.nip)
    return registration_confirm_email(token=registration_token(registration))


@pytest.mark.django_db
def test_reject_deactivates_the_account_and_tells_why(client_for, staff, confirmed,
                                                      django_capture_on_commit_callbacks):
    client = client_for(staff)
    url = reverse("accounts:registration_reject", args=[confirmed.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    confirmed.refresh_from_db()
    assert confirmed.status == Status.AWAITING_STAFF
    assert confirmed.user.is_active
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Osoba nie figuruje w KRS jako członek zarządu."})
    assert response.status_code == 302
    confirmed.refresh_from_db()
    assert confirmed.status == Status.REJECTED
    assert confirmed.decided_by == staff
    assert not confirmed.user.is_active
    assert not Representation.objects.filter(user=confirmed.user).exists()
    assert "Osoba nie figuruje w KRS" in mail.outbox[-1].body
    assert mail.outbox[-1].to == [confirmed.user.email]
    # A rejected request's link no longer works.
    with pytest.raises(ValidationError):
        registration_confirm_email(token=registration_token(confirmed))


@pytest.mark.django_db
def test_reject_keeps_an_account_that_represents_another_entity(staff, confirmed, other_entity):
    Representation.objects.create(user=confirmed.user, entity=other_entity)
    registration_reject(registration=confirmed, by=staff, reason="Brak umocowania.")
    confirmed.user.refresh_from_db()
    assert confirmed.user.is_active


@pytest.mark.django_db
def test_staff_approve_through_the_page(client_for, staff, confirmed, django_capture_on_commit_callbacks):
    client = client_for(staff)
    detail = client.get(reverse("accounts:registration_detail", args=[confirmed.pk]))
    content = detail.content.decode()
    assert detail.status_code == 200
    assert confirmed.entity.get_absolute_url() in content
    assert "Dopasowano do podmiotu z rejestru" in content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:registration_approve", args=[confirmed.pk]))
    assert response.status_code == 302
    assert Representation.objects.filter(user=confirmed.user, entity=confirmed.entity).exists()


@pytest.mark.django_db
def test_a_request_awaiting_its_email_cannot_be_approved(staff, registry_entity):
    registration = start(entity_nip=registry_entity.nip)
    with pytest.raises(ValidationError):
        registration_approve(registration=registration, by=staff)
    assert not Representation.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["pes", "member", "board", "outsider"])
def test_only_staff_decide_in_the_services(cast, role, confirmed):
    with pytest.raises(PermissionDenied):
        registration_approve(registration=confirmed, by=cast[role])
    with pytest.raises(PermissionDenied):
        registration_reject(registration=confirmed, by=cast[role], reason="x")
    confirmed.refresh_from_db()
    assert confirmed.status == Status.AWAITING_STAFF


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["pes", "member", "board", "outsider"])
def test_staff_pages_refuse_others(client_for, cast, role, confirmed):
    client = client_for(cast[role])
    assert client.get(reverse("accounts:registration_list")).status_code == 403
    assert client.get(reverse("accounts:registration_detail", args=[confirmed.pk])).status_code == 404
    assert client.post(reverse("accounts:registration_approve", args=[confirmed.pk])).status_code == 404
    assert client.post(reverse("accounts:registration_reject", args=[confirmed.pk]),
                       {"reason": "x"}).status_code == 404
    confirmed.refresh_from_db()
    assert confirmed.status == Status.AWAITING_STAFF
    assert (not Representation.objects.filter(
            user=confirmed.user).exists())


@pytest.mark.django_db
def test_staff_pages_send_anonymous_visitors_to_the_login(client, confirmed):
    for url in (reverse("accounts:registration_list"), reverse("accounts:registration_detail", args=[confirmed.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
    response = client.post(reverse("accounts:registration_approve", args=[confirmed.pk]))
    assert response.status_code == 302
    assert not Representation.objects.exists()


@pytest.mark.django_db
def test_registration_list_query_count_is_fixed(client_for, staff):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(numbers):
        for i in numbers:
            registration = start(email=f"osoba{i}@example.pl", entity_nip=new_nip(), new_entity=NewEntityData(
                name=f"Stowarzyszenie {i}", legal_form=LegalForm.ASSOCIATION, seat_code=SEAT))
            registration_confirm_email(token=registration_token(registration))

    def page():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("accounts:registration_list"))
        assert response.status_code == 200
        ours = [q["sql"] for q in queries if "accounts_registrationrequest" in q["sql"]]
        return len(queries), ours, response.content.decode().count("Stowarzyszenie")

    client = client_for(staff)
    client.get(reverse("core:dashboard"))   # the session's once-only work (the second-factor requirement) is done
    add(range(3))
    total, ours, shown = page()
    # The requests cost 2 queries: the count, and the page with its users, entities and seats joined.
    assert len(ours) == 2
    assert "accounts_user" in ours[1]
    assert "entities_territory" in ours[1]
    assert shown == 3
    add(range(3, 8))
    # The rest (session, user, roles, the menu's permissions) is the same however many requests there are.
    assert page()[0::2] == (total, 8)


# --- bad input writes nothing -----------------------------------------------------------------

@pytest.mark.django_db
def test_bad_nip_gives_a_polish_error_and_writes_nothing(client, registry_entity):
    before = counts()
    response = client.post(REGISTER, form_data(entity_nip="1234567890", entity_name="Fundacja",
                                               entity_legal_form=LegalForm.FOUNDATION, entity_seat=SEAT))
    assert response.status_code == 400
    content = response.content.decode()
    assert "Ten NIP jest nieprawidłowy" in content
    assert 'href="#id_entity_nip"' in content
    assert counts() == before
    with pytest.raises(ValidationError) as exc:
        start(entity_nip="1234567890")
    assert "entity_nip" in exc.value.error_dict
    assert counts() == before


@pytest.mark.django_db
def test_missing_consent_gives_a_polish_error_and_writes_nothing(client, registry_entity):
    before = counts()
    response = client.post(REGISTER, form_data(entity_nip=registry_entity.nip, consent_processing=None))
    assert response.status_code == 400
    assert "Zgoda na przetwarzanie danych osobowych jest wymagana" in response.content.decode()
    assert counts() == before
    with pytest.raises(ValidationError) as exc:
        start(entity_nip=registry_entity.nip, consent_authorised=False)
    assert set(exc.value.error_dict) == {"consent_authorised"}
    assert counts() == before


@pytest.mark.django_db
def test_weak_password_is_refused_by_djangos_validators(client, registry_entity):
    before = counts()
    response = client.post(REGISTER, form_data(entity_nip=registry_entity.nip, password1="12345678",
                                               password2="12345678"))
    assert response.status_code == 400
    assert "To hasło jest" in response.content.decode()
    assert counts() == before


@pytest.mark.django_db
def test_entity_errors_after_the_account_is_checked_still_write_nothing(registry_entity):
    """The new entity is refused after the person's data passed: the whole start is rolled back."""
    before = counts()
    with pytest.raises(ValidationError) as exc:
        start(entity_nip=new_nip(), new_entity=NewEntityData(name="Fundacja", legal_form=LegalForm.COMPANY,
                                                             seat_code="0000000", regon="123"))
    assert {"entity_legal_form", "entity_seat", "entity_regon"} <= set(exc.value.error_dict)
    assert counts() == before


@pytest.mark.django_db
def test_duplicate_email_gives_a_polish_error(client, pes, registry_entity):
    before = counts()
    response = client.post(REGISTER, form_data(email="Paula.PES@example.com", entity_nip=registry_entity.nip))
    assert response.status_code == 400
    assert "Konto z tym adresem e-mail już istnieje" in response.content.decode()
    assert counts() == before


@pytest.mark.django_db
def test_registering_again_before_confirming_replaces_the_request_and_sends_a_fresh_link(
        client, registry_entity, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = start(entity_nip=new_nip(), new_entity=NewEntityData(
            name="Fundacja Pomyłka", legal_form=LegalForm.FOUNDATION, seat_code=SEAT))
    old_link, pending = path_of(link_in(mail.outbox[-1])), first.entity
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(REGISTER, form_data(entity_nip=registry_entity.nip, first_name="Renata Maria"))
    assert response.status_code == 302
    assert len(mail.outbox) == 2
    registration = RegistrationRequest.objects.get()
    assert registration.user_id == first.user_id
    assert registration.entity == registry_entity
    assert registration.user.first_name == "Renata Maria"
    assert not Entity.objects.filter(pk=pending.pk).exists()  # the unconfirmed entity of the first attempt
    assert client.post(old_link).status_code == 400
    assert client.post(path_of(link_in(mail.outbox[-1]))).status_code == 200
    registration.user.refresh_from_db()
    assert registration.user.is_active
    assert registration.user.check_password(PASSWORD)


@pytest.mark.django_db
def test_a_failed_second_attempt_keeps_the_first_registration(registry_entity):
    first = start(entity_nip=registry_entity.nip)
    with pytest.raises(ValidationError):
        start(entity_nip=new_nip())  # unknown NIP and no entity data
    assert RegistrationRequest.objects.get() == first


@pytest.mark.django_db
def test_a_confirmed_account_cannot_register_again(confirmed):
    with pytest.raises(ValidationError) as exc:
        start(entity_nip=confirmed.entity.nip)
    assert exc.value.error_dict["email"][0].code == "duplicate"


# --- anti-spam ------------------------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("spam", ["honeypot", "too_fast", "forged_token"])
def test_spam_is_refused_and_writes_nothing(client, registry_entity, spam):
    before = counts()
    data = {"honeypot": {"website": "http://spam.example.com"},
            "too_fast": {"form_token": signing.dumps(time.time(), salt=ANTISPAM_SALT)},
            "forged_token": {"form_token": "forged"}}[spam]
    response = client.post(REGISTER, form_data(entity_nip=registry_entity.nip, **data))
    assert response.status_code == 400
    assert "Nie udało się przyjąć formularza" in response.content.decode()
    assert counts() == before


# --- pages ----------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_public_pages_render(client):
    page = client.get(REGISTER)
    content = page.content.decode()
    assert page.status_code == 200
    assert 'autocomplete="email"' in content
    assert 'autocomplete="new-password"' in content
    assert 'class="hp-field"' in content or "hp-field" in content
    assert "<script" not in content.split("</head>")[1]  # no inline scripts (CSP)
    assert REGISTER in client.get(reverse("accounts:login")).content.decode()
    assert client.get(reverse("accounts:registration_sent")).status_code == 302  # nothing registered here


@pytest.mark.django_db
def test_status_page_needs_a_registration(client_for, pes):
    assert client_for(pes).get(reverse("accounts:registration_status")).status_code == 404


@pytest.mark.django_db
def test_approved_representative_keeps_the_normal_my_applications_page(client_for, staff, confirmed):
    registration_approve(registration=confirmed, by=staff)
    response = client_for(confirmed.user).get(reverse("certification:list"))
    assert response.status_code == 200


@pytest.mark.django_db
def test_staff_see_a_new_pending_entity_and_can_list_other_statuses(client_for, staff):
    registration = start(entity_nip=new_nip(), new_entity=NewEntityData(
        name="Fundacja Nowa Droga", legal_form=LegalForm.FOUNDATION, seat_code=SEAT))
    client = client_for(staff)
    content = client.get(reverse("accounts:registration_detail", args=[registration.pk])).content.decode()
    assert "Nowy podmiot dodany przez wnioskodawcę" in content
    assert registration.entity.get_absolute_url() in content
    assert "nie potwierdził jeszcze adresu e-mail" in content  # so only rejection is offered
    url = reverse("accounts:registration_list")
    assert "Fundacja Nowa Droga" not in client.get(url).content.decode()  # the default: awaiting staff
    assert "Fundacja Nowa Droga" in client.get(url, {"status": Status.AWAITING_EMAIL}).content.decode()


# --- staff notice and the clean-up of links never used ------------------------------------------

@pytest.mark.django_db
def test_staff_are_told_when_a_request_awaits_them(staff, rops_admin, pes, registry_entity,
                                                   django_capture_on_commit_callbacks):
    registration = start(entity_nip=registry_entity.nip)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        registration_confirm_email(token=registration_token(registration))
    # One message each (core.mail): reviewers do not see each other's addresses.
    assert sorted(m.to[0] for m in mail.outbox) == sorted([staff.email, rops_admin.email])
    assert all(len(m.to) == 1 for m in mail.outbox)
    message = mail.outbox[0]
    assert message.subject == "Rejestracja do rozpatrzenia: Renata Rejestrowa"
    assert reverse("accounts:registration_detail", args=[registration.pk]) in message.body
    assert "Spółdzielnia Socjalna Razem" in message.body
    with django_capture_on_commit_callbacks(execute=True):   # the link clicked again: nobody is told twice
        registration_confirm_email(token=registration_token(registration))
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_registrations_never_confirmed_are_deleted_after_the_purge_period(settings, staff):
    from datetime import timedelta

    from django.utils import timezone

    from accounts.registration import registrations_purge

    settings.REGISTRATION_PURGE_DAYS = 14
    stale = start(email="stary@example.pl", entity_nip=new_nip(), new_entity=NewEntityData(
        name="Fundacja Porzucona", legal_form=LegalForm.FOUNDATION, seat_code=SEAT, postal_code="87-100"))
    start(email="nowy@example.pl", entity_nip=new_nip(), new_entity=NewEntityData(
        name="Fundacja Świeża", legal_form=LegalForm.FOUNDATION, seat_code=SEAT, postal_code="87-100"))
    confirmed_old = start(email="potwierdzony@example.pl", entity_nip=new_nip(), new_entity=NewEntityData(
        name="Fundacja Czekająca", legal_form=LegalForm.FOUNDATION, seat_code=SEAT, postal_code="87-100"))
    registration_confirm_email(token=registration_token(confirmed_old))
    long_ago = timezone.now() - timedelta(days=15)
    for registration in (stale, confirmed_old):
        RegistrationRequest.objects.filter(pk=registration.pk).update(created_at=long_ago)
        User.objects.filter(pk=registration.user_id).update(date_joined=long_ago)
    assert registrations_purge() == 1
    assert not User.objects.filter(email="stary@example.pl").exists()
    assert not Entity.objects.filter(name="Fundacja Porzucona").exists()      # the pending entity it added
    assert User.objects.filter(email__in=["nowy@example.pl", "potwierdzony@example.pl"]).count() == 2
    assert Entity.objects.filter(name__in=["Fundacja Świeża", "Fundacja Czekająca"]).count() == 2
    assert registrations_purge() == 0
    from accounts.tasks import registrations_purge_task

    assert registrations_purge_task.apply().get() == 0


# --- one home for each rule: the same message from the form and from the service --------------------------------

def _form_messages(client, field: str, **overrides) -> list[str]:
    response = client.post(REGISTER, form_data(**overrides))
    assert response.status_code == 400
    return list(response.context["form"].errors[field])


def _service_messages(field: str, **overrides) -> list[str]:
    with pytest.raises(ValidationError) as exc:
        start(**overrides)
    return exc.value.message_dict[field]


def _new(**fields) -> NewEntityData:
    return NewEntityData(**{"name": "Fundacja Nowa", "legal_form": LegalForm.FOUNDATION, "seat_code": SEAT, **fields})


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "form", "service"), [
    ("email", {"email": "renata(at)example.pl"}, {"email": "renata(at)example.pl"}),
    ("first_name", {"first_name": ""}, {"first_name": ""}),
    ("consent_authorised", {"consent_authorised": None}, {"consent_authorised": False}),
    ("entity_postal_code", {"entity_postal_code": "abc"}, {"new_entity": _new(postal_code="abc")}),
    ("entity_legal_form", {"entity_legal_form": LegalForm.COMPANY}, {"new_entity": _new(legal_form=LegalForm.COMPANY)}),
    ("entity_seat", {"entity_seat": "0264011"}, {"new_entity": _new(seat_code="0264011")}),  # Wrocław: not ours
])
def test_the_form_and_the_service_refuse_with_the_same_polish_message(client, field, form, service):
    nip = new_nip()
    entity = {"entity_name": "Fundacja Nowa", "entity_legal_form": LegalForm.FOUNDATION, "entity_seat": SEAT}
    before = counts()
    from_form = _form_messages(client, field, entity_nip=nip, **{**entity, **form})
    from_service = _service_messages(field, entity_nip=nip, **{"new_entity": _new(), **service})
    assert from_form == from_service
    assert counts() == before


@pytest.mark.django_db
def test_a_postal_code_typed_without_the_dash_is_stored_as_nn_nnn(client):
    nip = new_nip()
    response = client.post(REGISTER, form_data(entity_nip=nip, entity_name="Fundacja Kod", entity_seat=SEAT,
                                               entity_legal_form=LegalForm.FOUNDATION, entity_postal_code="87 100"))
    assert response.status_code == 302
    assert Entity.objects.get(nip=nip).postal_code == "87-100"


@pytest.mark.django_db
def test_the_form_offers_exactly_what_the_service_accepts(client):
    from accounts.registration import registration_legal_forms, registration_seats

    form = client.get(REGISTER).context["form"]
    offered_forms = [value for value, _label in form.fields["entity_legal_form"].widget.choices if value]
    offered_seats = [value for value, _label in form.fields["entity_seat"].widget.choices if value]
    assert offered_forms == [value for value, _label in registration_legal_forms()]
    assert sorted(offered_seats) == sorted(registration_seats().values_list("code", flat=True))


# --- flags from the domain, not status strings in templates ----------------------------------------------

@pytest.mark.django_db
def test_request_flags_follow_the_workflow(staff, registry_entity):
    registration = start(entity_nip=registry_entity.nip)
    flags = ("awaits_email", "is_open", "is_approved", "can_be_approved", "can_be_rejected")

    def state():
        registration.refresh_from_db()
        return tuple(getattr(registration, f) for f in flags)

    assert state() == (True, True, False, False, True)
    registration_confirm_email(token=registration_token(registration))
    assert state() == (False, True, False, True, True)
    registration_approve(registration=registration, by=staff)
    assert state() == (False, False, True, False, False)


@pytest.mark.django_db
@pytest.mark.parametrize(("decision", "shown"), [
    (None, "czeka na zatwierdzenie przez ROPS"),
    ("approve", "ROPS zatwierdził Twoje zgłoszenie"),
    ("reject", "ROPS odrzucił Twoje zgłoszenie"),
])
def test_the_status_page_says_where_the_request_is(client_for, staff, confirmed, other_entity, decision, shown):
    if decision == "approve":
        registration_approve(registration=confirmed, by=staff)
    elif decision == "reject":
        Representation.objects.create(user=confirmed.user, entity=other_entity)  # so the account stays active
        registration_reject(registration=confirmed, by=staff, reason="Brak umocowania.")
    html = client_for(confirmed.user).get(reverse("accounts:registration_status")).content.decode()
    assert shown in html


def test_templates_compare_no_status_strings():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    pattern = re.compile(r"\.(status|action)\s*[!=]=\s*[\"']")
    templates = [*root.glob("accounts/templates/**/*.html"), *root.glob("entities/templates/**/*.html")]
    offending = [str(path.relative_to(root)) for path in templates if pattern.search(path.read_text())]
    assert offending == []

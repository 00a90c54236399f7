"""Self-registration of PES representatives: the only writer of ``RegistrationRequest``.

    registration_start          an inactive account (PES role) + a request awaiting its e-mail + a signed link
    registration_confirm_email  the link (3 days) activates the account; the request now waits for ROPS staff
    registration_approve        staff: the account becomes a representative of the entity (a new one is confirmed)
    registration_reject         staff, with a reason: the account is switched off unless it represents another entity

Security rule: until staff approve, the account has **no** ``entities.Representation``, so every rule that asks
"does this user represent the entity?" answers no: the account sees no entity, no application, and cannot
start one. Each step e-mails the applicant after the transaction commits. The flow is described in
docs/registration.md.
"""

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import password_validation
from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import set_history_user
from core.mail import mail_send, site_url
from core.workflow import STAFF, transition
from entities.matching import Identity, entity_find
from entities.models import NOT_PES, Entity, LegalForm, Representation, Territory
from entities.services import entity_confirm, entity_propose
from entities.validators import normalize_digits, normalize_postal_code, validate_krs, validate_nip

from .models import REGISTRANT, REGISTRATION_WORKFLOW, RegistrationRequest, Role, User
from .permissions import is_staff_member
from .services import user_create, user_set_roles

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise  # installed with django-stubs, for the type checker only

Status = RegistrationRequest.Status

LINK_MAX_AGE = 3 * 24 * 3600  # the e-mail link is valid for 3 days
LINK_SALT = "accounts.registration"

# Entity model fields -> the registration form's fields, so that the registry's own validation errors
# (full_clean) land next to the field the applicant typed.
ENTITY_FIELDS = {"name": "entity_name", "legal_form": "entity_legal_form", "nip": "entity_nip",
                 "krs": "entity_krs", "regon": "entity_regon", "seat": "entity_seat",
                 "address": "entity_address", "postal_code": "entity_postal_code"}


@dataclass(frozen=True)
class NewEntityData:
    """What the applicant tells about an entity the registry does not know (its NIP/KRS come separately)."""

    name: str
    legal_form: str
    seat_code: str
    regon: str = ""
    address: str = ""
    postal_code: str = ""


def _link_expired() -> str:
    return _("This confirmation link has expired (links are valid for 3 days). Register again with the same "
             "e-mail address and you will receive a new link.")


def _link_invalid() -> str:
    return _("This confirmation link is not valid. Check that you opened the whole link from the latest e-mail.")


# --- the e-mail link --------------------------------------------------------------------------

def registration_token(registration: RegistrationRequest) -> str:
    """A signed, timestamped token naming the request and its account (no personal data in the URL).

    A re-registration before confirming replaces the request, so links from earlier e-mails stop working.
    """
    return signing.TimestampSigner(salt=LINK_SALT).sign_object({"r": registration.pk, "u": registration.user_id})


def registration_from_token(*, token: str) -> RegistrationRequest:
    """The request a link points to, read-only. ``ValidationError`` (code ``expired`` or ``invalid``) otherwise."""
    try:
        data = signing.TimestampSigner(salt=LINK_SALT).unsign_object(token, max_age=LINK_MAX_AGE)
    except signing.SignatureExpired:
        raise ValidationError(_link_expired(), code="expired") from None
    except signing.BadSignature:
        raise ValidationError(_link_invalid(), code="invalid") from None
    registration = None
    if isinstance(data, dict):
        # A link carries both ids (``registration_token``); one without them names no request.
        registration_id, user_id = data.get("r"), data.get("u")
        if registration_id is not None and user_id is not None:
            registration = RegistrationRequest.objects.select_related("user", "entity").filter(
                pk=registration_id, user_id=user_id).first()
    if registration is None or registration.status == Status.REJECTED:
        raise ValidationError(_link_invalid(), code="invalid")
    return registration


def registration_link(registration: RegistrationRequest) -> str:
    return site_url(reverse("accounts:registration_confirm", args=[registration_token(registration)]))


# --- what an applicant may choose -------------------------------------------------------------------

def registration_legal_forms() -> "list[tuple[str, StrOrPromise]]":
    """The legal forms of an entity a representative may register: the social-economy ones (``NOT_PES`` excluded).
    The form offers these and ``registration_start`` accepts only these."""
    return [(value, label) for value, label in LegalForm.choices if value not in NOT_PES]


def registration_seats():
    """Gminy that can be the seat of a registering entity: seats (``Territory.objects.seats``) in this ROPS's
    voivodeship. The form offers these and ``registration_start`` accepts only these."""
    return Territory.objects.seats().filter(code__startswith=settings.ROPS_VOIVODESHIP_CODE)


# --- start ------------------------------------------------------------------------------------

@transaction.atomic
def registration_start(*, email: str, first_name: str, last_name: str, password: str, entity_nip: str = "",
                       entity_krs: str = "", new_entity: NewEntityData | None = None,
                       consent_processing: bool, consent_authorised: bool, now=None) -> RegistrationRequest:
    """Register a PES representative from the public form: nothing is written unless everything is valid.

    This is the one home of every registration rule (the form only carries the fields): consents, the person's
    names and e-mail (the ``User`` model's own checks), Django's password validators, NIP/KRS with the registry's
    validators, and the entity. The entity is found in the registry by the registry's matching rule
    (``entities.matching``: NIP, then KRS number); if it is not there, ``new_entity`` must describe it and it is
    added unconfirmed (``entities.services.entity_propose``), to be confirmed when staff approve. The account is
    inactive until the e-mail link is used. An e-mail address that already has an account is refused, except an
    account still waiting for its e-mail link: that earlier, unconfirmed registration is replaced by this one (with
    a fresh link), so a person who lost the e-mail or mistyped something can simply register again. Every error
    at once, as a ``ValidationError`` keyed by the form's field names (``password`` is the form's ``password1``).
    """
    now = now or timezone.now()
    email = (email or "").strip().lower()
    first_name, last_name = (first_name or "").strip(), (last_name or "").strip()
    existing = User.objects.filter(email__iexact=email).first() if email else None
    replaces = existing is not None and _awaits_email_only(existing)
    if replaces:
        assert existing is not None  # only an existing account is replaced
        _discard_unconfirmed(existing)  # undone with everything else if anything below is refused
    errors = _person_errors(email=email, first_name=first_name, last_name=last_name, password=password,
                            taken=existing is not None and not replaces, consent_processing=consent_processing,
                            consent_authorised=consent_authorised)
    nip, krs = normalize_digits(entity_nip), normalize_digits(entity_krs)
    entity, created_fields, entity_errors = _resolve_entity(nip=nip, krs=krs, new_entity=new_entity)
    for name, messages in entity_errors.items():
        errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)

    if replaces:
        assert existing is not None  # only an existing account is replaced
        user = existing
        user.first_name, user.last_name = first_name, last_name
        user.set_password(password)
        user.save(update_fields=["first_name", "last_name", "password"])
        user_set_roles(user=user, roles=[Role.PES_REPRESENTATIVE])
    else:
        user = user_create(email=email, first_name=first_name, last_name=last_name, password=password,
                           roles=[Role.PES_REPRESENTATIVE], is_active=False)
    if entity is None:
        try:
            entity = entity_propose(by=user, reason=_("Self-registration of a PES representative"),
                                    **created_fields)
        except ValidationError as exc:  # a parallel registration took the NIP a moment ago
            raise ValidationError(_entity_errors(exc)) from None
    registration = RegistrationRequest(user=user, entity=entity, new_entity=bool(created_fields),
                                       status=Status.AWAITING_EMAIL, consent_at=now)
    set_history_user(registration, user)
    registration.save()
    transaction.on_commit(lambda: _send(registration, "accounts/email/registration_confirm.txt",
                                        {"link": registration_link(registration),
                                         "days": LINK_MAX_AGE // (24 * 3600)}))
    return registration


def _person_errors(*, email: str, first_name: str, last_name: str, password: str, taken: bool,
                   consent_processing: bool, consent_authorised: bool) -> dict[str, list]:
    errors: dict[str, list] = {}

    def error(field: str, message, code: str) -> None:
        errors.setdefault(field, []).append(ValidationError(message, code=code))

    if not consent_processing:
        error("consent_processing", _("Consent to the processing of personal data is required."), "consent")
    if not consent_authorised:
        error("consent_authorised", _("Confirm that you may act on behalf of the entity."), "consent")
    person = User(email=email, first_name=first_name, last_name=last_name)
    try:  # the model's own rules: required, lengths, a valid e-mail address
        person.clean_fields(exclude=[f.name for f in User._meta.fields
                                     if f.name not in {"email", "first_name", "last_name"}])
    except ValidationError as exc:
        for name, messages in exc.error_dict.items():
            errors.setdefault(name, []).extend(messages)
    if taken:
        error("email", _("An account with this e-mail address already exists. Log in (reset the password if you "
                         "have forgotten it) or contact the ROPS."), "duplicate")
    if not password:
        error("password", _("This field is required."), "required")
    else:
        try:
            password_validation.validate_password(password, user=person)
        except ValidationError as exc:
            errors.setdefault("password", []).extend(exc.error_list)
    return errors


def _awaits_email_only(user: User) -> bool:
    """An account that exists only as an unconfirmed self-registration (never active, never logged in)."""
    if user.is_active or user.last_login is not None or user.representations.exists():
        return False
    statuses = set(user.registration_requests.values_list("status", flat=True))
    return statuses == {Status.AWAITING_EMAIL}


def _discard_unconfirmed(user: User) -> None:
    """Drop an unconfirmed registration before it is replaced, with the pending entity it added, if unused."""
    for registration in RegistrationRequest.objects.select_for_update().filter(user=user):
        entity, added = registration.entity, registration.new_entity
        registration.delete()
        if added and not entity.is_confirmed and not entity.registration_requests.exists() \
                and not entity.representations.exists():
            try:
                with transaction.atomic():
                    entity.delete()
            except (ProtectedError, RestrictedError):
                pass  # something else refers to it by now: it stays, unconfirmed, for staff to handle


def _resolve_entity(*, nip: str, krs: str, new_entity: NewEntityData | None) -> tuple[Entity | None, dict, dict]:
    """(the registry entity with this NIP or KRS, or None; the fields of the entity to add; errors by form field)."""
    errors: dict[str, list] = {}

    def error(field: str, message, code: str) -> None:
        errors.setdefault(field, []).append(ValidationError(message, code=code))

    if not nip and not krs:
        error("entity_nip", _("Give the NIP or the KRS number of the entity."), "required")
    for field, value, validator in (("entity_nip", nip, validate_nip), ("entity_krs", krs, validate_krs)):
        if value:
            try:
                validator(value)
            except ValidationError as exc:
                errors.setdefault(field, []).extend(exc.error_list)
    if errors:
        return None, {}, errors
    match = entity_find(Identity(nip=nip or None, krs=krs or None))
    for field, message in match.errors:
        error(ENTITY_FIELDS.get(field, "entity_nip"), message, "mismatch")
    if match.entity is not None or errors:
        return match.entity, {}, errors

    data = new_entity or NewEntityData(name="", legal_form="", seat_code="")
    if not data.name.strip():
        error("entity_name", _("The registry has no entity with this NIP or KRS number. Give the entity's name, legal "
                               "form and seat so that the ROPS can add it."), "not_found")
    if data.legal_form not in {value for value, _label in registration_legal_forms()}:
        error("entity_legal_form", _("Choose the legal form of a social-economy entity."), "legal_form")
    seat = registration_seats().filter(code=data.seat_code or "").first()
    if seat is None:
        error("entity_seat", _("Choose the gmina where the entity has its seat."), "seat")
    fields = {"name": data.name.strip(), "legal_form": data.legal_form, "nip": nip or None, "krs": krs or None,
              "regon": normalize_digits(data.regon), "seat": seat, "address": data.address.strip(),
              "postal_code": normalize_postal_code(data.postal_code)}
    # The registry's own checks (REGON, postal code, lengths, uniqueness), minus the fields already reported above.
    exclude = ["seat", "legal_form", *(name for name, field in ENTITY_FIELDS.items() if field in errors)]
    try:
        Entity(**fields, is_confirmed=False).full_clean(exclude=exclude)
    except ValidationError as exc:
        for field, messages in _entity_errors(exc).items():
            errors.setdefault(field, []).extend(messages)
    return None, fields, errors


def _entity_errors(exc: ValidationError) -> dict[str, list]:
    if not hasattr(exc, "error_dict"):
        return {"entity_nip": exc.error_list}
    errors: dict[str, list] = {}
    for field, messages in exc.error_dict.items():
        errors.setdefault(ENTITY_FIELDS.get(field, NON_FIELD_ERRORS), []).extend(messages)
    return errors


# --- the e-mail link --------------------------------------------------------------------------

@transaction.atomic
def registration_confirm_email(*, token: str, now=None) -> RegistrationRequest:
    """Activate the account behind a valid link; the request then waits for ROPS staff.

    An expired, forged or outdated link raises ``ValidationError`` and changes nothing. Using the link again
    after it worked changes nothing either (people click twice).
    """
    registration = registration_from_token(token=token)
    registration = RegistrationRequest.objects.select_for_update().get(pk=registration.pk)
    if registration.status != Status.AWAITING_EMAIL:
        return registration
    user = registration.user
    user.is_active = True
    set_history_user(user, user)
    user.save(update_fields=["is_active"])

    def apply(registration: RegistrationRequest, old: str) -> list[str]:
        registration.email_confirmed_at = now or timezone.now()
        return ["email_confirmed_at"]

    return transition(REGISTRATION_WORKFLOW, registration, to=Status.AWAITING_STAFF, by=user,
                      actors_of=registration_actors, apply=apply,
                      after_commit=lambda registration, old: _notify_staff(registration))


def _notify_staff(registration: RegistrationRequest) -> None:
    """Tell the ROPS staff who review registrations (active staff and administrators) that one awaits them."""
    reviewers = User.objects.filter(is_active=True, groups__name__in=[Role.ROPS_STAFF, Role.ROPS_ADMIN]) \
        .exclude(email="").values_list("email", flat=True).distinct()
    mail_send(to=reviewers, template="accounts/email/registration_to_review.txt", kind="accounts.registration_review",
              context={
        "registration": registration,
        "link": site_url(reverse("accounts:registration_detail", args=[registration.pk]))})


@transaction.atomic
def registrations_purge(*, now=None) -> int:
    """Delete the accounts that exist only as a self-registration whose e-mail link was never used, once it is
    ``REGISTRATION_PURGE_DAYS`` old (the link itself expires after three days), with the pending entity each
    added if nothing else uses it: personal data is not kept for a request nobody confirmed. Returns how many."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.REGISTRATION_PURGE_DAYS)
    stale = set(User.objects.filter(is_active=False, last_login__isnull=True, date_joined__lt=cutoff,
                                    registration_requests__status=Status.AWAITING_EMAIL,
                                    registration_requests__created_at__lt=cutoff).values_list("pk", flat=True))
    purged = 0
    for user in User.objects.filter(pk__in=stale).select_for_update().order_by("pk"):
        # Checked again under the lock: the person may have registered again (a fresh request) meanwhile.
        if not _awaits_email_only(user) or user.registration_requests.filter(created_at__gte=cutoff).exists():
            continue
        _discard_unconfirmed(user)
        user.delete()
        purged += 1
    return purged


# --- staff decisions --------------------------------------------------------------------------

def registration_actors(user, registration: RegistrationRequest) -> set[str]:
    """The roles the user plays in the registration workflow (``REGISTRATION_WORKFLOW``)."""
    actors = set()
    if user is not None and is_staff_member(user):
        actors.add(STAFF)
    if user is not None and user.pk == registration.user_id:
        actors.add(REGISTRANT)
    return actors


@transaction.atomic
def registration_approve(*, registration: RegistrationRequest, by: User, now=None) -> RegistrationRequest:
    """Staff approve: the account becomes a representative of the entity, which is confirmed if still pending.

    Only a request whose e-mail is confirmed can be approved. The applicant is e-mailed after the commit.
    """

    def apply(registration: RegistrationRequest, old: str) -> list[str]:
        registration.decided_by, registration.decided_at = by, now or timezone.now()
        return ["decided_by", "decided_at"]

    registration = transition(REGISTRATION_WORKFLOW, registration, to=Status.APPROVED, by=by,
                              actors_of=registration_actors, apply=apply)
    user = registration.user
    entity = entity_confirm(entity=registration.entity, by=by, reason=_("Self-registration approved"))
    if not Representation.objects.filter(user=user, entity=entity).exists():
        representation = Representation(user=user, entity=entity)
        set_history_user(representation, by)
        representation.save()
    if Role.PES_REPRESENTATIVE not in user.role_names:
        user_set_roles(user=user, roles=[Role(r) for r in user.role_names | {Role.PES_REPRESENTATIVE}
                                         if r in Role.values])
    transaction.on_commit(lambda: _send(registration, "accounts/email/registration_approved.txt",
                                        {"login_url": site_url(reverse("accounts:login"))}))
    return registration


@transaction.atomic
def registration_reject(*, registration: RegistrationRequest, by: User, reason: str,
                        now=None) -> RegistrationRequest:
    """Staff reject, with a reason the applicant reads in the e-mail.

    The account is deactivated unless it already represents some entity. A new entity the applicant added stays
    in the registry unconfirmed (staff may correct, merge or close it there).
    """

    def apply(registration: RegistrationRequest, old: str) -> list[str]:
        registration.reason = reason.strip()
        registration.decided_by, registration.decided_at = by, now or timezone.now()
        return ["reason", "decided_by", "decided_at"]

    registration = transition(REGISTRATION_WORKFLOW, registration, to=Status.REJECTED, by=by,
                              actors_of=registration_actors, note=reason or "", apply=apply)
    user = registration.user
    if user.is_active and not user.representations.exists():
        user.is_active = False
        set_history_user(user, by)
        user.save(update_fields=["is_active"])
    transaction.on_commit(lambda: _send(registration, "accounts/email/registration_rejected.txt", {}))
    return registration


def _send(registration: RegistrationRequest, template: str, context: dict) -> None:
    """One e-mail to the applicant, in the installation's language; the template's first line is the subject."""
    mail_send(to=[registration.user.email], template=template, kind="accounts.registration",
              context={**context, "registration": registration})

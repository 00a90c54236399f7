from django.contrib.auth.models import AbstractUser, BaseUserManager, Group, Permission
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.workflow import STAFF, Workflow, workflow_register

# The person registering, in the registration workflow (they confirm their own e-mail address).
REGISTRANT = "registrant"


class Role(models.TextChoices):
    """The roles of the system. Each is a Django group of the same name (created by a migration)."""

    ROPS_ADMIN = "rops_admin", _("ROPS administrator")
    ROPS_STAFF = "rops_staff", _("ROPS staff")
    COMMITTEE_MEMBER = "committee_member", _("Committee member")
    PES_REPRESENTATIVE = "pes_representative", _("PES representative")
    BOARD_VIEWER = "board_viewer", _("Board viewer")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("The e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


class User(AbstractUser):
    """A person who logs in with their e-mail address."""

    # Django's documented way to drop an inherited field; django-stubs types AbstractUser.username as str only.
    username = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail address"), unique=True)
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    # A manager of our own (login by e-mail), as Django documents for a custom user model; django-stubs expects
    # contrib.auth's UserManager there.
    objects = UserManager()  # type: ignore[assignment,misc]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    # Cached per instance by load_access (Django's own name for the permissions' cache: ModelBackend reads it).
    _role_names: set[str]
    _perm_cache: set[str]

    @property
    def role_names(self) -> set[str]:
        """The user's role values, cached per instance (read with the permissions, ``load_access``)."""
        if not hasattr(self, "_role_names"):
            self.load_access()
        return self._role_names

    def load_access(self) -> None:
        """The user's roles and permissions (their own and their groups', every one for a superuser, none for an
        inactive account, as Django's model backend gives them) in one query, cached on the instance for the
        request: ``_role_names`` for the rules' predicates and Django's ``_perm_cache`` for ``has_perm``. Every
        signed-in page asks for both (the navigation, the view's permission)."""
        if self.pk is None:
            self._role_names, self._perm_cache = set(), set()
            return
        text: models.CharField = models.CharField()
        rows = Group.objects.filter(user=self).order_by().values_list(
            models.Value("role", output_field=text), "name", models.Value("", output_field=text))
        if self.is_active:
            permissions = Permission.objects.order_by()
            if not self.is_superuser:
                permissions = permissions.filter(models.Q(user=self) | models.Q(group__user=self))
            rows = rows.union(permissions.values_list(models.Value("permission", output_field=text),
                                                      "content_type__app_label", "codename"), all=True)
        roles: set[str] = set()
        granted: set[str] = set()
        for kind, first, second in rows:
            if kind == "role":
                roles.add(first)
            else:
                granted.add(f"{first}.{second}")
        self._role_names, self._perm_cache = roles, granted

    def forget_access(self) -> None:
        """Drop the roles and permissions cached on this instance (after they were changed)."""
        for cached in ("_role_names", "_perm_cache", "_user_perm_cache", "_group_perm_cache"):
            self.__dict__.pop(cached, None)


class RegistrationRequest(models.Model):
    """A PES representative's self-registration: the account, the entity it is for and the ROPS decision.

    The account gets no ``entities.Representation`` (so it sees no entity and no application) until staff
    approve the request; ``accounts.registration`` is the only writer.
    """

    class Status(models.TextChoices):
        # A context keeps these from overriding other apps' "approved"/"rejected" (accounts' catalogue comes first).
        AWAITING_EMAIL = "awaiting_email", pgettext_lazy("registration status", "awaiting e-mail confirmation")
        AWAITING_STAFF = "awaiting_staff", pgettext_lazy("registration status", "awaiting ROPS approval")
        APPROVED = "approved", pgettext_lazy("registration status", "approved")
        REJECTED = "rejected", pgettext_lazy("registration status", "rejected")

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="registration_requests")
    entity = models.ForeignKey("entities.Entity", verbose_name=_("entity"), on_delete=models.PROTECT,
                               related_name="registration_requests")
    new_entity = models.BooleanField(_("new entity added by the applicant"), default=False)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.AWAITING_EMAIL,
                              db_index=True)
    consent_at = models.DateTimeField(_("consents given"))
    email_confirmed_at = models.DateTimeField(_("e-mail confirmed"), null=True, blank=True)
    reason = models.TextField(_("reason for rejection"), blank=True)
    decided_by = models.ForeignKey(User, verbose_name=_("decided by"), on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+")
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("registration request")
        verbose_name_plural = _("registration requests")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.user.email} → {self.entity}"

    def get_absolute_url(self) -> str:
        return reverse("accounts:registration_detail", args=[self.pk])

    # Flags for pages and e-mails, so no template compares status strings.
    @property
    def awaits_email(self) -> bool:
        """The e-mail link has not been used yet."""
        return self.status == self.Status.AWAITING_EMAIL

    @property
    def is_open(self) -> bool:
        """Still waiting: for the e-mail link or for the ROPS decision."""
        return self.status in OPEN_REGISTRATION_STATUSES

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def can_be_approved(self) -> bool:
        return self.Status.APPROVED in REGISTRATION_WORKFLOW.targets(self.status)

    @property
    def can_be_rejected(self) -> bool:
        return self.Status.REJECTED in REGISTRATION_WORKFLOW.targets(self.status)


# Requests still waiting for something: the e-mail link, or the ROPS decision.
OPEN_REGISTRATION_STATUSES = (RegistrationRequest.Status.AWAITING_EMAIL, RegistrationRequest.Status.AWAITING_STAFF)

class MfaEvent(models.Model):
    """What happened to a person's second factor, and who did it (accounts/mfa.py; append-only)."""

    class Kind(models.TextChoices):
        ENROLLED = "enrolled", _("second factor set up")
        RECOVERY_USED = "recovery_used", _("signed in with a recovery code")
        CODES_RENEWED = "codes_renewed", _("new recovery codes")
        RESET = "reset", _("second factor reset by an administrator")

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="mfa_events")
    kind = models.CharField(_("event"), max_length=16, choices=Kind)
    by = models.ForeignKey(User, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("note"), max_length=300, blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("second-factor event")
        verbose_name_plural = _("second-factor events")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_kind_display()}"


# From -> {to: who may make the move}. The e-mail link moves a request on (the applicant, proving the address);
# ROPS staff decide the rest, by name (never the system).
REGISTRATION_WORKFLOW = workflow_register(Workflow(
    name="accounts.registration", states=RegistrationRequest.Status,
    table={
        RegistrationRequest.Status.AWAITING_EMAIL: {RegistrationRequest.Status.AWAITING_STAFF: {REGISTRANT},
                                                    RegistrationRequest.Status.REJECTED: {STAFF}},
        RegistrationRequest.Status.AWAITING_STAFF: {RegistrationRequest.Status.APPROVED: {STAFF},
                                                    RegistrationRequest.Status.REJECTED: {STAFF}},
    },
    labels={RegistrationRequest.Status.APPROVED: _("Approve"), RegistrationRequest.Status.REJECTED: _("Reject")},
    note_required=frozenset({RegistrationRequest.Status.REJECTED}),
    note_labels={RegistrationRequest.Status.REJECTED: _("Reason for the rejection (the applicant receives it)")},
    note_message=_("Give the reason for the rejection; the applicant will receive it."),
    adverse=frozenset({RegistrationRequest.Status.REJECTED}),
    refusal=_("This request is “%(from)s” and cannot become “%(to)s”."),
))

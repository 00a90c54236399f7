from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    """The roles of the system. Each is a Django group of the same name (created by a migration)."""

    ROPS_ADMIN = "rops_admin", _("ROPS administrator")
    ROPS_STAFF = "rops_staff", _("ROPS staff")
    COMMITTEE_MEMBER = "committee_member", _("Committee member")
    PES_REPRESENTATIVE = "pes_representative", _("PES representative")
    BOARD_VIEWER = "board_viewer", _("Board viewer")


class UserManager(BaseUserManager):
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

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @property
    def role_names(self) -> set[str]:
        """The user's role values, cached per instance (one query, shared by every predicate)."""
        if not hasattr(self, "_role_names"):
            self._role_names = set(self.groups.values_list("name", flat=True)) if self.pk else set()
        return self._role_names

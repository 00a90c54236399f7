"""What can go wrong when asking a register: every error carries a Polish message a person can act on."""

from django.utils.translation import gettext_lazy as _


class RegistryError(Exception):
    """A register could not give an answer. ``str(exc)`` is the message shown to the user."""

    def __init__(self, source: str, message):
        self.source = source
        self.message = message
        super().__init__(str(message))

    def __str__(self) -> str:
        return str(self.message)


class RegistryUnavailable(RegistryError):
    """No answer in time, or the register answered with a server error (after the retries)."""


class RegistryMalformed(RegistryError):
    """The register answered with something that is not what its documentation describes."""


class RegistryRateLimited(RegistryError):
    """We asked this register too often in the last minute (our own limit, or the register's 429)."""


class RegistryNotConfigured(RegistryError):
    """Live calls are switched on but a setting they need (the GUS key) is missing."""


SOURCE_LABELS = {"krs": _("KRS (Ministry of Justice)"), "bir": _("GUS REGON (BIR)"),
                 "vat": _("VAT white list (Ministry of Finance)")}


def unavailable_message(source: str):
    return _("The register %(source)s is not answering right now. Try again in a few minutes; nothing has been "
             "changed.") % {"source": SOURCE_LABELS[source]}


def malformed_message(source: str):
    return _("The register %(source)s sent an answer that cannot be read. Nothing has been changed; if this "
             "repeats, tell the administrator.") % {"source": SOURCE_LABELS[source]}


def rate_limited_message(source: str):
    return _("Too many questions to the register %(source)s in a short time. Wait a minute and try again.") % {
        "source": SOURCE_LABELS[source]}

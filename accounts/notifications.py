"""The kinds of notification accounts sends (``core.notifications``)."""

from django.utils.translation import gettext_lazy as _

from core.notifications import notification_kind

notification_kind("accounts.registration", _("My self-registration: the confirmation link and the decision"),
                  required=True)
notification_kind("accounts.registration_review", _("Self-registrations waiting for review (staff)"))

"""Checks the system can make itself during the formal check, registered once by name.

Each takes the application and returns a ``Check`` (met or not, and the value it saw); staff
confirm or override the result with a note. Thresholds come from the rules in domain.md §4.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.computations import percent_text
from entities.models import LegalForm

MIN_MONTHS = 6
MIN_OWN_REVENUE_SHARE = Decimal(30)
MIN_RECOMMENDATIONS = 2
# Legal forms eligible for the mark (domain.md §4): CIS, ZAZ, cooperatives, non-profit companies, foundations,
# associations and other NGOs, church legal persons. WTZ and KIS are not on the list.
ELIGIBLE_LEGAL_FORMS = {
    LegalForm.SOCIAL_COOPERATIVE, LegalForm.WORK_COOPERATIVE, LegalForm.DISABLED_COOPERATIVE,
    LegalForm.BLIND_COOPERATIVE, LegalForm.AGRICULTURAL_COOPERATIVE, LegalForm.FOUNDATION, LegalForm.ASSOCIATION,
    LegalForm.ORDINARY_ASSOCIATION, LegalForm.ASSOCIATION_UNION, LegalForm.RURAL_HOUSEWIVES, LegalForm.FIRE_BRIGADE,
    LegalForm.OTHER_NGO, LegalForm.CHURCH_ENTITY, LegalForm.NON_PROFIT_COMPANY, LegalForm.NON_PROFIT_SPORTS_CLUB,
    LegalForm.CIS, LegalForm.ZAZ,
}


@dataclass(frozen=True)
class Check:
    met: bool | None  # None: the data needed is missing
    value: str


def months_between(start: date, end: date) -> int:
    months = (end.year - start.year) * 12 + (end.month - start.month)
    return months - (1 if end.day < start.day else 0)


def _legal_form(application) -> Check:
    entity = application.entity
    return Check(entity.legal_form in ELIGIBLE_LEGAL_FORMS, str(entity.get_legal_form_display()))


def _months_of_operation(application, today: date | None = None) -> Check:
    started = application.entity.registered_on
    if not started:
        return Check(None, _("no registration date in the registry"))
    today = today or date.today()  # noqa: DTZ011 - a calendar date, the local day is meant
    months = months_between(started, today)
    since = date_format(started, "SHORT_DATE_FORMAT")
    return Check(months >= MIN_MONTHS, ngettext("%(months)d month (since %(date)s)",
                                                "%(months)d months (since %(date)s)", months) % {
        "months": months, "date": since})


def _own_revenue(application) -> Check:
    share = application.own_revenue_share
    if share is None:
        return Check(None, _("revenue not given"))
    return Check(share >= MIN_OWN_REVENUE_SHARE, percent_text(share))


def _recommendations(application) -> Check:
    count = application.recommendations.count()
    return Check(count >= MIN_RECOMMENDATIONS, str(count))


COMPUTED: dict[str, Callable] = {
    "legal_form": _legal_form,
    "months_of_operation": _months_of_operation,
    "own_revenue": _own_revenue,
    "recommendations": _recommendations,
}


def compute(name: str, application) -> Check | None:
    check = COMPUTED.get(name)
    return check(application) if check else None

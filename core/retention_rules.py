"""Core's own retention rules (core.retention): closed data subject requests."""

from django.utils.translation import gettext_lazy as _

from .models import DataSubjectRequest
from .retention import DELETE, RetentionRule, register_rule
from .services import data_requests_dispose


def _closed_requests(before):
    return DataSubjectRequest.objects.filter(closed_at__date__lt=before)


def _delete(ids, by) -> int:
    return data_requests_dispose(ids=ids, by=by)


register_rule(RetentionRule(key="core.data_requests", name=_("Closed data subject requests"), category="B5",
                            action=DELETE, candidates=_closed_requests, dispose=_delete))

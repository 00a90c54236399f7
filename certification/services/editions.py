"""Editions and their criteria, configured by the ROPS administrator."""


from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import set_history_user as _history_user

from ..models import (
    Criterion,
    Edition,
)

EDITION_FIELDS = ["name", "year", "opens_on", "closes_on", "validity_months", "committee"]
CRITERION_FIELDS = ["order", "name", "description", "kind", "max_score", "evidence", "computed"]


def _require_edition_admin(by) -> None:
    if by is None or not by.has_perm("certification.configure_editions"):
        raise PermissionDenied(_("Only the ROPS administrator configures editions."))


def edition_criteria_removable(edition: Edition | None) -> bool:
    """Whether criteria may be removed from the edition: not once it has applications (their answers and scores
    refer to them). The editions page hides the "remove" box by the same rule."""
    return edition is None or not edition.pk or not edition.applications.exists()


@transaction.atomic
def edition_save(*, edition: Edition | None, by, fields: dict, criteria_rows: list[dict]) -> Edition:
    """Create (``edition=None``) or change an edition and its criteria in one go.

    ``criteria_rows``: one dict per criterion, with ``criterion`` (the existing one, or ``None`` for a new one),
    ``delete`` (remove it) and the criterion's fields. An edition that already has applications keeps its
    criteria: removing one is refused, with nothing written (its answers, checks and scores refer to it).
    """
    _require_edition_admin(by)
    if edition is None or edition.pk is None:
        edition = Edition()
    else:
        edition = Edition.objects.select_for_update().get(pk=edition.pk)
    removed = [row["criterion"] for row in criteria_rows if row.get("delete") and row.get("criterion")]
    for criterion in removed:
        if criterion.edition_id != edition.pk:
            raise PermissionDenied
    if removed and not edition_criteria_removable(edition):
        raise ValidationError(_("This edition already has applications: its criteria cannot be removed."))
    for name in EDITION_FIELDS:
        setattr(edition, name, fields[name])
    edition.full_clean()
    _history_user(edition, by)
    edition.save()
    for criterion in removed:
        criterion.delete()
    for row in criteria_rows:
        if row.get("delete"):
            continue
        criterion = row.get("criterion") or Criterion(edition=edition)
        if criterion.edition_id != edition.pk:
            raise PermissionDenied
        for name in CRITERION_FIELDS:
            setattr(criterion, name, row[name])
        criterion.full_clean()
        _history_user(criterion, by)
        criterion.save()
    return edition


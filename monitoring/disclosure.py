"""Small-count suppression for published outputs (domain.md §7): counts below the threshold per territory
are hidden so that nobody in a small gmina or powiat can be recognised from them."""

from django.conf import settings


def suppress(values: dict, threshold: int | None = None) -> dict:
    """The same mapping with every count below ``threshold`` (default MONITORING_SUPPRESS_BELOW) set to None.

    Zero is published: it reveals nobody. Totals are computed before suppression by the caller.
    """
    limit = settings.MONITORING_SUPPRESS_BELOW if threshold is None else threshold
    return {key: (None if value is not None and 0 < value < limit else value) for key, value in values.items()}

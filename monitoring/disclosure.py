"""Small-count suppression for published outputs (domain.md §7): small counts are hidden so that nobody in a
small gmina or powiat can be recognised from them. The rule, written once here and applied by the report (its
PDF and its spreadsheet alike, ``monitoring.reports.report_data``):

- a count of **persons** — persons employed in PES, persons at risk of exclusion (by category), participants of
  events (in total, by kind, by category, by powiat), the answers to a survey's count questions (a question does
  not say what it counts, and most count people: employees, jobs, persons at risk) — below the threshold is
  hidden wherever it is published, per powiat and for the whole voivodeship;
- a count of **entities** — PES by kind, social enterprises, accredited OWES, respondents who answered — is a
  public fact of the registry: hidden only per powiat (the table of PES by kind × powiat and the map), never in
  the voivodeship's totals ("1 CIS in the voivodeship" is published);
- anything else (events held, meetings, resolutions, certificates, amounts) is never hidden;
- zero is published (it reveals nobody), and totals are added up before any cell is hidden.

The sector dashboard and the drill-down are internal (ROPS staff and the Board) and show every count.
"""

from django.conf import settings

PERSONS = "persons"
ENTITIES = "entities"


def is_hidden(value, *, counts: str, per_powiat: bool, threshold: int | None = None) -> bool:
    """Whether a published count of ``counts`` (PERSONS or ENTITIES) is hidden; ``per_powiat``: a cell of one
    powiat rather than a total of the voivodeship."""
    limit = settings.MONITORING_SUPPRESS_BELOW if threshold is None else threshold
    if counts not in (PERSONS, ENTITIES):
        raise ValueError(f"Unknown kind of count: {counts!r}")
    if counts == ENTITIES and not per_powiat:
        return False
    return value is not None and 0 < value < limit


def suppress(values: dict, threshold: int | None = None, *, counts: str = PERSONS, per_powiat: bool = True) -> dict:
    """The same mapping with every count the rule hides (``is_hidden``) set to None."""
    return {key: (None if is_hidden(value, counts=counts, per_powiat=per_powiat, threshold=threshold) else value)
            for key, value in values.items()}

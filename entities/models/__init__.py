"""The registry: territorial units (TERC), social-economy entities and the organisations around them.

Django finds the models through this module, which imports them all: territories (``territories``), entities with
their representatives, contacts and PS status (``registry``), yearly figures, products, OWES and the local
governments' cooperation (``activity``), and the data from the state registers (``entities.sources.models``).
"""

# Data from the state registers (entities/sources): tasks, accepted fill-ins, snapshots, the watch position.
from ..sources.models import (
    RegistryAcceptance,
    RegistrySnapshot,
    RegistryTask,
    RegistryWatchCursor,
)
from .activity import (
    AtRiskCategory,
    JstCooperation,
    Owes,
    Product,
    YearlyFigures,
    YearlyFiguresQuerySet,
    at_risk_sum,
)
from .registry import (
    GROUP_FORMS,
    NOT_PES,
    REINTEGRATION_UNITS,
    Contact,
    Entity,
    EntityQuerySet,
    Group,
    LegalForm,
    PsStatus,
    PsStatusQuerySet,
    Representation,
    legal_form_label,
    pes_on_q,
)
from .territories import (
    SEAT_GMINA_KINDS,
    Territory,
    TerritoryQuerySet,
)

__all__ = [
    "RegistryAcceptance",
    "RegistrySnapshot",
    "RegistryTask",
    "RegistryWatchCursor",
    "AtRiskCategory",
    "Contact",
    "Entity",
    "EntityQuerySet",
    "GROUP_FORMS",
    "Group",
    "JstCooperation",
    "LegalForm",
    "NOT_PES",
    "Owes",
    "Product",
    "PsStatus",
    "PsStatusQuerySet",
    "REINTEGRATION_UNITS",
    "Representation",
    "SEAT_GMINA_KINDS",
    "Territory",
    "TerritoryQuerySet",
    "YearlyFigures",
    "YearlyFiguresQuerySet",
    "at_risk_sum",
    "legal_form_label",
    "pes_on_q",
]

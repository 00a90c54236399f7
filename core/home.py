"""The home page ("Moje sprawy"): what waits for the signed-in person, one section per role and app.

Core knows no higher app. Each app registers its sections in ``AppConfig.ready()``:

    home_section_register(HomeSection(key="committee", role=Role.COMMITTEE_MEMBER, order=10,
                                      template="committee/home_member.html", selector=member_matters))

``selector(user)`` is a selector of the app that owns the data: it answers ``None`` when the section is not the
person's (wrong role), otherwise what the template shows, in a fixed number of queries whatever the number of
items (the home page's query count is pinned). A person with several roles sees the sections of each role,
grouped under the role's heading in the order of ``ROLE_ORDER`` (which accounts fills).
"""

from collections.abc import Callable
from dataclasses import dataclass

# The role of the sections of the public entrance (``public_sections``), seen by everybody without login.
PUBLIC = "public"
# The roles in the order their groups are shown, with their labels: filled by accounts (``home_roles_register``
# in its ready()), since core knows no roles.
ROLE_ORDER: list[tuple[str, object]] = []


def home_roles_register(roles) -> None:
    """Set the roles (``(value, label)`` pairs, e.g. a TextChoices' ``choices``) in the order of their groups."""
    ROLE_ORDER[:] = list(roles)


@dataclass(frozen=True)
class HomeSection:
    key: str
    role: str
    template: str
    selector: Callable
    order: int = 100
    title: str = ""      # the heading of a generic section (``core/home/queues.html``)


@dataclass(frozen=True)
class Queue:
    """One line of a work queue: what waits (its label already carries the count, through ngettext), how many,
    and the filtered list where the work is done. ``urgent`` marks a queue past its deadline."""

    label: str
    count: int
    url: str
    urgent: bool = False


_SECTIONS: dict[str, HomeSection] = {}


def home_section_register(section: HomeSection) -> None:
    """Register (or replace, by key) a section of the home page; called from an app's ``ready()``."""
    _SECTIONS[section.key] = section


def home_sections(user) -> list[dict]:
    """The sections that apply to ``user``, grouped by role: ``[{"role": {"value", "label"},
    "sections": [{"key", "template", "data"}]}]``. Empty for a person with no role (the page then says so)."""
    groups: dict[str, list[dict]] = {}
    for section in sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key)):
        if section.role == PUBLIC:
            continue
        data = section.selector(user)
        if data is not None:
            groups.setdefault(section.role, []).append(
                {"key": section.key, "template": section.template, "title": section.title, "data": data})
    return [{"role": {"value": value, "label": label}, "sections": groups[value]}
            for value, label in ROLE_ORDER if value in groups]


def public_sections() -> list[dict]:
    """The sections of the public entrance (role ``PUBLIC``): what the apps publish to everybody."""
    rows = []
    for section in sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key)):
        if section.role == PUBLIC:
            rows.append({"key": section.key, "template": section.template, "title": section.title,
                         "data": section.selector(None)})
    return rows

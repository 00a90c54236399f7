"""Navigation per role.

Each app declares ``nav_items`` on its AppConfig; the context processor shows an item to a user
only when the user holds its permission (the same ``rules`` permission its view checks).
"""

from dataclasses import dataclass

from django.apps import apps
from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    perm: str
    order: int = 100


def nav_for(user) -> list[dict]:
    items: list[NavItem] = []
    for config in apps.get_app_configs():
        items.extend(getattr(config, "nav_items", ()))
    return [
        {"label": item.label, "url": reverse(item.url_name), "url_name": item.url_name}
        for item in sorted(items, key=lambda i: i.order)
        if user.has_perm(item.perm)
    ]

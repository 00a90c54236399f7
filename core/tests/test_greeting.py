"""The home page greets without the vocative problem ("Witaj, Anna" would need "Anno"): the name is not put
after a form of address."""

import re

from django.utils import translation


def test_the_greeting_does_not_address_the_person_by_name_in_the_nominative():
    with translation.override("pl"):
        greeting = translation.gettext("Welcome, %(name)s") % {"name": "Anna"}
    assert not re.search(r"(Witaj|Dzień dobry|Cześć|Szanown\w+),\s*Anna", greeting)
    assert "Anna" in greeting

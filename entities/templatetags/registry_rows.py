"""``{% registry_rows page_obj %}``: the rows of the registry's table, written in Python.

The list page shows 50–100 rows on every request; through the template language each row cost a URL reversal
and a dozen variable look-ups and filters (half of the page's rendering, docs/performance.md). This tag writes
the same cells as plain strings, each value escaped: the name linked to the entity's page (marked ``lang="pl"``
in another interface language, by the ``pl`` filter), the legal form's label, the seat with its parent unit, the
NIP, and "tak/nie" for PS and activity. The entity page's address is reversed once per page, and each seat's cell
is written once per page.
"""

from django import template
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from core.templatetags.polish import pl

register = template.Library()

_PK = 2147483647   # a placeholder key, replaced by each row's own in the one reversed address


@register.simple_tag
def registry_rows(entities) -> SafeString:
    address = reverse("entities:detail", args=[_PK])
    head, tail = address.split(str(_PK))
    yes, no = escape(_("yes")), escape(_("no"))
    seats: dict[str, str] = {}   # a seat's cell, written once per page (its parent unit's label is translated)
    rows = []
    for entity in entities:
        seat = entity.seat
        if seat is None:
            where = "—"
        elif (where := seats.get(seat.pk)) is None:
            where = seats[seat.pk] = escape(f"{seat.name}, {seat.parent}")
        rows.append(f'<tr><td><a href="{head}{entity.pk}{tail}">{pl(entity.name)}</a></td>'
                    f"<td>{escape(entity.get_legal_form_display())}</td><td>{where}</td>"
                    f"<td>{escape(entity.nip or '—')}</td><td>{yes if entity.has_ps else no}</td>"
                    f"<td>{yes if entity.is_active else no}</td></tr>")
    if not rows:
        return format_html('<tr><td colspan="6">{}</td></tr>', _("No entities."))
    return mark_safe("\n".join(rows))  # noqa: S308 - every value escaped above (the name by the pl filter)

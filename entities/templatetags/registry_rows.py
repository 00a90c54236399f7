"""``{% registry_rows page_obj %}``: the rows of the registry's table, written in Python.

The list page shows 50–100 rows on every request; through the template language each row cost a URL reversal
and a dozen variable look-ups and filters (half of the page's rendering, docs/performance.md). This tag writes
the same cells with ``format_html``: the name linked to the entity's page (marked ``lang="pl"`` in another
interface language, as the ``pl`` filter does), the legal form's label, the seat with its parent unit, the NIP,
and "tak/nie" for PS and activity. The entity page's address is reversed once per page.
"""

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from core.templatetags.polish import pl

register = template.Library()

_PK = 2147483647   # a placeholder key, replaced by each row's own in the one reversed address


@register.simple_tag
def registry_rows(entities) -> SafeString:
    address = reverse("entities:detail", args=[_PK])
    head, tail = address.split(str(_PK))
    yes, no = _("yes"), _("no")
    rows = []
    for entity in entities:
        seat = entity.seat
        rows.append((f"{head}{entity.pk}{tail}", pl(entity.name), entity.get_legal_form_display(),
                     f"{seat.name}, {seat.parent}" if seat is not None else "—", entity.nip or "—",
                     yes if entity.has_ps else no, yes if entity.is_active else no))
    if not rows:
        return format_html('<tr><td colspan="6">{}</td></tr>', _("No entities."))
    return format_html_join(
        "\n", '<tr><td><a href="{}">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>', rows)

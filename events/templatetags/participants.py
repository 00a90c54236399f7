"""The confirmed participants' rows of the event page and their cancel forms, written in Python.

A large event shows 100 rows a page; through the template language each row cost two URL reversals, a CSRF
token, a translated label and a dozen look-ups (most of the page's time, docs/performance.md). These tags write
the same markup with ``format_html``; the addresses are reversed once per page and the CSRF token read once.
"""

from django import template
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

register = template.Library()

_PK = 2147483647   # a placeholder key, replaced by each row's own in the one reversed address


def _address(name: str, *args) -> tuple[str, str]:
    head, tail = reverse(name, args=[*args, _PK]).rsplit(str(_PK), 1)
    return head, tail


@register.simple_tag
def participant_rows(page, *, can_cancel: bool) -> SafeString:
    if not len(page.object_list):
        return format_html('<tr><td colspan="7">{}</td></tr>', _("Nobody has registered yet."))
    entity_head, entity_tail = _address("entities:detail")
    at_door = format_html(' <span class="badge text-bg-secondary">{}</span>', _("at the door"))
    yes, no, cancel = _("yes"), _("no"), _("Cancel registration")
    rows = []
    for r in page:
        name = str(r)
        institution = (format_html('<a href="{}{}{}">{}</a>', entity_head, r.entity_id, entity_tail, r.entity)
                       if r.entity_id else r.institution)
        present = "—" if r.attended is None else (yes if r.attended else no)
        button = (format_html('<button type="submit" class="btn btn-link btn-sm" form="cancel-{}">{}</button>',
                              r.pk, cancel) if can_cancel else "")
        rows.append((r.pk, r.pk, _("Select %(name)s") % {"name": name}, r.pk, name,
                     at_door if r.walk_in else "", r.email, institution, r.get_category_display(),
                     r.accessibility_needs or "—", present, button))
    return format_html_join(
        "\n",
        '<tr><td><input class="form-check-input" type="checkbox" name="registrations" value="{}" id="reg-{}" '
        'aria-label="{}"></td><td><label for="reg-{}">{}</label>{}<br><small>{}</small></td><td>{}</td>'
        '<td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>', rows)


@register.simple_tag(takes_context=True)
def cancel_forms(context, page, event) -> SafeString:
    """One empty form per row, the target of its "cancel registration" button (``form="cancel-<pk>"``)."""
    head, tail = _address("events:registration_cancel", event.pk)
    token = format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(context.request))
    return format_html_join("", '<form method="post" id="cancel-{}" action="{}{}{}" novalidate>{}</form>',
                            ((r.pk, head, r.pk, tail, mark_safe(token)) for r in page))

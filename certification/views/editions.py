"""Editions and their criteria (the ROPS administrator)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from .. import services
from ..forms import CriterionFormSet, EditionForm, criteria_rows
from ..models import Edition
from ..selectors import edition_list


def _require_configure(request: HttpRequest) -> None:
    if not request.user.has_perm("certification.configure_editions"):
        raise PermissionDenied


@login_required
def edition_list_view(request: HttpRequest) -> HttpResponse:
    _require_configure(request)
    return render(request, "certification/edition_list.html", {"editions": list(edition_list())})


@login_required
def edition_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Create an edition (no ``pk``) or change one, with its criteria as an ordered list."""
    _require_configure(request)
    edition = get_object_or_404(Edition, pk=pk) if pk is not None else Edition()
    post = request.POST if request.method == "POST" else None
    form = EditionForm(post, instance=edition)
    formset = CriterionFormSet(post, instance=edition, prefix="criteria")
    if post is not None and form.is_valid() and formset.is_valid():
        fields = {name: form.cleaned_data[name] for name in EditionForm.Meta.fields}
        try:
            saved = services.edition_save(edition=edition if pk is not None else None, by=request.user,
                                          fields=fields, criteria_rows=criteria_rows(formset))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The edition has been saved."))
            return redirect("certification:edition_edit", pk=saved.pk)
    return render(request, "certification/edition_form.html", {
        "edition": edition if pk is not None else None, "form": form, "formset": formset,
        "has_applications": not services.edition_criteria_removable(edition if pk is not None else None),
    }, status=400 if post is not None else 200)

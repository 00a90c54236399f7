"""Yearly values of an indicator: one row per year of the programme, each with its form.

A manual indicator's open value is entered or changed (``indicator_value_set``); a locked value only through a
correction with a reason (``indicator_value_correct``); a computed indicator's values come from "Compute" on
the programme page and are never typed. With htmx the form replaces its row and the saved row comes back in
place; without JavaScript the year has a page of its own."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from .. import services
from ..forms import CorrectionForm, ValueForm, YearForm
from ..selectors import indicator_get_for_user, indicator_value_year, indicator_value_years
from .common import form_status, refuse, require_manage

PAGE = "programmes/indicator_values.html"


@login_required
def indicator_values(request: HttpRequest, pk: int) -> HttpResponse:
    """The indicator's values, year by year (staff and read-only roles); ``?year=`` opens another year."""
    indicator = indicator_get_for_user(user=request.user, pk=pk)
    can_manage = request.user.has_perm("programmes.manage_programme")
    year_form = YearForm(request.GET or None, auto_id="other-%s")
    if can_manage and year_form.is_valid():
        return redirect("programmes:indicator_value", pk=indicator.pk, year=year_form.cleaned_data["year"])
    return render(request, PAGE, {
        "indicator": indicator, "rows": indicator_value_years(indicator), "can_manage": can_manage,
        "year_form": year_form if can_manage else None},
        status=400 if year_form.is_bound and year_form.errors else 200)


@login_required
def indicator_value(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """Enter (or correct, when locked) the indicator's value for ``year``."""
    indicator = indicator_get_for_user(user=request.user, pk=pk)
    require_manage(request)
    if not 2000 <= year <= 2100:
        raise Http404
    row = indicator_value_year(indicator, year)
    data = request.POST if request.method == "POST" else None
    auto_id = f"value-{year}-%s"
    if row.action == "correct":
        form = CorrectionForm(data, auto_id=auto_id, initial={"new_value": row.value.value})
    elif row.action == "enter":
        form = ValueForm(data, auto_id=auto_id, initial={
            "value": row.value.value if row.value else None, "source_note": row.value.source_note if row.value else ""})
    else:
        form = None  # computed by the system: nothing to type
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            if row.action == "correct":
                services.indicator_value_correct(value=row.value, by=request.user, **form.cleaned_data)
            else:
                services.indicator_value_set(indicator=indicator, year=year, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            refuse(form, exc, {"reason": "reason"})
        else:
            done = _("The correction has been recorded.") if row.action == "correct" else _("The value has been saved.")
            if not request.htmx:
                messages.success(request, done)
                return redirect(f"{reverse('programmes:indicator_values', args=[indicator.pk])}#value-{year}")
            return render(request, f"{PAGE}#value-row", {
                "indicator": indicator, "row": indicator_value_year(indicator, year), "can_manage": True,
                "focus": True, "saved": done})
    context = {"indicator": indicator, "row": row, "form": form}
    if request.htmx:
        return render(request, f"{PAGE}#value-form", context)
    refused = request.method == "POST" and form is None
    return render(request, "programmes/indicator_value.html", context,
                  status=400 if refused else form_status(request, form))

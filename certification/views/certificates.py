"""Certificates: issuing, withdrawing, the PDF, the awards at a gala."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.downloads import stored_file_response
from core.views import confirm_page
from events.models import Event, EventKind

from .. import services
from ..forms import GalaForm, WithdrawForm
from ..selectors import application_get_for_user, gala_candidates
from .common import error_text


@login_required
def certificate_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what issuing does, and the button; POST: issue it (``services.certificate_issue``)."""
    application = application_get_for_user(user=request.user, pk=pk)
    if not request.user.has_perm("certification.manage"):
        raise PermissionDenied
    if request.method != "POST":
        return confirm_page(
            request, heading=_("Issue the certificate"), subject=str(application),
            consequences=[_("The certificate gets the next number of the register, which is never changed or used "
                            "again."),
                          _("The PDF of the certificate is generated and the applicant is told."),
                          _("From its first day of validity the mark appears in the public register.")],
            action=reverse("certification:certificate_issue", args=[application.pk]),
            button=_("Issue the certificate"), cancel=application.get_absolute_url())
    try:
        certificate = services.certificate_issue(application=application, by=request.user)
        messages.success(request, _("Certificate %(number)s has been issued.") % {"number": certificate.number})
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect(application)


@login_required
def certificate_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what withdrawing the mark does, with the reason box; POST: withdraw it."""
    application = application_get_for_user(user=request.user, pk=pk)
    if not request.user.has_perm("certification.manage"):
        raise PermissionDenied
    certificate = getattr(application, "certificate", None)
    if certificate is None:
        raise Http404
    if request.method != "POST":
        return confirm_page(
            request, heading=_("Withdraw the mark"), subject=f"{certificate.number} – {certificate.entity_name}",
            consequences=[_("The certificate stops being valid today and leaves the public register (its history "
                            "keeps it, with the reason)."),
                          _("The holder is told, with the reason.")],
            action=reverse("certification:certificate_withdraw", args=[application.pk]),
            button=_("Withdraw the mark"), cancel=application.get_absolute_url(), danger=True,
            form=WithdrawForm())
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.certificate_withdraw(certificate=certificate, by=request.user,
                                          reason=form.cleaned_data["reason"])
            messages.success(request, _("The mark has been withdrawn."))
        except ValidationError as exc:
            messages.error(request, error_text(exc))
    else:
        messages.error(request, _("Give the reason."))
    return redirect(application)


@login_required
def certificate_pdf(request: HttpRequest, pk: int) -> FileResponse:
    application = application_get_for_user(user=request.user, pk=pk)
    certificate = getattr(application, "certificate", None)
    if certificate is None:
        raise Http404
    return stored_file_response(certificate.pdf, filename=f"certyfikat-{certificate.number.replace('/', '-')}.pdf")


@login_required
def gala(request: HttpRequest, event_pk: int) -> HttpResponse:
    """Staff choose which certificates are handed over at a gala."""
    if not request.user.has_perm("certification.manage"):
        raise PermissionDenied
    event = get_object_or_404(Event, pk=event_pk, kind=EventKind.GALA)
    form = GalaForm(request.POST or None, candidates=gala_candidates(event))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                count = services.certificates_award_at_gala(
                    event=event, by=request.user, certificate_ids=[c.pk for c in form.cleaned_data["certificates"]])
                messages.success(request, ngettext("%(n)d certificate will be awarded at the gala.",
                                                   "%(n)d certificates will be awarded at the gala.", count)
                                 % {"n": count})
                return redirect(event)
            except ValidationError as exc:
                form.add_error(None, exc)
        status = 400
    return render(request, "certification/gala.html", {
        "event": event, "form": form, "candidates": gala_candidates(event)[:200]}, status=status)

"""The public pages (no login): the register, checking a certificate, the signed list of certificates."""

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.downloads import NotFoundWithReason, stored_file_response
from core.paging import Paginator

from ..forms import RegisterFilterForm, VerifyForm, VerifyPdfForm
from ..selectors import (
    certificate_list_latest,
    certificate_pdf_check,
    certificate_verify,
    public_register,
    register_bip,
    register_history,
)


def public_register_view(request: HttpRequest) -> HttpResponse:
    form = RegisterFilterForm(request.GET or None)
    powiat = category = ""
    if form.is_valid():
        powiat, category = form.cleaned_data["powiat"], form.cleaned_data["category"]
    page = Paginator(public_register(powiat=powiat, category=category), 30).get_page(request.GET.get("page"))
    return render(request, "certification/public_register.html", {
        "page_obj": page, "form": form, "history": register_history()[:50], "bip": register_bip()})


def _latest_list():
    published = certificate_list_latest()
    if published is None:
        raise NotFoundWithReason(_("No signed list of certificates has been published yet."))
    return published


def certificate_list_json(request: HttpRequest) -> FileResponse:
    """The latest signed list of all certificates with their state (JSON), public."""
    published = _latest_list()
    return stored_file_response(published.content, filename=published.filename("json"),
                                content_type="application/json")


def certificate_list_signature(request: HttpRequest) -> FileResponse:
    """The detached CMS signature of the latest list (``openssl cms -verify``, docs/sealing.md)."""
    published = _latest_list()
    return stored_file_response(published.signature, filename=published.filename("json.p7s"),
                                content_type="application/pkcs7-signature")


def public_verify(request: HttpRequest) -> HttpResponse:
    """Check a certificate by its number (the QR code on the PDF points here), or an uploaded PDF: is it the one
    ROPS sealed, unaltered? Nobody logs in; the file is checked in memory and never kept."""
    form = VerifyForm(request.GET or None)
    pdf_form = VerifyPdfForm(request.POST or None, request.FILES or None)
    certificate = verdict = None
    searched = False
    status = 200
    if request.method == "POST":
        if pdf_form.is_valid():
            upload = pdf_form.cleaned_data["file"]
            upload.seek(0)
            verdict = certificate_pdf_check(data=upload.read())
            certificate = verdict.certificate
        else:
            status = 400
    elif form.is_valid():
        searched = True
        certificate = certificate_verify(number=form.cleaned_data["number"])
    return render(request, "certification/public_verify.html", {
        "form": form, "pdf_form": pdf_form, "certificate": certificate, "searched": searched, "verdict": verdict,
        "expired": certificate is not None and certificate.expired_on(timezone.localdate()),
    }, status=status)

"""The one way the system makes a PDF (certificates, minutes, attendance lists, change histories, reports).

Every document is tagged for assistive technology and declared PDF/UA-1 (WeasyPrint's ``pdf_variant``): a
structure tree, the document's language (``/Lang``, from ``<html lang>``) and its title (from ``<title>``, shown
by viewers instead of the file name). It is rendered in the installation's language, and its assets (fonts,
images) come only from ``PDF_ASSET_ROOT`` or ``data:`` URIs, never from the network. Data is gathered by the
caller beforehand (a selector); nothing here touches the ORM.

Kerning and ligatures are switched off: with them a name such as "Toborek" is drawn as "T", a shift and "oborek",
and text extraction (search in a viewer, a screen reader's text, an auditor's copy and paste) reads "T oborek".
"""

import re
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.utils import translation

PDF_VARIANT = "pdf/ua-1"
_TITLE = re.compile(r"<title>\s*\S", re.IGNORECASE)
_LANG = re.compile(r"<html[^>]*\slang=\"[a-z]{2}", re.IGNORECASE)
_TEXT_AS_WRITTEN = "* { font-kerning: none; font-variant-ligatures: none; }"


def _fetcher():
    """A URL fetcher for ``data:`` URIs and files under ``PDF_ASSET_ROOT`` only."""
    # lazy: WeasyPrint (0.5 s to import) is needed only when a PDF is rendered
    from weasyprint.urls import URLFetcher

    class LocalOnly(URLFetcher):
        def __init__(self) -> None:
            super().__init__(allowed_protocols={"file", "data"})

        def fetch(self, url, headers=None):
            if url.startswith("file:"):
                root = Path(settings.PDF_ASSET_ROOT).resolve()
                if not Path(unquote(urlparse(url).path)).resolve().is_relative_to(root):
                    raise ValueError(f"A PDF may load only assets under PDF_ASSET_ROOT, not {url!r}.")
            return super().fetch(url, headers)

    return LocalOnly()


def pdf_html(template: str, context: dict) -> str:
    """The HTML document a PDF is drawn from: ``template`` (a whole document with ``<html lang="{{ pdf_lang }}">``
    and a ``<title>``) rendered in the installation's language."""
    language = settings.LANGUAGE_CODE
    with translation.override(language):
        html = render_to_string(template, {**context, "ROPS_NAME": settings.ROPS_NAME, "pdf_lang": language})
    if not _TITLE.search(html) or not _LANG.search(html):
        raise ImproperlyConfigured(f"{template} must set <html lang> and a <title> (see core/pdf.py).")
    return html


def render_pdf(template: str, context: dict) -> bytes:
    """Render ``template`` (see ``pdf_html``) to a tagged PDF/UA-1 document."""
    from weasyprint import CSS, HTML  # lazy: WeasyPrint loads Pango and its fonts, seconds a process does not need

    html = pdf_html(template, context)
    return HTML(string=html, base_url=settings.PDF_ASSET_ROOT, url_fetcher=_fetcher()).write_pdf(
        pdf_variant=PDF_VARIANT, stylesheets=[CSS(string=_TEXT_AS_WRITTEN)])

"""Every PDF the system produces is tagged, has its language and title, and declares PDF/UA-1 (core.pdf).

Each document is rendered from hand-built data through its own renderer (no database), then read with pypdf.
"""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

WARSAW = ZoneInfo("Europe/Warsaw")


def _certificate() -> bytes:
    from certification.reports import CertificateData, render_certificate_pdf

    return render_certificate_pdf(CertificateData(
        number="ZP/2026/001", entity_name="Spółdzielnia Socjalna „Razem”", items=("Catering", "Ceramika"),
        valid_from=date(2026, 6, 1), valid_until=date(2027, 5, 31), verify_url="https://rops.example.pl/v?n=1",
        rops_name="ROPS w Toruniu"))


def _minutes() -> bytes:
    from committee.reports import MinutesData, render_minutes_pdf

    return render_minutes_pdf(MinutesData(
        committee="Regionalny Komitet Rozwoju Ekonomii Społecznej", held_on=datetime(2026, 11, 5, 10, tzinfo=WARSAW),
        mode="stacjonarne", place="Toruń", attendance=(("Anna Kowalska", "PES", "obecna"),),
        agenda=("Otwarcie", "Opinia o sprawozdaniu"),
        resolutions=({"number": "3/2026", "title": "Opinia", "adopted": True, "votes_for": 5, "votes_against": 1,
                      "abstentions": 0},)))


def _attendance_list() -> bytes:
    from events.reports import ParticipantList, ParticipantRow, render_attendance_pdf

    return render_attendance_pdf(ParticipantList(
        title="Targi Ekonomii Społecznej", kind="targi", starts_at=datetime(2026, 9, 12, 10, tzinfo=WARSAW),
        place="Bydgoszcz", rows=(ParticipantRow(number=1, name="Jan Nowak", email="jan@example.pl",
                                                institution="Fundacja", category="PES", status="potwierdzone",
                                                attended="", walk_in=False),)))


def _history() -> bytes:
    from core.audit import AuditLog, render_audit_pdf

    return render_audit_pdf(AuditLog(object_label="Fundacja Dobry Start", model_label="podmiot", rows=(),
                                     generated_at=datetime(2026, 12, 1, 12, tzinfo=WARSAW)))


DOCUMENTS = {"certificate": _certificate, "minutes": _minutes, "attendance list": _attendance_list,
             "history": _history}


@pytest.fixture(params=sorted(DOCUMENTS))
def pdf(request) -> PdfReader:
    return PdfReader(io.BytesIO(DOCUMENTS[request.param]()))


def test_the_pdf_is_tagged(pdf):
    root = pdf.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root


def test_the_pdf_says_it_is_polish(pdf):
    assert pdf.trailer["/Root"]["/Lang"] == "pl"


def test_the_pdf_has_a_title_shown_by_viewers(pdf):
    assert pdf.metadata.title
    assert bool(pdf.trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"])


def test_the_pdf_declares_pdf_ua(pdf):
    metadata = pdf.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b'pdfuaid:part="1"' in metadata


def test_the_pdf_text_reads_as_written():
    """Without kerning switched off, "Toborek" and "Wojciech Tomaszewski" come out as "T oborek", "T omaszewski"."""
    from committee.reports import MinutesData, render_minutes_pdf

    names = ("Ignacy Toborek", "Wojciech Tomaszewski", "Yvonne Wawrzyniak", "Zofia Officjalska")
    pdf = render_minutes_pdf(MinutesData(
        committee="RKRES", held_on=datetime(2026, 11, 5, 10, tzinfo=WARSAW), mode="zdalne", place="",
        attendance=tuple((name, "PES", "obecna") for name in names), agenda=(), resolutions=()))
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    for name in names:
        assert name in text


@pytest.mark.parametrize("url", ["http://example.com/tracker.png", "file:///etc/passwd"])
def test_a_pdf_loads_nothing_from_the_network_or_outside_its_assets(url):
    from core.pdf import _fetcher

    with pytest.raises(ValueError):
        _fetcher().fetch(url)


def test_a_pdf_may_load_its_own_assets(settings):
    from pathlib import Path

    from core.pdf import _fetcher

    asset = next(Path(settings.PDF_ASSET_ROOT).rglob("*.css"))
    response = _fetcher().fetch(asset.as_uri())
    assert response is not None


@pytest.mark.parametrize("document", sorted(DOCUMENTS))
def test_the_pdf_reads_as_polish(document, monkeypatch):
    """The same checks as over the pages (tests.test_polish_pages): units agreeing with their numbers, no count
    with decimals, no English, one percentage style ("41,3%")."""
    from core import pdf as pdf_module
    from tests.test_polish_pages import problems_of, text_of

    rendered = []
    original = pdf_module.render_to_string

    def keep(*args, **kwargs):
        rendered.append(original(*args, **kwargs))
        return rendered[-1]

    monkeypatch.setattr(pdf_module, "render_to_string", keep)
    DOCUMENTS[document]()
    assert rendered
    problems = [p for html in rendered for p in problems_of(text_of(html))]
    assert not problems, problems

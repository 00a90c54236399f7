"""The consultation the act on development policy prescribes (art. 6): 35 days, a report within 30 days that
answers every comment, published before the programme goes to the Board."""

import io
from datetime import timedelta

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from pypdf import PdfReader

from core.models import Job
from programmes import services
from programmes.models import Consultation, ConsultationComment, Status
from programmes.selectors import consultation_deadlines
from programmes.tests.factories import ProgrammeFactory, consulted

pytestmark = pytest.mark.django_db


def _open(programme, staff, days=35):
    today = timezone.localdate()
    services.programme_transition(programme=programme, to=Status.CONSULTATION, by=staff,
                                  consultation_until=today + timedelta(days=days - 1))
    programme.refresh_from_db()
    return programme.consultations.get()


def _backdate(consultation, days):
    """The consultation as if announced ``days`` days ago (its period kept)."""
    shift = timedelta(days=days)
    Consultation.objects.filter(pk=consultation.pk).update(opened_on=consultation.opened_on - shift,
                                                           until=consultation.until - shift)
    consultation.refresh_from_db()
    return consultation


def test_a_consultation_is_announced_for_at_least_35_days(staff):
    programme = ProgrammeFactory()
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        services.programme_transition(programme=programme, to=Status.CONSULTATION, by=staff,
                                      consultation_until=today + timedelta(days=33))
    assert exc.value.code == "until"
    consultation = _open(programme, staff, days=35)
    assert (consultation.opened_on, consultation.until) == (today, today + timedelta(days=34))


def test_it_cannot_close_before_35_days_have_passed(staff):
    programme = ProgrammeFactory()
    consultation = _backdate(_open(programme, staff), 34)   # the last day for comments is today
    with pytest.raises(ValidationError) as exc:
        services.programme_transition(programme=programme, to=Status.DRAFT, by=staff)
    assert exc.value.code == "too_early"
    programme.refresh_from_db()
    assert programme.status == Status.CONSULTATION
    _backdate(consultation, 1)
    services.consultation_close(consultation=consultation, by=staff)
    consultation.refresh_from_db()
    programme.refresh_from_db()
    assert consultation.closed_on == timezone.localdate()
    assert programme.status == Status.DRAFT


def test_a_later_announced_day_holds_too(staff):
    programme = ProgrammeFactory()
    consultation = _backdate(_open(programme, staff, days=60), 40)   # 40 days on, 20 more announced
    assert not consultation.can_close(timezone.localdate())


def test_the_close_button_refuses_early_and_closes_in_time(client_for, staff):
    programme = ProgrammeFactory()
    consultation = _open(programme, staff)
    client = client_for(staff)
    url = reverse("programmes:consultation_close", args=[consultation.pk])
    page = client.post(url, follow=True).content.decode()
    assert "mogą zostać zamknięte od" in page
    consultation.refresh_from_db()
    assert consultation.closed_on is None
    _backdate(consultation, 35)
    assert client.post(url).status_code == 302
    consultation.refresh_from_db()
    assert consultation.closed_on is not None


def test_the_admin_action_applies_the_same_rule(rops_admin, staff):
    consultation = _open(ProgrammeFactory(), staff)
    admin = site._registry[Consultation]
    request = RequestFactory().post("/")
    request.user = rops_admin
    request._messages = _Messages()
    admin.close_consultations(request, Consultation.objects.all())
    consultation.refresh_from_db()
    assert consultation.closed_on is None
    _backdate(consultation, 35)
    admin.close_consultations(request, Consultation.objects.all())
    consultation.refresh_from_db()
    assert consultation.closed_on is not None


class _Messages(list):
    def add(self, level, message, extra_tags=""):
        self.append(message)


def test_the_report_is_due_30_days_after_closing_and_staff_see_the_deadline(staff, outsider, member):
    programme = ProgrammeFactory()
    consultation = consulted(programme, published=False)
    assert consultation.report_due == consultation.closed_on + timedelta(days=30)
    today = timezone.localdate()
    rows = consultation_deadlines(staff, today=today)
    assert [(r.consultation, r.due, r.overdue) for r in rows] == [(consultation, consultation.report_due, True)]
    assert consultation_deadlines(staff, today=consultation.report_due)[0].overdue is False
    assert consultation_deadlines(member) == []
    assert consultation_deadlines(outsider) == []


def test_the_comments_page_shows_the_deadline(client_for, staff):
    consultation = consulted(ProgrammeFactory(), published=False)
    page = client_for(staff).get(reverse("programmes:comments", args=[consultation.programme_id])).content.decode()
    assert f"termin do {date_format(consultation.report_due, 'SHORT_DATE_FORMAT')}" in page
    assert "po terminie" in page


def test_the_report_answers_every_comment_and_is_published_as_a_tagged_pdf(
        client, client_for, staff, django_capture_on_commit_callbacks):
    programme = ProgrammeFactory()
    consultation = _open(programme, staff)
    answered = services.comment_add(programme=programme, text="Dodać szkolenia", author="OWES Toruń", consent=True)
    open_one = services.comment_add(programme=programme, text="Za niskie wartości", consent=True)
    assert answered.consultation == consultation
    services.comment_answer(comment=answered, response="accepted", reason="", by=staff)
    _backdate(consultation, 35)
    services.consultation_close(consultation=consultation, by=staff)
    with pytest.raises(ValidationError) as exc:
        services.consultation_report_approve(consultation=consultation, by=staff)
    assert exc.value.code == "unanswered"
    services.comment_answer(comment=open_one, response="rejected", reason="Wynika z alokacji środków", by=staff)
    public = reverse("programmes:consultation", args=[programme.pk])
    assert client.get(public).status_code == 404   # closed, nothing published yet
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(staff).post(reverse("programmes:consultation_approve", args=[consultation.pk]))
    job = Job.objects.get(kind="programmes_consultation_report")
    assert response.url == f"{reverse('programmes:comments', args=[programme.pk])}?job={job.pk}#job-status"
    consultation.refresh_from_db()
    assert consultation.is_published
    client.logout()
    page = client.get(public).content.decode()
    pdf_url = reverse("programmes:consultation_report_pdf", args=[consultation.pk])
    assert pdf_url in page
    pdf = b"".join(client.get(pdf_url).streaming_content)
    reader = PdfReader(io.BytesIO(pdf))
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    for expected in ("Dodać szkolenia", "OWES", "Za niskie wartości", "Wynika z alokacji środków", "anonim"):
        assert expected in text, text
    with pytest.raises(ValidationError):   # the published answers stay as published
        services.comment_answer(comment=open_one, response="accepted", reason="", by=staff)


def test_only_staff_approve_and_an_unpublished_report_is_not_public(client, client_for, staff, board, outsider):
    consultation = consulted(ProgrammeFactory(), published=False)
    with pytest.raises(PermissionDenied):
        services.consultation_report_approve(consultation=consultation, by=board)
    with pytest.raises(PermissionDenied):
        services.consultation_report_approve(consultation=consultation, by=None)   # a person decides
    for user in (outsider, board):
        response = client_for(user).post(reverse("programmes:consultation_approve", args=[consultation.pk]))
        assert response.status_code in (403, 404)
    consultation.refresh_from_db()
    assert consultation.approved_at is None
    assert client.get(reverse("programmes:consultation_report_pdf", args=[consultation.pk])).status_code == 404


def test_the_programme_goes_to_the_board_only_with_the_report_published(staff):
    programme = ProgrammeFactory()
    with pytest.raises(ValidationError) as exc:
        services.programme_transition(programme=programme, to=Status.SUBMITTED, by=staff)
    assert exc.value.code == "consultation"
    consultation = consulted(programme, published=False)
    with pytest.raises(ValidationError):
        services.programme_transition(programme=programme, to=Status.SUBMITTED, by=staff)
    Consultation.objects.filter(pk=consultation.pk).update(published_at=timezone.now())
    assert services.programme_transition(programme=programme, to=Status.SUBMITTED, by=staff).status == \
        Status.SUBMITTED


def test_comments_outside_a_consultation_are_refused(staff):
    programme = ProgrammeFactory()
    with pytest.raises(ValidationError):
        services.comment_add(programme=programme, text="Uwaga", consent=True)
    assert not ConsultationComment.objects.exists()

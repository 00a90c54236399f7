from datetime import timedelta
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from certification.models import Application, Criterion, Edition, Status


class EditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Edition
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Edycja {2026 + n}")
    year = factory.LazyFunction(lambda: timezone.localdate().year)
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    committee = factory.SubFactory("committee.tests.factories.CommitteeFactory", kind="chapter")

    @factory.post_generation
    def criteria(self, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        Criterion.objects.bulk_create([
            Criterion(edition=self, order=1, name="Forma prawna", computed="legal_form"),
            Criterion(edition=self, order=2, name="Cele społeczne", evidence="statut, sprawozdanie"),
            Criterion(edition=self, order=3, name="Co najmniej 6 miesięcy działalności",
                      computed="months_of_operation"),
            Criterion(edition=self, order=4, name="Co najmniej 30% przychodów własnych", computed="own_revenue"),
            Criterion(edition=self, order=5, name="Jakość produktu", kind=Criterion.Kind.SCORE, max_score=10),
            Criterion(edition=self, order=6, name="Rekomendacje", computed="recommendations"),
        ])


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    edition = factory.SubFactory(EditionFactory)
    entity = None
    created_by = None
    status = Status.DRAFT
    entity_name = factory.LazyAttribute(lambda o: o.entity.name)
    contact_person = "Jan Kowalski"
    contact_email = "kontakt@pes.example.pl"
    social_aims = "Zatrudniamy osoby długotrwale bezrobotne."
    revenue_period = "2025"
    total_revenue = Decimal("100000")
    own_revenue = Decimal("45000")


def pdf_upload(name="sprawozdanie.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n%test\n", content_type="application/pdf")


def complete(application, by):
    """Fill every part of an application through the services (as the applicant would)."""
    from certification import services
    from certification.models import Attachment

    services.application_save_fields(application=application, by=by, social_aims="Zatrudniamy osoby bezrobotne.",
                                     revenue_period="2025", total_revenue=Decimal(100000), own_revenue=Decimal(45000))
    services.application_save_items(application=application, by=by, items=[
        {"kind": "product", "name": "Ceramika użytkowa", "category": "rękodzieło", "description": "Kubki"}])
    services.application_save_recommendations(application=application, by=by, recommendations=[
        {"author": "Anna Nowak", "organisation": "Urząd Gminy", "issued_on": None, "summary": "Jakość"},
        {"author": "Piotr Zieliński", "organisation": "Fundacja", "issued_on": None, "summary": "Terminowość"}])
    answers = {c.pk: "Odpowiedź" for c in application.edition.criteria.filter(computed="")}
    services.application_save_answers(application=application, by=by, answers=answers)
    services.application_declare(application=application, by=by, truthful=True, clause_read=True)
    services.attachment_add(application=application, by=by, upload=pdf_upload(),
                            kind=Attachment.Kind.FINANCIAL_STATEMENT)
    application.refresh_from_db()
    return application


def chapter_seat(application, user, *, conflict: bool | None = False, role: str = "member"):
    """Make ``user`` a member of the application's chapter and, once the case exists, declare (no) conflict
    (``conflict=None``: no declaration)."""
    from committee.models import Category, Member
    from committee.services import conflict_declare

    member = Member.objects.filter(committee=application.edition.committee, user=user).first() or \
        Member.objects.create(committee=application.edition.committee, user=user, category=Category.OTHER,
                              role=role, appointed_on=timezone.localdate() - timedelta(days=100))
    application.refresh_from_db()
    if application.resolution_id is not None and conflict is not None and \
            not application.resolution.declarations.filter(member=member).exists():
        conflict_declare(resolution=application.resolution, user=user, has_conflict=conflict)
    return member

"""The EZD case package: each document as PDF with its metadata, valid against schemas/ezd/nes-subset.xsd; the
case sign EZD assigns stored back on the record; the e-Doręczenia address of an entity."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from lxml import etree

from certification.models import Attachment
from certification.tests.factories import ApplicationFactory
from committee import services as committee_services
from committee.models import Document
from committee.tests.factories import committee_with
from core.ezd import NDAP
from core.models import EzdCaseSign
from core.services import ezd_case_sign_set
from entities.forms import EntityForm
from entities.validators import validate_edelivery_address

pytestmark = pytest.mark.django_db

SCHEMA = etree.XMLSchema(etree.parse(str(Path(__file__).resolve().parent.parent / "schemas/ezd/nes-subset.xsd")))
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def assert_valid_package(content: bytes) -> dict[str, etree._Element]:
    """Every document of the package has its metadata beside it, valid against the schema; returns them."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    names = set(archive.namelist())
    documents = {n for n in names if not n.endswith(".xml")}
    assert documents
    assert names == documents | {f"{n}.xml" for n in documents}
    found = {}
    for name in documents:
        assert archive.read(name).startswith(b"%PDF")
        tree = etree.fromstring(archive.read(f"{name}.xml"))
        SCHEMA.assertValid(tree)
        found[name] = tree
    return found


def _text(tree, path: str) -> str:
    return tree.findtext(path, namespaces={"n": NDAP})


@pytest.fixture
def application(staff, pes_entity):
    application = ApplicationFactory(entity=pes_entity, created_by=staff)
    attachment = Attachment(application=application, kind=Attachment.Kind.FINANCIAL_STATEMENT,
                            original_name="sprawozdanie.pdf", content_kind="pdf", size=len(PDF), uploaded_by=staff)
    attachment.file.save("a.pdf", ContentFile(PDF), save=False)
    attachment.save()
    return application


def test_an_application_package_validates_and_carries_the_case_sign(client_for, staff, application):
    client = client_for(staff)
    package_url = reverse("core:ezd_package", args=["certification.application", application.pk])
    documents = assert_valid_package(client.get(package_url).content)
    [tree] = documents.values()
    assert _text(tree, "n:tytul/n:oryginalny").endswith("sprawozdanie.pdf")
    assert _text(tree, "n:dostep/n:dostepnosc") == "metadane"
    assert tree.find("n:grupowanie", namespaces={"n": NDAP}) is None
    sign_url = reverse("core:ezd_case_sign", args=["certification.application", application.pk])
    client.post(sign_url, {"case_sign": "ROPS-II.8012.5.2026"})
    assert EzdCaseSign.objects.get().case_sign == "ROPS-II.8012.5.2026"
    [tree] = assert_valid_package(client.get(package_url).content).values()
    assert _text(tree, "n:grupowanie/n:kod") == "ROPS-II.8012.5.2026"
    page = client.get(application.get_absolute_url()).content.decode()
    assert "ROPS-II.8012.5.2026" in page


def test_a_malformed_case_sign_is_refused_with_a_message(client_for, staff, application):
    sign_url = reverse("core:ezd_case_sign", args=["certification.application", application.pk])
    response = client_for(staff).post(sign_url, {"case_sign": "sprawa 5"}, follow=True)
    assert "znak sprawy" in response.content.decode().lower()
    assert not EzdCaseSign.objects.exists()
    with pytest.raises(PermissionDenied):
        ezd_case_sign_set(obj=application, case_sign="ROPS.8012.5.2026", by=None)   # a person copies it


def test_only_staff_get_packages(client_for, member, pes, board, outsider, application):
    for user in (member, pes, board, outsider):
        client = client_for(user)
        assert client.get(reverse("core:ezd_package", args=["certification.application", application.pk])) \
            .status_code == 404
        assert client.post(reverse("core:ezd_case_sign", args=["certification.application", application.pk]),
                           {"case_sign": "ROPS.8012.5.2026"}).status_code == 404
    assert not EzdCaseSign.objects.exists()


def test_a_model_without_a_package_answers_404(client_for, staff):
    assert client_for(staff).get(reverse("core:ezd_package", args=["accounts.user", staff.pk])).status_code == 404


def test_a_resolution_package_has_the_resolution_and_its_documents(client_for, staff):
    committee, _ = committee_with(3)
    resolution = committee_services.resolution_create(committee=committee, title="Opinia o programie", by=staff)
    document = Document(committee=committee, resolution=resolution, title="Projekt programu",
                        original_name="projekt.pdf", restricted=True, uploaded_by=staff)
    document.file.save("p.pdf", ContentFile(PDF), save=False)
    document.save()
    content = client_for(staff).get(reverse("core:ezd_package", args=["committee.resolution", resolution.pk])).content
    documents = assert_valid_package(content)
    assert len(documents) == 2
    assert {_text(t, "n:dostep/n:dostepnosc") for t in documents.values()} == {"metadane"}


@pytest.mark.parametrize("value", ["AE:PL-12345-67890-ABCDE-12", "AE:PL-50419-15057-VDGUG-25"])
def test_an_edelivery_address_in_its_format_is_accepted(value):
    validate_edelivery_address(value)


@pytest.mark.parametrize("value", ["AE:PL-1234-67890-ABCDE-12", "AE:DE-12345-67890-ABCDE-12",
                                   "AE:PL-12345-67890-ABCD1-12", "jan@example.pl", "AE:PL-12345-67890-ABCDE-123"])
def test_an_edelivery_address_out_of_its_format_is_refused(value):
    with pytest.raises(ValidationError):
        validate_edelivery_address(value)


def test_the_entity_form_normalises_and_checks_the_address(pes_entity):
    data = {"name": pes_entity.name, "legal_form": pes_entity.legal_form, "is_active": "on",
            "edelivery_address": " ae:pl-12345-67890-abcde-12 "}
    form = EntityForm(data, instance=pes_entity)
    form.is_valid()
    assert "edelivery_address" not in form.errors
    assert form.cleaned_data["edelivery_address"] == "AE:PL-12345-67890-ABCDE-12"
    form = EntityForm({**data, "edelivery_address": "AE:PL-123"}, instance=pes_entity)
    form.is_valid()
    assert "edelivery_address" in form.errors

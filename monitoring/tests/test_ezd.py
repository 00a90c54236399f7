from django.urls import reverse

from tests.test_ezd import _text, assert_valid_package


def test_a_report_version_package_validates(client_for, staff, generated):
    version = generated.versions.get()
    url = reverse("core:ezd_package", args=["monitoring.reportversion", version.pk])
    [tree] = assert_valid_package(client_for(staff).get(url).content).values()
    assert _text(tree, "n:dostep/n:dostepnosc") == "wszystko"
    page = client_for(staff).get(generated.get_absolute_url()).content.decode()
    assert reverse("core:ezd_case_sign", args=["monitoring.reportversion", version.pk]) in page

"""The admin's filter of a nullable yes/no field says "dowolny", never "Nieznane"."""

import pytest
from django.urls import reverse
from django.utils import translation

from core.admin import NullableBooleanFilter

pytestmark = pytest.mark.django_db


def test_a_nullable_boolean_filter_says_any_and_not_given(client, django_user_model):
    admin_user = django_user_model.objects.create_superuser(email="root@rops.example.pl", password="x-Secret-123!")
    client.force_login(admin_user)
    with translation.override("pl"):
        page = client.get(reverse("admin:events_registration_changelist"), HTTP_ACCEPT_LANGUAGE="pl")
    text = page.content.decode()
    assert page.status_code == 200
    assert "dowolny" in text
    assert "nie podano" in text
    assert "Nieznane" not in text


def test_the_filter_is_registered_for_nullable_booleans_only():
    from django.contrib.admin.filters import FieldListFilter

    from events.models import Registration

    attended = Registration._meta.get_field("attended")
    chosen = next(cls for test, cls in FieldListFilter._field_list_filters if test(attended))
    assert chosen is NullableBooleanFilter

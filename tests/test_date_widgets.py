"""Every date and time field of every form renders its value the way ``<input type="date">`` and
``<input type="datetime-local">`` accept it (ISO), so an edit form saved untouched keeps its dates.

A value in the Polish display format inside a date input is dropped by the browser and the date is stored as
NULL (it happened to the entity's registration date, recommendation dates, the Sejmik submission date and a
member's appointment). ``core.widgets`` is the one pair of widgets; this test finds any form that does not use it.
"""

import importlib
import pkgutil
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.conf import settings
from django.utils import timezone, translation

from core.widgets import DateInput, DateTimeInput

WARSAW = ZoneInfo("Europe/Warsaw")
PROJECT_APPS = ["core", "accounts", "entities", "programmes", "committee", "certification", "events", "monitoring"]


def _project_form_classes() -> list[type[forms.BaseForm]]:
    for app in PROJECT_APPS:
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{app}."):
            if ".tests" in info.name or ".migrations" in info.name or ".management" in info.name:
                continue
            importlib.import_module(info.name)
    found, todo = [], [forms.BaseForm]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            if sub.__module__.split(".", 1)[0] in PROJECT_APPS and ".tests" not in sub.__module__:
                found.append(sub)
    return found


def _date_fields():
    for form_class in _project_form_classes():
        for name, field in getattr(form_class, "base_fields", {}).items():
            if isinstance(field, forms.DateField | forms.DateTimeField) and not isinstance(field.widget,
                                                                                         forms.HiddenInput):
                yield f"{form_class.__module__}.{form_class.__qualname__}.{name}", field


def test_the_search_finds_the_project_forms():
    names = {f"{c.__module__}.{c.__qualname__}" for c in _project_form_classes()}
    assert "entities.forms.EntityForm" in names


@pytest.mark.parametrize(("label", "field"), list(_date_fields()), ids=lambda v: v if isinstance(v, str) else "")
def test_every_date_field_uses_the_iso_widget(label, field):
    expected = DateTimeInput if isinstance(field, forms.DateTimeField) else DateInput
    assert isinstance(field.widget, expected), f"{label} uses {type(field.widget).__name__}"


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_a_stored_date_renders_as_the_browser_accepts_it(language):
    with translation.override(language):
        rendered_date = DateInput().render("d", date(2021, 6, 26))
        moment = datetime(2026, 12, 1, 9, 5, tzinfo=WARSAW)
        rendered_datetime = DateTimeInput().render("t", timezone.localtime(moment))
    assert 'value="2021-06-26"' in rendered_date
    assert 'type="date"' in rendered_date
    assert 'value="2026-12-01T09:05"' in rendered_datetime


def test_an_iso_value_is_parsed_back_to_the_same_date():
    field = forms.DateField(widget=DateInput())
    with translation.override("pl"):
        assert field.clean("2021-06-26") == date(2021, 6, 26)


@pytest.mark.parametrize("label", [
    "entities.forms.EntityForm.registered_on", "certification.forms.RecommendationForm.issued_on",
    "monitoring.forms.ReportTransitionForm.sejmik_submitted_on", "committee.forms.AppointForm.appointed_on",
    "events.forms.EventForm.starts_at",
])
def test_the_dates_once_wiped_on_save_are_among_those_checked(label):
    assert label in {name for name, _field in _date_fields()}

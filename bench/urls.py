"""The benchmark's URLs (bench/run.py): the application's, and two signed-in pages that do nothing of their own,
to measure what every signed-in page costs before its content, in the same rounds as the registry and its floor.

- ``bench/nothing/``: the middleware, the session, the user and their access (the registry's permission check),
  and an empty answer;
- ``bench/empty/``: the same, and the base template with an empty content block (the navigation of the user's
  roles, the session dialog, the footer), as every page of the back office is written.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import include, path

EMPTY = engines["django"].from_string('{% extends "base.html" %}{% block title %}–{% endblock %}')


@login_required
def nothing(request: HttpRequest) -> HttpResponse:
    request.user.has_perm("entities.list_entities")
    return HttpResponse("")


@login_required
def empty(request: HttpRequest) -> HttpResponse:
    request.user.has_perm("entities.list_entities")
    return HttpResponse(EMPTY.render({}, request))


urlpatterns = [
    path("bench/nothing/", nothing, name="bench_nothing"),
    path("bench/empty/", empty, name="bench_empty"),
    path("", include("config.urls")),
]

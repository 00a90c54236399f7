"""The API tested from its own OpenAPI description (schemathesis, through the WSGI application: no server).

Every operation gets generated requests, valid and invalid; each answer must be no server error, a status code
and content type the description lists, and a body matching the documented schema. In the normal suite a few
examples per operation, generated at random ("fuzzing"); .ci/run raises the number and adds the systematic
"coverage" phase (every boundary and every kind of invalid value of every parameter):
OPENDATA_SCHEMATHESIS_EXAMPLES=50 OPENDATA_SCHEMATHESIS_PHASES=examples,coverage,fuzzing."""

import json
import os

import pytest
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings

from config.wsgi import application

EXAMPLES = int(os.environ.get("OPENDATA_SCHEMATHESIS_EXAMPLES", "5"))
PHASES = os.environ.get("OPENDATA_SCHEMATHESIS_PHASES", "fuzzing").split(",")


def _description() -> dict:
    """The description /api/schema.json serves, generated at collection (it reads no data)."""
    return json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))


schema = schemathesis.openapi.from_dict(_description())
schema.app = application
schema.config.phases.update(phases=PHASES)


@pytest.fixture
def _wsgi_in_the_test_transaction(settings):
    """Requests go through the real WSGI handler; like Django's test client, keep it from closing the database
    connection at the end of each request (that would end the test's transaction). All generated requests come
    from one client, so the rate limit is lifted."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    settings.OPENDATA_ANON_RATE = "100000/minute"
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.usefixtures("world", "_wsgi_in_the_test_transaction")
@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_the_api_keeps_to_its_description(case):
    case.call_and_validate()

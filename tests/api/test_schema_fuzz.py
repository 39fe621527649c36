"""The JSON API fuzzed from its own OpenAPI schema (schemathesis): whatever the schema
allows a client to send, the API answers without a server error, and its answers match
the schema."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings


@pytest.fixture
def api_schema(seed_archive):
    from libya_archive.wsgi import application

    return schemathesis.openapi.from_wsgi("/api/schema/", application)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_answers_what_its_schema_allows_and_as_it_says(case):
    case.call_and_validate()

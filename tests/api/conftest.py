"""Helpers of the API tests: tokens, and a client whose every answer is checked against the
OpenAPI document the API publishes (/api/v1/openapi.json)."""

import json

import jsonschema
import pytest
from django.test import Client

from consult.integrations.services import integration_token_create
from consult.models import IntegrationScope, IntegrationToken, Membership

ALL_SCOPES = list(IntegrationScope.values)
_DOCUMENT: dict = {}


def openapi_document() -> dict:
    if not _DOCUMENT:
        _DOCUMENT.update(Client().get("/api/v1/openapi.json").json())
    return _DOCUMENT


def check_against_schema(method: str, path: str, response) -> None:
    """The answer's status is one the document lists for the operation, and its body is valid
    against that status's schema (refusals included)."""
    document = openapi_document()
    operation = document["paths"][path][method.lower()]
    listed = operation["responses"]
    assert str(response.status_code) in listed, (response.status_code, sorted(listed))
    schema = listed[str(response.status_code)]["content"]["application/json"]["schema"]
    # "#/components/…" references resolve against the document's components.
    rooted = {**schema, "components": document["components"]}
    jsonschema.validate(
        json.loads(response.content),
        rooted,
        cls=jsonschema.Draft202012Validator,
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )


class ApiClient:
    """Calls the API as an OA would: JSON body, bearer token, a language."""

    def __init__(self, secret: str | None, language: str = "en"):
        # An OA has no CSRF cookie: the API must not ask for one.
        self.client = Client(enforce_csrf_checks=True)
        self.secret = secret
        self.language = language

    def _headers(self) -> dict:
        headers = {"HTTP_ACCEPT_LANGUAGE": self.language}
        if self.secret:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {self.secret}"
        return headers

    def post(self, path: str, body=None, *, raw: str | None = None):
        data = raw if raw is not None else json.dumps(body if body is not None else {})
        url = "/api/v1" + path
        response = self.client.post(url, data, content_type="application/json", **self._headers())
        check_against_schema("post", url, response)
        return response


@pytest.fixture
def token_for(demo, member):
    """token_for(scopes, enterprise=demo) → (IntegrationToken, secret)."""

    def _make(scopes=ALL_SCOPES, enterprise=None) -> tuple[IntegrationToken, str]:
        created = integration_token_create(
            enterprise=enterprise or demo,
            by=member("union_chair").user,
            name="企业OA",
            scopes=list(scopes),
        )
        return created.token, created.secret

    return _make


@pytest.fixture
def api(token_for):
    """api(scopes=…, language="en", enterprise=None) → an ApiClient with a new token."""

    def _api(scopes=ALL_SCOPES, language="en", enterprise=None) -> ApiClient:
        return ApiClient(token_for(scopes, enterprise)[1], language)

    return _api


@pytest.fixture
def worker(member) -> Membership:
    """The demo employee, with a 工号 as the roster gives one."""
    membership = member("employee")
    membership.employee_no = "E1024"
    membership.save(update_fields=["employee_no"])
    return membership

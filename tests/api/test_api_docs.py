"""The API page and the OpenAPI document it is generated from, served by the app itself."""

import re

from django.test import Client

from consult.models import IntegrationScope

OPERATIONS = {
    ("/api/v1/grievances/", "post"),
    ("/api/v1/grievances/mine/", "post"),
    ("/api/v1/anonymous/", "post"),
    ("/api/v1/track/", "post"),
}


def test_the_document_lists_every_operation_with_its_token_and_refusals(db):
    document = Client().get("/api/v1/openapi.json").json()
    listed = {(path, method) for path, item in document["paths"].items() for method in item}
    assert listed == OPERATIONS
    for path, method in OPERATIONS:
        operation = document["paths"][path][method]
        assert operation["security"] == [{"TokenAuth": []}]
        assert {"400", "401", "403", "404", "429"} <= set(operation["responses"])
    assert document["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"


def test_every_scope_has_an_operation(db):
    # A scope the chair can give must be usable: the operations name theirs in their docstrings.
    document = Client().get("/api/v1/openapi.json").json()
    text = str(document["paths"])
    for scope in IntegrationScope.values:
        assert f"scope {scope}" in text, scope


def test_the_api_page_loads_nothing_from_another_host(db):
    page = Client().get("/api/v1/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/") for s in sources), sources
    assert "cdn" not in html.lower()
    for source in sources:
        assert Client().get(source).status_code == 200, source


def test_the_chairs_page_links_the_api_page(login):
    assert (
        'href="/api/v1/docs/"' in login("union_chair").get("/e/demo/integrations/").content.decode()
    )


def test_the_api_page_names_files_a_deployed_server_has(production_static, db):
    html = Client().get("/api/v1/docs/").content.decode()
    sources = re.findall(r'(?:src|href)="/static/([^"]+)"', html)
    assert any(s.startswith("ninja/swagger-ui-bundle.") for s in sources), sources
    for source in sources:
        assert (production_static / source).is_file(), source

"""Django admin never lets someone narrow a list by a requester's identity they may not see:
query-string lookups, list filters, search and sorting, on every registered admin page."""

from urllib.parse import urlencode

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import ForeignObjectRel
from django.test import RequestFactory
from django.urls import reverse

from grievances import services
from grievances.models import Disclosure, Grievance, Kind

# The fields that identify a requester (DESIGN.md), and what a lookup may reach them through.
IDENTITY = {
    ("grievances.grievance", "requester"),
    ("grievances.grievance", "requester_name"),
    ("grievances.grievance", "requester_phone"),
    ("grievances.grievance", "requester_unit"),
    ("grievances.grievanceevent", "actor"),
    ("grievances.attachment", "uploaded_by"),
    ("grievances.attachment", "original_name"),
    ("grievances.attachment", "file"),
    ("grievances.registerrow", "name"),
}
# Staff users who may enter admin but may not see protected identities.
ROLES = ["admin_head", "admin_deputy", "union_staff"]
MAX_DEPTH = 4


def _is_identity(field) -> bool:
    forward = field.field if isinstance(field, ForeignObjectRel) else field
    return (forward.model._meta.label_lower, forward.name) in IDENTITY


def _paths(model, depth=1, prefix="", seen=()):
    """(path, touches identity) for every field path from `model`, following relations;
    beyond the second step only paths that still lead to an identity field are kept."""
    for field in model._meta.get_fields():
        if getattr(field, "related_name", None) == "+" or not hasattr(field, "name"):
            continue
        path = f"{prefix}{field.name}"
        identity = _is_identity(field)
        yield path, identity
        if identity or not field.is_relation or field.related_model is None:
            continue
        if depth >= MAX_DEPTH or field.related_model in seen:
            continue
        for sub, sub_identity in _paths(
            field.related_model, depth + 1, f"{path}__", (*seen, model)
        ):
            if depth < 2 or sub_identity:
                yield sub, sub_identity


@pytest.fixture
def items(make_item, member, demo):
    confidential = make_item("opinion_signed", disclosure=Disclosure.CONFIDENTIAL)
    for username, content in (("employee_rep", "班车太少"), ("union_staff", "更衣柜不够")):
        named = services.grievance_submit(
            enterprise=demo,
            by=member(username).user,
            kind=Kind.GRIEVANCE,
            content=content,
            disclosure=Disclosure.NAMED,
        )
        services.grievance_verify(grievance=named, by=member("union_staff").user)
    services.grievance_submit_anonymous(enterprise=demo, kind=Kind.GRIEVANCE, content="夜班太累")
    confidential.refresh_from_db()
    assert confidential.requester_name and confidential.requester_unit_id
    return confidential


def _value(model, path, confidential):
    if model is Grievance:
        found = Grievance.objects.filter(pk=confidential.pk).values_list(path, flat=True).first()
    else:
        rows = model._default_manager.filter(**{f"{path}__isnull": False})
        found = rows.values_list(path, flat=True).first()
    return "1" if found is None else str(found)


def _changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def test_identity_lookups_are_refused_on_every_admin_page_for_every_role(login, items):
    confidential = items
    checked_on_grievances = 0
    for role in ROLES:
        client = login(role)
        for model in admin.site._registry:
            url = _changelist(model)
            if client.get(url).status_code != 200:
                continue  # no admin page for this role: nothing to narrow
            for path, identity in _paths(model):
                if not identity:
                    continue
                query = {path: _value(model, path, confidential)}
                response = client.get(f"{url}?{urlencode(query)}")
                assert response.status_code == 400, (role, model.__name__, path)
                if model is Grievance:
                    checked_on_grievances += 1
    assert checked_on_grievances >= 3 * len(ROLES)


def test_first_character_of_the_name_does_not_single_out_the_confidential_item(login, items):
    confidential = items
    url = _changelist(Grievance)
    for role in ROLES:
        client = login(role)
        for query in (
            {"requester_name__startswith": confidential.requester_name[0]},
            {"requester_phone": confidential.requester_phone},
            {"requester": confidential.requester_id},
            {"requester_unit__id__exact": confidential.requester_unit_id},
            {"events__actor": confidential.requester_id},
            {"q": confidential.requester_name},
        ):
            response = client.get(f"{url}?{urlencode(query)}")
            if response.status_code == 200:
                listed = list(response.context["cl"].result_list)
                assert listed != [confidential], (role, query)
            else:
                assert response.status_code == 400, (role, query)


def test_plain_lookups_still_work_for_management(login, items):
    response = login("admin_head").get(f"{_changelist(Grievance)}?status=opinion_signed")
    assert response.status_code == 200
    assert items in response.context["cl"].result_list


def test_union_chair_may_narrow_by_identity(login, items):
    query = {"requester_name__startswith": items.requester_name[0]}
    response = login("union_chair").get(f"{_changelist(Grievance)}?{urlencode(query)}")
    assert response.status_code == 200
    assert items in response.context["cl"].result_list


def test_no_filter_search_or_sort_offers_an_identity_field(member, items):
    factory = RequestFactory()
    for role in ROLES:
        request = factory.get("/admin/")
        request.user = member(role).user
        for model, model_admin in admin.site._registry.items():
            offered = [
                *model_admin.get_search_fields(request),
                *model_admin.get_sortable_by(request),
                *(model_admin.get_ordering(request) or ()),
                *(f if isinstance(f, str) else f[0] for f in _string_filters(model_admin, request)),
            ]
            touched = [p for p in offered if isinstance(p, str) and _touches(model, p)]
            assert touched == [], (role, model.__name__, touched)


def _string_filters(model_admin, request):
    return [f for f in model_admin.get_list_filter(request) if isinstance(f, str | tuple | list)]


def _touches(model, path):
    identity = dict(_paths(model))
    parts = path.lstrip("-^=@").split("__")
    return any(identity.get("__".join(parts[:n])) for n in range(1, len(parts) + 1))


def test_superuser_is_refused_identity_lookups_too(client, items):
    User = get_user_model()
    root = User.objects.create_superuser("root", "root@example.invalid", "root-pass-2026")
    client.force_login(root)
    query = {"requester_name__startswith": items.requester_name[0]}
    assert client.get(f"{_changelist(Grievance)}?{urlencode(query)}").status_code == 400
    query = {"grievances": items.pk}
    assert client.get(f"{_changelist(User)}?{urlencode(query)}").status_code == 400

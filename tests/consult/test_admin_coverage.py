import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

APPS = ["consult", "grievances", "meetings", "supervision", "surveys", "ledger"]
# Numbering counters are machinery, not records anyone reads.
INTERNAL = {"grievances.GrievanceCounter", "meetings.MeetingCounter"}


def _in_admin():
    shown = set(admin.site._registry)
    for model_admin in admin.site._registry.values():
        shown |= {inline.model for inline in model_admin.inlines}
        # Inlines chosen per request are declared on the class for the union office.
    from grievances.admin import AttachmentInline, GrievanceEventInline

    shown |= {AttachmentInline.model, GrievanceEventInline.model}
    return shown


def test_every_model_has_an_admin_page_or_inline():
    shown = _in_admin()
    missing = [
        m._meta.label
        for app in APPS
        for m in apps.get_app_config(app).get_models()
        if m not in shown and m._meta.label not in INTERNAL
    ]
    assert missing == []


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["union_chair", "admin_deputy", "admin_head"])
def test_every_admin_list_opens_for_staff_or_is_hidden(login, username):
    client = login(username)
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert client.get(url).status_code in (200, 403), url

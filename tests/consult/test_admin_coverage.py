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


# Who opens each admin list. Staff accounts are the union office and the two heads of
# management; everyone else is sent to the admin's login page (302). A model missing here
# fails the test below: decide who reads it and add it.
SUPERUSER_ONLY = {
    "auth.Group",
    "auth.User",
    "consult.ActivationCode",
    "consult.CalendarOverride",
    "consult.Federation",
    "consult.FederationMembership",
}
# Personal data and secrets: the chair (identity access, message channels), not union staff.
CHAIR_ONLY = {
    "consult.Delivery",
    "consult.DeliveryPreference",
    "consult.IdentityView",
    "consult.IntegrationToken",
    "consult.Messenger",
    "consult.RosterChange",
    "consult.RosterImport",
    "ledger.HistoricalItem",
    "ledger.HistoryImport",
}
# Management reads the items and topics it approves (requesters shown by the identity rule).
MANAGEMENT_TOO = {"grievances.Grievance", "grievances.Topic"}
UNION_OFFICE = {
    "consult.AuditEvent",
    "consult.Category",
    "consult.Channel",
    "consult.Department",
    "consult.Enterprise",
    "consult.ImplementationNotice",
    "consult.LeadingGroup",
    "consult.Membership",
    "consult.Notification",
    "consult.OrgUnit",
    "grievances.CollectionRegister",
    "ledger.LedgerPreference",
    "meetings.Decision",
    "meetings.Meeting",
    "meetings.Participant",
    "supervision.Bulletin",
    "supervision.Task",
    "surveys.Answer",
    "surveys.SurveyRound",
}


def _expected(label: str, username: str) -> int:
    if username in ("dept_head", "employee", "federation"):
        return 302  # not staff: the admin's login page
    if label in SUPERUSER_ONLY:
        return 403
    if label in CHAIR_ONLY:
        return 200 if username == "union_chair" else 403
    if label in MANAGEMENT_TOO:
        return 200
    assert label in UNION_OFFICE, f"{label}: say in this test who reads it"
    return 200 if username in ("union_chair", "union_staff") else 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    "username",
    ["union_chair", "union_staff", "admin_deputy", "admin_head", "dept_head", "employee"],
)
def test_each_admin_list_answers_each_role_as_its_table_says(login, username):
    client = login(username)
    found = {}
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        found[model._meta.label] = client.get(url).status_code
    assert found == {label: _expected(label, username) for label in found}

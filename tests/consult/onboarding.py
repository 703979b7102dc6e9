"""Helpers of the accounts tests: a federation with its office, an enterprise it brought in,
issued codes and activation through the pages."""

import re

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from consult.accounts import services
from consult.models import Federation, FederationMembership, Membership

PASSWORD = "Sturdy-pass-2026"  # passes Django's validators
CODE_RE = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")


def federation_with_office(name="蒙阴县总工会", phone="13900000001"):
    """A federation (the demo's when it exists) with an activated office account; returns
    (federation, office membership, client logged in as the office)."""
    federation = Federation.objects.filter(name=name).first()
    if federation is None:
        federation = Federation.objects.create(name=name)
    office, code = services.federation_office_account_create(
        federation=federation, name="张办", phone=phone
    )
    client = Client()
    activate(client, office.user.username, code)
    return federation, office, client


def activate(client, login, code, password=PASSWORD, **extra):
    return client.post(
        reverse("activate"),
        {"login": login, "code": code, "password1": password, "password2": password},
        **extra,
    )


def new_enterprise(
    federation, by, *, code="acme", name="蒙阴罐头食品有限公司", phone="13900000002"
):
    """An enterprise brought in by the office; returns (enterprise, chair membership, code)."""
    return services.enterprise_create(
        federation=federation,
        name=name,
        code=code,
        parent=None,
        chair_name="李主席",
        chair_phone=phone,
        chair_employee_no="",
        by=by,
    )


def add_worker(enterprise, employee_no, *, name="王工", phone="", unit=None):
    """A person as the roster import creates them: `<code>-<工号>`, no e-mail, no password."""
    user = get_user_model().objects.create(
        username=f"{enterprise.code}-{employee_no}".lower(), last_name=name[:1], first_name=name[1:]
    )
    user.set_unusable_password()
    user.save()
    membership = Membership.objects.create(
        user=user, enterprise=enterprise, employee_no=employee_no, phone=phone, unit=unit
    )
    membership.roles.create(role="employee")
    return membership


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def office_of(federation) -> FederationMembership:
    return FederationMembership.objects.filter(
        federation=federation, role="federation_office"
    ).first()

"""The installation admin's other way in: Django admin's federation memberships, with an
action that issues codes and prints the slips."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from consult.models import ActivationCode, Federation, FederationMembership
from consult.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(settings):
    settings.SECURE_SSL_REDIRECT = False
    user = get_user_model().objects.create_superuser("root", password="Root-pass-2026")
    client = Client()
    client.force_login(user)
    return client


def test_the_admin_action_prints_slips_for_the_chosen_office_accounts(superuser_client, demo):
    federation = Federation.objects.create(name="沂南县总工会")
    user = get_user_model().objects.create(
        username="fed-admin-made", last_name="赵", first_name="办"
    )
    row = FederationMembership.objects.create(
        user=user, federation=federation, role=Role.FEDERATION_OFFICE, phone="13800005555"
    )
    url = reverse("admin:consult_federationmembership_changelist")
    response = superuser_client.post(
        url, {"action": "print_activation_slips", "_selected_action": [row.pk]}
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert ActivationCode.objects.open().filter(user=user).count() == 1


def test_only_the_superuser_sees_activation_codes_in_admin(login, demo):
    url = reverse("admin:consult_activationcode_changelist")
    assert login("union_chair").get(url).status_code == 403

import pytest
from django.urls import reverse

from consult.models import Channel, Membership

pytestmark = pytest.mark.django_db


def test_union_chair_admin_lists_only_own_enterprises_memberships(login, demo):
    page = login("union_chair").get(reverse("admin:consult_membership_changelist"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "蒙阴示范机械有限公司" in text
    assert "蒙阴示范食品有限公司" not in text


def test_another_enterprises_object_is_not_reachable_in_admin(login, demo_b):
    foreign = Channel.objects.filter(enterprise=demo_b).first()
    response = login("union_chair").get(reverse("admin:consult_channel_change", args=[foreign.pk]))
    # Django admin answers "does not exist" with a redirect to the index; never the data.
    assert response.status_code in (302, 404)
    assert foreign.value not in response.content.decode()


def test_nothing_can_be_deleted_from_admin(login, demo):
    channel = Channel.objects.filter(enterprise=demo).first()
    response = login("union_chair").post(
        reverse("admin:consult_channel_delete", args=[channel.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert Channel.objects.filter(pk=channel.pk).exists()


def test_employee_cannot_enter_admin(login, demo):
    response = login("employee").get(reverse("admin:index"))
    assert response.status_code == 302  # to the admin login


def test_only_the_chair_may_designate_identity_access_in_admin(login, member, demo):
    staff = member("union_staff")
    url = reverse("admin:consult_membership_change", args=[staff.pk])
    assert login("admin_deputy").get(url).status_code == 403  # memberships are the union's
    page = login("union_staff").get(url)
    assert page.status_code == 200
    assert 'name="identity_access"' not in page.content.decode()
    page = login("union_chair").get(url)
    assert 'name="identity_access"' in page.content.decode()


def test_chairs_designation_is_recorded_as_an_event(login, member, demo):
    from consult.models import AuditEvent
    from consult.services import membership_set_identity_access

    staff = member("union_staff")
    chair = Membership.objects.get(user__username="union_chair", enterprise=demo).user
    membership_set_identity_access(membership=staff, allowed=True, by=chair)
    staff.refresh_from_db()
    assert staff.identity_access
    assert AuditEvent.objects.filter(action="identity_access_granted", actor=chair).exists()


def test_chair_designates_union_staff_in_the_app_and_it_is_logged(login, member, demo):
    from consult.models import AuditEvent

    staff = member("union_staff")
    client = login("union_chair")
    response = client.post(
        reverse("identity_access", args=["demo"]), {"membership": staff.pk, "allowed": "1"}
    )
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.identity_access
    assert AuditEvent.objects.filter(target_id=staff.pk, action="identity_access_granted").exists()


def test_only_union_staff_can_be_designated(login, member, demo):
    head = member("dept_head")
    response = login("union_chair").post(
        reverse("identity_access", args=["demo"]), {"membership": head.pk, "allowed": "1"}
    )
    assert response.status_code == 404
    head.refresh_from_db()
    assert not head.identity_access


def test_union_staff_cannot_designate_themselves(login, member, demo):
    staff = member("union_staff")
    response = login("union_staff").post(
        reverse("identity_access", args=["demo"]), {"membership": staff.pk, "allowed": "1"}
    )
    assert response.status_code == 403
    staff.refresh_from_db()
    assert not staff.identity_access


def test_garbage_membership_id_is_a_404_not_a_500(login, demo):
    response = login("union_chair").post(
        reverse("identity_access", args=["demo"]), {"membership": "1 OR 1=1", "allowed": "1"}
    )
    assert response.status_code == 404


def test_union_chair_sees_and_edits_a_members_roles_in_admin(login, member, demo):
    staff = member("union_staff")
    page = (
        login("union_chair")
        .get(reverse("admin:consult_membership_change", args=[staff.pk]))
        .content.decode()
    )
    assert 'name="roles-TOTAL_FORMS"' in page

"""What every signed-in page pays before its own work (issue 22 point 5): the session, the
person (with whether they hold a federation role) and their memberships (with their roles and
the unread count), three queries; and the public page's two. Nothing of it is kept between
requests: a role taken away or a notification read shows on the next page."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from consult.models import Channel, FederationMembership, MembershipRole, Notification
from consult.roles import Role

LIST = "/e/demo/grievances/all/"


def _queries(client, url) -> list[str]:
    client.get(url)  # the session is written once a minute: warm it first
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


def _touching(queries, table) -> list[int]:
    return [i for i, sql in enumerate(queries) if f'"{table}"' in sql]


def test_a_signed_in_page_reads_session_person_roles_and_unread_count_in_three_queries(login):
    queries = _queries(login("union_staff"), LIST)
    assert _touching(queries, "django_session") == [0]
    assert _touching(queries, "auth_user") == [1]
    # Whether the person holds a federation role is read with the person, and no more.
    assert _touching(queries, "consult_federationmembership") == [1]
    # Their memberships, roles and unread notifications: one query.
    assert _touching(queries, "consult_membership")[0] == 2
    assert _touching(queries, "consult_membershiprole") == [2]
    assert _touching(queries, "consult_notification") == [2]


def test_the_header_count_and_the_roles_are_read_again_on_every_request(demo, member, login):
    staff = member("union_staff")
    client = login("union_staff")
    Notification.objects.create(enterprise=demo, recipient=staff.user, subject="新通知")
    assert 'badge bg-warning text-dark">1<' in client.get(LIST).content.decode()
    Notification.objects.filter(recipient=staff.user).update(read_at=timezone.now())
    assert 'badge bg-warning text-dark">' not in client.get(LIST).content.decode()
    MembershipRole.objects.filter(membership=staff, role=Role.UNION_STAFF).delete()
    assert client.get(LIST).status_code == 403


def test_a_federation_role_given_is_seen_on_the_next_request(demo, user, login):
    federation_user = user("federation")
    client = login("federation")
    home = reverse("enterprise_home", args=["demo"])  # the assessor's aggregate-only entry
    assert client.get(home).status_code == 200
    FederationMembership.objects.filter(user=federation_user).delete()
    assert client.get(home).status_code == 404


def test_the_public_page_costs_two_queries_and_shows_a_channel_edit_at_once(demo, login):
    visitor = Client()
    queries = _queries(visitor, "/s/demo/")
    assert len(queries) == 2  # the enterprise and its published bulletins
    assert not _touching(queries, "consult_channel")  # the channels come from the cache
    channel = Channel.objects.filter(enterprise=demo, is_active=True).first()
    channel.value = "工会主席信箱（新）"
    channel.save()
    assert "工会主席信箱（新）" in visitor.get("/s/demo/").content.decode()

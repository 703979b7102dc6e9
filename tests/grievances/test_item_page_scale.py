"""The item page at scale (issue 12): the timeline shows the newest 50 events and says how many
earlier ones it leaves out, in as many queries whatever the timeline's length; merging a
duplicate takes the target's number instead of a list of every item of the enterprise."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consult.models import display_name
from grievances import services
from grievances.models import Grievance, GrievanceEvent, Status
from grievances.timeline import TIMELINE_PAGE


def _add_events(g, count, *, public=lambda i: True, word="事件"):
    GrievanceEvent.objects.bulk_create(
        GrievanceEvent(
            grievance=g,
            actor=g.requester,
            action="topic_assigned",
            note=f"{word}{i:03d}",
            public=public(i),
        )
        for i in range(count)
    )


def _notes(html: str, word="事件") -> list[str]:
    return re.findall(rf"{word}\d{{3}}", html)


def _earlier(html: str) -> int | None:
    found = re.search(r'id="earlier-events">[^<\d]*(\d+)', html)
    return int(found.group(1)) if found else None


def test_a_long_timeline_shows_the_newest_50_oldest_first_and_says_how_many_are_left_out(
    demo, login, make_item
):
    g = make_item("classified")
    _add_events(g, 120)
    total = g.events.count()
    html = login("union_staff").get(f"/e/demo/grievances/{g.pk}/").content.decode()
    # The newest 50 are the last 50 added, shown oldest first.
    assert _notes(html) == [f"事件{i:03d}" for i in range(70, 120)]
    assert _earlier(html) == total - TIMELINE_PAGE
    # An absolute link: the page may also be a refused step's answer at …/verify/.
    assert f'href="/e/demo/grievances/{g.pk}/?events=all#timeline"' in html


def test_the_link_shows_every_event(demo, login, make_item):
    g = make_item("classified")
    _add_events(g, 120)
    html = login("union_staff").get(f"/e/demo/grievances/{g.pk}/?events=all").content.decode()
    assert _notes(html) == [f"事件{i:03d}" for i in range(120)]
    assert _earlier(html) is None


def test_a_short_timeline_shows_everything_without_the_line(demo, login, make_item):
    g = make_item("classified")
    _add_events(g, 10)
    html = login("union_staff").get(f"/e/demo/grievances/{g.pk}/").content.decode()
    assert _notes(html) == [f"事件{i:03d}" for i in range(10)]
    assert _earlier(html) is None and "?events=all" not in html


# Staff: 11 with the check that the handling departments have a head (issue 18 point 9). The
# item has no tasks, survey rounds, attachments or merged items: the item's own query says so
# and those four are not read (grievances.sections.has_part; 15 and 9 before).
@pytest.mark.parametrize(("username", "queries"), [("union_staff", 11), ("employee", 6)])
def test_the_query_count_does_not_grow_with_the_timeline(demo, login, make_item, username, queries):
    short, long = make_item("classified"), make_item("classified")
    _add_events(short, 10)
    _add_events(long, 120)
    client = login(username)
    client.get(f"/e/demo/grievances/{short.pk}/")  # warm up: the session is saved once
    counts = []
    for g in (short, long):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/e/demo/grievances/{g.pk}/").status_code == 200
        counts.append(len(ctx))
    # Staff see the classify form (categories, departments, suggestions) besides the timeline.
    assert counts == [queries, queries]


def test_the_requester_sees_only_public_events_and_the_count_of_their_earlier_ones(
    demo, login, make_item
):
    g = make_item("classified")
    _add_events(g, 60, public=lambda i: i % 2 == 0, word="公开")
    _add_events(g, 60, public=lambda i: False, word="内部")
    html = login("employee").get(f"/e/demo/grievances/{g.pk}/").content.decode()
    assert _notes(html, "内部") == []
    public_total = g.events.filter(public=True).count()
    shown = _notes(html, "公开")
    assert shown == [f"公开{i:03d}" for i in range(0, 60, 2)][-len(shown) :]
    assert _earlier(html) == (
        public_total - TIMELINE_PAGE if public_total > TIMELINE_PAGE else None
    )
    staff_html = login("union_staff").get(f"/e/demo/grievances/{g.pk}/").content.decode()
    assert _notes(staff_html, "内部")[-1] == "内部059"


# --- merging a duplicate by number -----------------------------------------------------------


def test_merging_by_number_merges_into_that_item(demo, login, make_item):
    survivor = make_item("verified", content="食堂排队时间长")
    duplicate = make_item("submitted", content="食堂排队太久")
    response = login("union_staff").post(
        f"/e/demo/grievances/{duplicate.pk}/verify/",
        {"outcome": "duplicate", "duplicate_of": f" {survivor.number} "},
    )
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.status == Status.MERGED and duplicate.merged_into == survivor


@pytest.mark.parametrize("target", ["unknown", "garbage", "itself", "ended", "other enterprise"])
def test_a_bad_number_is_refused_with_400_and_nothing_changes(
    demo, demo_b, login, member, make_item, target
):
    from tests import factories

    duplicate = make_item("submitted")
    if target == "unknown":
        number = f"{duplicate.year}-9999"
    elif target == "garbage":
        number = "第三条"
    elif target == "itself":
        number = duplicate.number
    elif target == "ended":
        ended = make_item("submitted")
        services.grievance_reject(grievance=ended, by=member("union_staff").user, reason="重复")
        number = ended.number
    else:
        foreign = factories.grievance("submitted", enterprise=demo_b)
        Grievance.objects.filter(pk=foreign.pk).update(serial=9876)
        foreign.refresh_from_db()
        assert not Grievance.objects.filter(
            enterprise=demo, year=foreign.year, serial=foreign.serial
        ).exists()
        number = foreign.number
    events_before = GrievanceEvent.objects.count()
    response = login("union_staff").post(
        f"/e/demo/grievances/{duplicate.pk}/verify/",
        {"outcome": "duplicate", "duplicate_of": number},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'name="duplicate_of"' in html and "invalid-feedback" in html
    duplicate.refresh_from_db()
    assert duplicate.status == Status.SUBMITTED and duplicate.merged_into is None
    assert GrievanceEvent.objects.count() == events_before


def test_merging_without_a_number_is_refused(demo, login, make_item):
    duplicate = make_item("submitted")
    response = login("union_staff").post(
        f"/e/demo/grievances/{duplicate.pk}/verify/", {"outcome": "duplicate", "duplicate_of": ""}
    )
    assert response.status_code == 400
    duplicate.refresh_from_db()
    assert duplicate.status == Status.SUBMITTED


def test_the_verify_form_suggests_a_few_open_items_not_every_item(demo, login, member, make_item):
    g = make_item("submitted")
    others = [make_item("submitted", content=f"宿舍热水{i}") for i in range(22)]
    ended = others[-1]
    services.grievance_reject(grievance=ended, by=member("union_staff").user, reason="重复")
    html = login("union_staff").get(f"/e/demo/grievances/{g.pk}/").content.decode()
    datalist = re.search(r'<datalist id="merge-candidates">(.*?)</datalist>', html, re.S).group(1)
    offered = re.findall(r'<option value="([\d-]+)"', datalist)
    assert len(offered) == 20
    assert g.number not in offered and ended.number not in offered
    assert offered[0] == others[-2].number  # the newest open item first
    assert 'list="merge-candidates"' in html


@pytest.mark.parametrize("outcome", ["authentic", "unfounded"])
def test_text_left_in_the_merge_field_does_not_stop_another_outcome(
    demo, login, make_item, outcome
):
    """The merge number belongs to the merge: text typed there, before the outcome was
    changed, is ignored when the item is accepted or rejected (issue 19, point 7)."""
    g = make_item("submitted")
    response = login("union_staff").post(
        f"/e/demo/grievances/{g.pk}/verify/",
        {"outcome": outcome, "reason": "不属于受理范围", "duplicate_of": "第三条"},
    )
    assert response.status_code == 302
    g.refresh_from_db()
    assert g.status == {"authentic": Status.VERIFIED, "unfounded": Status.REJECTED}[outcome]
    assert g.merged_into is None


def test_an_item_with_departments_reads_them_and_their_answers_once(demo, login, make_item):
    """The page, the answers' list and "who acts next" share one read of each (issue 22)."""
    g = make_item("routed_department")
    client = login("union_staff")
    client.get(f"/e/demo/grievances/{g.pk}/")
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(f"/e/demo/grievances/{g.pk}/").content.decode()
    sql = [q["sql"] for q in ctx.captured_queries]
    assert len([q for q in sql if 'FROM "grievances_departmentanswer"' in q]) == 1
    assert len([q for q in sql if 'INNER JOIN "grievances_grievance_departments"' in q]) == 1
    assert "人力资源部" in html


@pytest.mark.parametrize(("later_events", "signer_queries"), [(0, 0), (TIMELINE_PAGE, 1)])
def test_who_signed_and_approved_is_not_joined_nor_read_twice(
    demo, login, make_item, later_events, signer_queries
):
    """The item's query joins no signer's account (each join lengthened PostgreSQL's planning
    of the page's heaviest query). Who signed and approved are the actors of those steps on
    the timeline and are not read again; when the timeline no longer shows those steps, one
    query reads them. Either way the page names them."""
    g = make_item("routed_department")
    assert g.opinion_by_id and g.approved_by_id
    _add_events(g, later_events)
    client = login("union_staff")
    client.get(f"/e/demo/grievances/{g.pk}/")
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(f"/e/demo/grievances/{g.pk}/").content.decode()
    sql = [q["sql"] for q in ctx.captured_queries]
    item = [q for q in sql if q.startswith('SELECT "grievances_grievance"."id"') and "LIMIT" in q]
    assert len(item) == 1 and item[0].count('JOIN "auth_user"') == 1  # the requester only
    signers = [q for q in sql if 'FROM "auth_user" WHERE "auth_user"."id" IN' in q]
    assert len(signers) == signer_queries
    assert re.search(rf"签字人 {display_name(g.opinion_by)} \d{{4}}-", html)
    assert re.search(rf"审批人 {display_name(g.approved_by)} \d{{4}}-", html)

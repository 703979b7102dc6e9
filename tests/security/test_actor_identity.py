"""Who acted is shown by the identity rule (CONVENTIONS rule 18, issue 19).

The walk: a requester with a name and a login that appear nowhere else (甄秘密,
`qx-canary-7`) is made the actor of one event of every type of every flow — the grievance's
own types, and every type registered for the audit table (topics, registers, meetings,
supervision, surveys, set-up), enumerated from the registries so that a new type is walked
too — on objects serving their item, for a 实名 and a 保密 item. Then every page that shows
those events (the item's page and its admin page, the task, the survey round and the meeting
pages, the audit list and each audit event's admin page) is read as every role, and the name
must be beside each event exactly where the rule allows: 实名 for the union, the approving
managers and the routed department; 保密 for the chair and designated staff on the item's own
pages; nobody else. The login is never shown as an actor.
"""

import datetime
import html
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone, translation

from consult.events import (
    AccountEvent,
    IntegrationEvent,
    MessagingEvent,
    RosterEvent,
    SetupEvent,
    audit_event_types,
    audit_label,
)
from consult.models import AuditEvent, Category, Department, Membership, MembershipRole, OrgUnit
from consult.roles import Role
from grievances import services as grievance_services
from grievances.events import PUBLIC_EVENTS, GrievanceEventType, RegisterEvent, TopicEvent
from grievances.models import CollectionRegister, Disclosure, GrievanceEvent, Kind
from meetings import services as meeting_services
from meetings.events import MeetingEvent
from supervision import services as supervision_services
from supervision.events import SupervisionEvent
from supervision.models import Task
from surveys.events import SurveyEvent
from surveys.models import SurveyRound

PASSWORD = "demo-pass-2026"
NAME, LOGIN = "甄秘密", "qx-canary-7"
# A participant's own answer to a meeting's invitation and their sign-in: the roster names
# them to the same readers, so these events always name their actor (grievances.actors).
ROSTER = {
    MeetingEvent.RSVP_CONFIRMED,
    MeetingEvent.LEAVE_REQUESTED,
    MeetingEvent.SIGNED_IN,
    MeetingEvent.SIGN_IN_UNDONE,
}
# Who may identify a requester (DESIGN.md), as the readers of this module are called.
NAMED_SEE = {"union_staff", "designated", "union_chair", "admin_head", "admin_deputy", "dept_head"}
CONFIDENTIAL_SEE = {"designated", "union_chair"}  # on the item's own pages only
READERS = [
    "requester",
    "employee",
    "employee_rep",
    "union_staff",
    "designated",
    "union_chair",
    "admin_head",
    "admin_deputy",
    "dept_head",
    "other_head",
    "supervisor",
    "root",
]


def may_identify(reader: str, disclosure: str, *, own_page: bool) -> bool:
    if reader == "requester":
        return True
    if disclosure == Disclosure.NAMED:
        return reader in NAMED_SEE
    return own_page and reader in CONFIDENTIAL_SEE


# -- the people and the objects -----------------------------------------------------------------


def _user(username, last, first, enterprise, roles, *, department=None, **membership):
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, last_name=last, first_name=first, is_staff=True
    )
    m = Membership.objects.create(
        user=user, enterprise=enterprise, department=department, **membership
    )
    for role in roles:
        MembershipRole.objects.create(membership=m, role=role)
    return user


@pytest.fixture
def people(demo):
    User = get_user_model()
    found = {name: User.objects.get(username=name) for name in READERS if name in _DEMO}
    found["requester"] = _user(
        LOGIN,
        "甄",
        "秘密",
        demo,
        [Role.EMPLOYEE],
        unit=OrgUnit.objects.filter(enterprise=demo, name="一班").first(),
        phone="13900001111",
    )
    found["designated"] = _user(
        "designated", "钱", "可见", demo, [Role.UNION_STAFF], identity_access=True
    )
    found["other_head"] = _user(
        "other_head",
        "孔",
        "财",
        demo,
        [Role.DEPT_HEAD],
        department=Department.objects.get(enterprise=demo, name="财务部"),
    )
    found["root"] = User.objects.create_superuser("root", password=PASSWORD)
    return found


_DEMO = {
    "employee",
    "employee_rep",
    "union_staff",
    "union_chair",
    "admin_head",
    "admin_deputy",
    "dept_head",
    "supervisor",
}


def _routed(demo, people, *, disclosure, route, content):
    staff, hr = people["union_staff"], Department.objects.get(enterprise=demo, name="人力资源部")
    g = grievance_services.grievance_submit(
        enterprise=demo,
        by=people["requester"],
        kind=Kind.GRIEVANCE,
        content=content,
        disclosure=disclosure,
    )
    grievance_services.grievance_verify(grievance=g, by=staff)
    grievance_services.grievance_classify(
        grievance=g,
        by=staff,
        category=Category.objects.filter(enterprise=demo, parent__isnull=False).first(),
        departments=[hr],
        responsible_person="郑芳",
    )
    grievance_services.grievance_sign_opinion(
        grievance=g, by=people["union_chair"], route=route, opinion="按程序办理"
    )
    grievance_services.grievance_approve_routing(grievance=g, by=people["admin_deputy"])
    return g, hr


def surveyed_item(demo, people, disclosure):
    """The requester's item on the department path: answered, its task reported, the
    requester told, its first survey round open."""
    g, hr = _routed(demo, people, disclosure=disclosure, route="department", content="食堂价格偏高")
    today = timezone.localdate()
    grievance_services.grievance_answer(
        grievance=g, by=people["dept_head"], department=hr, measures="下月起调整", due=today
    )
    task = Task.objects.get(grievances=g)
    supervision_services.task_report(
        task=task,
        by=people["dept_head"],
        department=hr,
        outcome="done",
        text="已办结",
        completed_on=today,
    )
    supervision_services.requester_tell(
        task=task, grievance=g, by=people["union_staff"], method="phone", text="已办结"
    )
    g.refresh_from_db()
    return g, task, SurveyRound.objects.get(grievance=g)


def decided_item(demo, people, disclosure):
    """The requester's item on the meeting path: in a topic that a meeting (held today) decided,
    with the meeting's bulletin drafted."""
    g, hr = _routed(demo, people, disclosure=disclosure, route="meeting", content="加班费核算")
    chair, today = people["union_chair"], timezone.localdate()
    topic = grievance_services.topic_create(
        enterprise=demo, by=people["union_staff"], title="加班费核算", grievances=[g]
    )
    meeting = meeting_services.meeting_create(
        enterprise=demo,
        by=chair,
        kind="special",
        date=today,
        time=datetime.time(0, 0),  # started already, so it can be marked held
        place="三楼会议室",
        host=chair,
        reply_by=today,
    )
    meeting_services.meeting_add_topic(meeting=meeting, topic=topic, by=chair)
    meeting_services.participants_propose(meeting=meeting, by=chair)
    meeting_services.notice_submit(meeting=meeting, by=chair)
    meeting_services.notice_approve(meeting=meeting, by=people["admin_head"])
    meeting_services.minutes_save(
        meeting=meeting,
        by=chair,
        items=[
            {
                "item": meeting.items.get(),
                "statement": "请求解决",
                "reply": "同意办理",
                "decision": "按期落实",
                "departments": [hr],
                "responsible_person": "钱经理",
                "deadline": today + datetime.timedelta(days=20),
                "summary": "按期落实",
            }
        ],
        head_remarks="抓紧落实。",
    )
    meeting_services.meeting_mark_held(meeting=meeting, by=chair)
    meeting_services.minutes_finalise(meeting=meeting, by=chair)
    bulletin = supervision_services.bulletin_draft(meeting=meeting, by=people["union_staff"])
    g.refresh_from_db()
    return g, topic, meeting, bulletin


# -- the walk --------------------------------------------------------------------------------


def _audit_targets(demo, people, task, survey_round, topic, meeting, bulletin):
    """Every registered audit event type → the object its events are recorded on here.

    Set-up and account events and a unit's register serve no item with a requester account;
    every other object here serves the requester's item."""
    register = CollectionRegister.objects.create(
        enterprise=demo,
        unit=OrgUnit.objects.filter(enterprise=demo).first(),
        keeper=people["union_staff"],
    )
    by_enum = {
        SetupEvent: lambda action: demo,
        AccountEvent: lambda action: demo,  # accounts and roles serve no item
        RosterEvent: lambda action: demo,  # nor do the roster and the message channels
        MessagingEvent: lambda action: demo,
        IntegrationEvent: lambda action: demo,  # API tokens serve no item either
        TopicEvent: lambda action: topic,
        RegisterEvent: lambda action: register,
        MeetingEvent: lambda action: meeting,
        SupervisionEvent: lambda action: bulletin if action.startswith("bulletin_") else task,
        SurveyEvent: lambda action: survey_round,
    }
    # A type registered by an app that this walk does not know fails here: walk it too.
    assert set(audit_event_types()) <= set(by_enum), set(audit_event_types()) - set(by_enum)
    return [
        (action, by_enum[enum](action)) for enum in audit_event_types() for action in enum.values
    ], {demo, register}


def walk(demo, people, disclosure):
    """One event of every type with the requester as actor; the objects they are on."""
    requester = people["requester"]
    g, task, survey_round = surveyed_item(demo, people, disclosure)
    g2, topic, meeting, bulletin = decided_item(demo, people, disclosure)
    for action in GrievanceEventType.values:
        GrievanceEvent.objects.create(
            grievance=g,
            actor=requester,
            action=action,
            from_status=g.status,
            to_status=g.status,
            public=action in PUBLIC_EVENTS,
            note=f"walk:{action}",
        )
    audit = {}
    targets, no_item = _audit_targets(demo, people, task, survey_round, topic, meeting, bulletin)
    for action, target in targets:
        audit[action] = AuditEvent.objects.create(
            enterprise=demo,
            actor=requester,
            target_type=target._meta.label_lower,
            target_id=target.pk,
            action=action,
            note=f"walk:{action}",
        )
        audit[action].serves_item = target not in no_item
    return {"g": g, "task": task, "round": survey_round, "meeting": meeting, "audit": audit}


# -- reading the pages -----------------------------------------------------------------------


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def _section(page: str, start: str, end: str) -> str:
    assert start in page, start
    return page.split(start, 1)[1].split(end, 1)[0]


def _strong(label):
    return lambda row: f"<strong>{html.escape(label)}</strong>" in row


def _part(label):
    return lambda row: label in [p.strip() for p in _text(row).split("·")]


def _cell(label):
    return lambda row: (
        label in [_text(c).strip() for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)]
    )


def _labels(enum_values, label_of):
    with translation.override("zh-hans"):
        labels = {action: str(label_of(action)) for action in enum_values}
    assert len(set(labels.values())) == len(labels), "two types of one page share a label"
    return labels


class Page:
    """A page showing events: where its timeline is, how a row is split out and matched."""

    def __init__(self, url, start, end, row, match, *, own_page=False):
        self.url, self.start, self.end = url, start, end
        self.row, self.match, self.own_page = row, match, own_page

    def rows(self, page: str) -> list[str]:
        return re.findall(self.row, _section(page, self.start, self.end), re.S)


LI, TR = r"<li.*?</li>", r"<tr.*?</tr>"


def _client(client, reader):
    assert client.login(username=reader if reader != "requester" else LOGIN, password=PASSWORD)
    return client


def _check(client, reader, disclosure, page: Page, labels: dict, expected_types):
    """Read `page` as `reader`: each event type of `expected_types` (those this reader is
    shown) names the requester exactly when the rule allows."""
    response = client.get(page.url)
    if response.status_code in (403, 404, 302):
        return False
    assert response.status_code == 200, (reader, page.url, response.status_code)
    # Pickers list every member, the requester among them (they single nobody out).
    body = re.sub(r"<select.*?</select>", "", response.content.decode(), flags=re.S)
    allowed = may_identify(reader, disclosure, own_page=page.own_page)
    if page.start not in body:  # the page shows this reader no events
        assert allowed or (NAME not in body and LOGIN not in body), (reader, page.url)
        return False
    rows = page.rows(body)
    for action in expected_types:
        found = [r for r in rows if page.match(labels[action])(r)]
        assert found, (reader, page.url, action, "event not shown")
        named = any(NAME in r for r in found)
        assert named == (allowed or action in ROSTER), (
            reader,
            disclosure,
            page.url,
            action,
        )
        assert all(LOGIN not in r for r in found), (reader, page.url, action)
    if not allowed and not (set(expected_types) & ROSTER):
        assert NAME not in body and LOGIN not in body, (reader, page.url)
    return True


@pytest.mark.parametrize("disclosure", [Disclosure.NAMED, Disclosure.CONFIDENTIAL])
def test_every_event_type_names_the_requester_only_where_the_identity_rule_allows(
    demo, people, disclosure, client
):
    objects = walk(demo, people, disclosure)
    g, task, survey_round, meeting = (objects[k] for k in ("g", "task", "round", "meeting"))
    grievance_labels = _labels(GrievanceEventType.values, lambda a: GrievanceEventType(a).label)
    by_target = {
        "task": [a for a in SupervisionEvent.values if not a.startswith("bulletin_")],
        "round": list(SurveyEvent.values),
        "meeting": list(MeetingEvent.values),
    }
    pages = [
        (
            Page(
                f"/e/demo/grievances/{g.pk}/",
                'id="timeline"',
                '<div class="col-lg-5">',
                LI,
                _strong,
                own_page=True,
            ),
            grievance_labels,
            "grievance",
        ),
        (
            Page(
                f"/admin/grievances/grievance/{g.pk}/change/",
                'id="events-group"',
                "</table>",
                TR,
                _cell,
                own_page=True,
            ),
            grievance_labels,
            "admin",
        ),
        (
            Page(
                f"/e/demo/supervision/tasks/{task.pk}/",
                '<ol class="list-group list-group-numbered mb-4">',
                "</ol>",
                LI,
                _strong,
            ),
            _labels(by_target["task"], audit_label),
            "task",
        ),
        (
            Page(
                f"/e/demo/surveys/{survey_round.pk}/",
                '<ul class="small list-unstyled">',
                "</ul>",
                LI,
                _part,
            ),
            _labels(by_target["round"], audit_label),
            "round",
        ),
        (
            Page(
                f"/e/demo/meetings/{meeting.pk}/",
                '<ul class="list-unstyled small">',
                "</ul>",
                LI,
                _part,
            ),
            _labels(by_target["meeting"], audit_label),
            "meeting",
        ),
    ]
    read = set()
    for reader in READERS:
        c = _client(client, reader)
        for page, labels, kind in pages:
            if kind in ("grievance", "admin"):
                staff = reader not in ("requester", "employee", "employee_rep", "other_head")
                shown = [a for a in labels if staff or a in PUBLIC_EVENTS]
            else:
                shown = by_target[kind]
            if _check(c, reader, disclosure, page, labels, shown):
                read.add((reader, kind))
        c.logout()
    # The timelines were read, not refused: by whom each page shows its events to.
    assert read >= {
        *((r, "grievance") for r in NAMED_SEE | {"requester", "supervisor"}),
        *((r, "admin") for r in ("union_staff", "designated", "union_chair", "root")),
        *(
            (r, kind)
            for r in ("union_staff", "union_chair", "supervisor", "dept_head")
            for kind in ("task", "round")
        ),
        *((r, "meeting") for r in ("union_staff", "designated", "union_chair")),
    }, read


def _audit_expected(reader, disclosure, event) -> bool:
    return (
        not event.serves_item  # set-up, a register: no item of theirs
        or event.action in ROSTER
        or (reader != "root" and may_identify(reader, disclosure, own_page=False))
    )


@pytest.mark.parametrize("disclosure", [Disclosure.NAMED, Disclosure.CONFIDENTIAL])
def test_the_audit_list_and_each_audit_events_admin_page_follow_the_rule_too(
    demo, people, disclosure, client
):
    events = walk(demo, people, disclosure)["audit"]
    # Each event's own admin page, as undesignated union staff (named: shown; 保密: hidden).
    c = _client(client, "union_staff")
    for event in events.values():
        body = c.get(f"/admin/consult/auditevent/{event.pk}/change/").content.decode()
        actor = _section(body, "field-actor", "</div>\n")
        assert (NAME in actor) == _audit_expected("union_staff", disclosure, event), event.action
        assert LOGIN not in body, event.action
    c.logout()
    # The list, object by object, as everyone who may open it (admin_head may not).
    targets = {(e.target_type, e.target_id) for e in events.values()}
    read = set()
    for reader in ["union_staff", "designated", "union_chair", "admin_head", "root"]:
        c = _client(client, reader)
        for target_type, target_id in targets:
            listing = c.get(
                f"/admin/consult/auditevent/?target_type={target_type}&target_id={target_id}"
            )
            if listing.status_code == 403:
                continue
            body = listing.content.decode()
            rows = re.findall(TR, _section(body, 'id="result_list"', "</table>"))
            for event in (e for e in events.values() if e.target_type == target_type):
                with translation.override("zh-hans"):
                    label = str(audit_label(event.action))
                found = [r for r in rows if _cell(label)(r)]  # the walk's and earlier ones
                named = any(NAME in r for r in found)
                assert named == _audit_expected(reader, disclosure, event), (
                    reader,
                    event.action,
                )
            assert LOGIN not in body, reader
            read.add(reader)
        c.logout()
    assert read == {"union_staff", "designated", "union_chair", "root"}

"""The seeding half of bench/scale.py: organisations, then grievances with the rows of every
step they passed (events, topics, meetings, tasks, visits, notices) written by COPY, then survey
rounds by INSERT … SELECT. Called after django.setup()."""

from __future__ import annotations

import random
import time
from datetime import date, datetime, timedelta
from datetime import time as dtime
from zoneinfo import ZoneInfo

from bench.scale_copy import copy_rows, next_id, reset_sequences
from bench.scale_data import (
    AGENDA_FIELDS,
    CATEGORIES,
    CHAIN,
    CONTENT,
    DECISION_FIELDS,
    DEPARTMENTS,
    ENDS,
    EVENT_FIELDS,
    GRIEVANCE_FIELDS,
    MEETING_CHAIN,
    MEETING_FIELDS,
    MIX,
    ROLES,
    SURVEY_SQL,
    TASK_FIELDS,
    TOLD_FIELDS,
    TOPIC_FIELDS,
    VISIT_FIELDS,
)

TZ = ZoneInfo("Asia/Shanghai")


PASSWORD = "bench-pass-2026"


def seeded_size() -> tuple[int, int]:
    from consult.models import Enterprise
    from grievances.models import Grievance

    return (
        Enterprise.objects.filter(code__startswith="bench-").count(),
        Grievance.objects.filter(enterprise__code__startswith="bench-").count(),
    )


class Org:
    """One bench enterprise's ids."""

    def __init__(self, enterprise, users, departments, categories, employees):
        self.enterprise = enterprise
        self.users = users  # role -> user id
        self.departments = departments  # ids
        self.categories = categories  # leaf ids
        self.employees = employees  # user ids


def seed_organisations(n_enterprises: int) -> list[Org]:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from consult.models import (
        Category,
        Department,
        Enterprise,
        Federation,
        FederationMembership,
        Membership,
        MembershipRole,
    )

    User = get_user_model()
    password = make_password(PASSWORD)
    federation, _ = Federation.objects.get_or_create(name="基准县总工会")
    fed_user, made = User.objects.get_or_create(username="bench_federation")
    if made:
        fed_user.password = password
        fed_user.save()
        FederationMembership.objects.create(user=fed_user, federation=federation)
    enterprises = Enterprise.objects.bulk_create(
        Enterprise(
            name=f"基准企业{i:04d}有限公司",
            code=f"bench-{i:04d}",
            federation=federation,
            union_office_address="行政楼三楼工会办公室",
        )
        for i in range(1, n_enterprises + 1)
    )
    departments = Department.objects.bulk_create(
        Department(enterprise=e, name=name) for e in enterprises for name in DEPARTMENTS
    )
    parents = Category.objects.bulk_create(
        Category(enterprise=e, name=name, order=i)
        for e in enterprises
        for i, name in enumerate(CATEGORIES)
    )
    leaves = Category.objects.bulk_create(
        Category(enterprise=p.enterprise, parent=p, name=child, order=j)
        for p in parents
        for j, child in enumerate(CATEGORIES[p.name])
    )
    users = User.objects.bulk_create(
        User(
            username=f"{e.code}_{role}{'' if role != 'employee' else k}",
            password=password,
            last_name="测",
            first_name=f"{role[:2]}{k}",
        )
        for e in enterprises
        for role in ROLES
        for k in range(1 if role != "employee" else 20)
    )
    by_username = {u.username: u for u in users}
    dept_of = {}
    for d in departments:
        dept_of.setdefault(d.enterprise_id, []).append(d)
    memberships = []
    for e in enterprises:
        for role in ROLES:
            for k in range(1 if role != "employee" else 20):
                u = by_username[f"{e.code}_{role}{'' if role != 'employee' else k}"]
                memberships.append(
                    Membership(
                        user=u,
                        enterprise=e,
                        department=dept_of[e.pk][0] if role == "dept_head" else None,
                        phone=f"139{u.pk:08d}"[-11:],
                        identity_access=role == "union_chair",
                    )
                )
    memberships = Membership.objects.bulk_create(memberships)
    MembershipRole.objects.bulk_create(
        MembershipRole(
            membership=m,
            role=m.user.username.split("_", 1)[1].rstrip("0123456789"),
        )
        for m in memberships
    )
    leaves_of = {}
    for c in leaves:
        leaves_of.setdefault(c.enterprise_id, []).append(c.pk)
    orgs = []
    for e in enterprises:
        orgs.append(
            Org(
                e,
                {r: by_username[f"{e.code}_{r}"].pk for r in ROLES if r != "employee"},
                [d.pk for d in dept_of[e.pk]],
                leaves_of[e.pk],
                [by_username[f"{e.code}_employee{k}"].pk for k in range(20)],
            )
        )
    return orgs


def _status_for(rng: random.Random, age_days: int) -> str:
    # Items younger than a quarter are rarely closed; older ones mostly are.
    status = rng.choices([s for s, _ in MIX], [w for _, w in MIX])[0]
    if age_days < 30 and status in {"closed", "informed"}:
        return rng.choice(["routed_department", "answered", "verified", "submitted"])
    return status


def seed_grievances(orgs: list[Org], total: int, years: int) -> None:
    from grievances.models import Grievance, GrievanceCounter, GrievanceEvent, Topic
    from meetings.models import AgendaItem, Decision, Meeting, MeetingCounter
    from supervision.models import RequesterTold, Task, TrackingVisit

    rng = random.Random(20261125)
    today = date.today()
    first_year = today.year - years + 1
    per_org = max(1, total // len(orgs))
    g_id = next_id(Grievance)
    t_id = next_id(Topic)
    m_id = next_id(Meeting)
    d_id = max(next_id(Decision), next_id(AgendaItem))
    task_id = next_id(Task)
    grievances, events, depts, topics, meetings, decisions = [], [], [], [], [], []
    agenda = []
    tasks, task_links, visits, told, counters, meeting_counters = [], [], [], [], [], []
    now = datetime.now(TZ)

    def flush():
        copy_rows(Meeting, MEETING_FIELDS, meetings)
        copy_rows(Topic, TOPIC_FIELDS, topics)
        copy_rows(AgendaItem, AGENDA_FIELDS, agenda)
        copy_rows(Decision, DECISION_FIELDS, decisions)
        copy_rows(Grievance, GRIEVANCE_FIELDS, grievances)
        copy_rows(Grievance.departments.through, ["grievance", "department"], depts)
        copy_rows(GrievanceEvent, EVENT_FIELDS, events)
        copy_rows(Task, TASK_FIELDS, tasks)
        copy_rows(Task.grievances.through, ["task", "grievance"], task_links)
        copy_rows(TrackingVisit, VISIT_FIELDS, visits)
        copy_rows(RequesterTold, TOLD_FIELDS, told)
        for lst in (
            grievances,
            events,
            depts,
            topics,
            meetings,
            agenda,
            decisions,
            tasks,
            task_links,
            visits,
            told,
        ):
            lst.clear()

    started = time.monotonic()
    for n_org, org in enumerate(orgs):
        e = org.enterprise
        for year in range(first_year, today.year + 1):
            n = per_org // years
            year_start = datetime(year, 1, 1, 8, tzinfo=TZ)
            year_end = min(datetime(year, 12, 31, 18, tzinfo=TZ), now - timedelta(hours=1))
            span = (year_end - year_start).total_seconds()
            stamps = sorted(year_start + timedelta(seconds=rng.random() * span) for _ in range(n))
            # One consultation meeting per quarter that has begun, deciding one topic each.
            quarter_topics = {}
            n_meetings = 0
            for q in range(4):
                day = date(year, q * 3 + 3, 20)
                if day >= today:
                    continue
                n_meetings += 1
                meetings.append(
                    (
                        m_id,
                        e.pk,
                        year,
                        n_meetings,
                        "special",
                        day,
                        dtime(14, 30),
                        "行政楼二楼会议室",
                        "minutes_final",
                        "",
                        "",
                        f"bench{m_id}",
                        now,
                        org.users["union_staff"],
                        "",  # the consultation meetings' series
                        "",
                        "",
                    )
                )
                topics.append(
                    (
                        t_id,
                        e.pk,
                        f"{year}年第{q + 1}季度议题",
                        CONTENT[q],
                        org.categories[q % 6],
                        "",
                        "",
                        "closed",
                        org.users["union_staff"],
                        now,
                    )
                )
                agenda.append(
                    (
                        d_id,
                        m_id,
                        t_id,
                        1,
                        "职工代表陈述诉求。",
                        "行政方答复按期整改。",
                        "按期整改，督办落实。",
                        "",
                        day + timedelta(days=30),
                        "同意。",
                    )
                )
                decisions.append(
                    (
                        d_id,
                        m_id,
                        d_id,
                        t_id,
                        "按期整改，督办落实。",
                        "",
                        day + timedelta(days=30),
                        now,
                    )
                )
                quarter_topics[q] = (t_id, m_id, d_id, day)
                t_id += 1
                m_id += 1
                d_id += 1
            meeting_counters.append((e.pk, year, n_meetings))
            for serial, at in enumerate(stamps, start=1):
                age = (now - at).days
                status = _status_for(rng, age)
                quarter = (at.month - 1) // 3
                via_meeting = (
                    quarter in quarter_topics and rng.random() < 0.12 and status not in ENDS
                )
                chain = MEETING_CHAIN if via_meeting else CHAIN
                disclosure = rng.choices(["named", "confidential", "anonymous"], [5, 2, 3])[0]
                requester = rng.choice(org.employees) if disclosure != "anonymous" else None
                category = org.categories[rng.randrange(6)]
                dept = org.departments[rng.randrange(len(org.departments))]
                topic = quarter_topics[quarter][0] if via_meeting else None
                if status in ENDS:
                    action, end, keep = ENDS[status]
                    steps = chain[:keep] + [(action, end)]
                else:
                    final = status
                    if via_meeting and status in {"routed_department", "answered"}:
                        final = "decided"
                    elif not via_meeting and status in {"routed_meeting", "decided"}:
                        final = "answered"
                    targets = [s for _, s in chain]
                    steps = chain[: targets.index(final) + 1]
                final_status = steps[-1][1]
                content = CONTENT[serial % len(CONTENT)]
                categorised = len(steps) > 2 and final_status not in ENDS
                grievances.append(
                    (
                        g_id,
                        e.pk,
                        year,
                        serial,
                        "grievance",
                        "online" if requester is None else "talk",
                        disclosure,
                        final_status,
                        "",
                        f"{serial}号：{content}",
                        at,
                        requester,
                        "" if requester is None else "测试职工",
                        "" if requester is None else "13900000000",
                        category if categorised else None,
                        "" if not categorised else ("meeting" if via_meeting else "department"),
                        topic,
                        "",
                        now,
                        now,
                        "",
                        "",
                        "同意转职能部门办理。" if categorised else "",
                        "",
                        "",
                    )
                )
                if categorised:
                    depts.append((g_id, dept))
                t = at
                prev = ""
                actor = org.users["union_staff"]
                for action, to in steps:
                    events.append(
                        (
                            g_id,
                            None if action == "submitted" else actor,
                            action,
                            prev,
                            to,
                            "",
                            action in {"submitted", "informed", "closed"},
                            "{}",
                            "{}",
                            t,
                        )
                    )
                    prev = to or prev
                    t += timedelta(hours=rng.randint(4, 60))
                if final_status in {"reported", "informed", "closed"} and not via_meeting:
                    deadline = (at + timedelta(days=20)).date()
                    done = (at + timedelta(days=rng.randint(5, 30))).date()
                    tstat = "reported" if final_status == "reported" else "informed"
                    tasks.append(
                        (
                            task_id,
                            e.pk,
                            "direct",
                            None,
                            None,
                            content[:30],
                            content,
                            dept,
                            "",
                            at.date(),
                            deadline,
                            tstat,
                            0,
                            "",
                            "done",
                            "已按要求完成。",
                            done,
                            done + timedelta(days=3),
                            now,
                            None,
                            done,
                            done + timedelta(days=6),
                            None if tstat == "reported" else done + timedelta(days=5),
                            now,
                        )
                    )
                    task_links.append((task_id, g_id))
                    for v in range(rng.choice([0, 1, 1, 2])):
                        visits.append(
                            (
                                task_id,
                                at.date() + timedelta(days=7 * (v + 1)),
                                "site",
                                "工会",
                                "",
                                "",
                                "现场查看，正在整改。",
                                "in_progress",
                                actor,
                                now,
                            )
                        )
                    if tstat == "informed":
                        told.append(
                            (task_id, g_id, "phone", now, "已电话告知办理结果。", actor, now)
                        )
                    task_id += 1
                g_id += 1
            counters.append((e.pk, year, n))
            if len(grievances) >= 20000:
                flush()
        if n_org % 10 == 9:
            done = (n_org + 1) * per_org
            rate = done / max(time.monotonic() - started, 0.001)
            print(
                f"  {n_org + 1}/{len(orgs)} enterprises, ~{done:,} grievances ({rate:,.0f}/s)",
                flush=True,
            )
    flush()
    # Meeting decisions become tasks too (one per decided topic).
    GrievanceCounter.objects.bulk_create(
        GrievanceCounter(enterprise_id=e, year=y, last=n) for e, y, n in counters
    )
    MeetingCounter.objects.bulk_create(
        MeetingCounter(enterprise_id=e, year=y, last=n) for e, y, n in meeting_counters
    )
    reset_sequences(
        [
            Grievance,
            GrievanceEvent,
            Topic,
            Meeting,
            AgendaItem,
            Decision,
            Task,
            TrackingVisit,
            RequesterTold,
            Grievance.departments.through,
            Task.grievances.through,
        ]
    )


def seed_surveys() -> None:
    from django.db import connection, transaction

    from surveys.models import SurveyRound

    if SurveyRound.objects.filter(enterprise__code__startswith="bench-").exists():
        return
    with transaction.atomic(), connection.cursor() as c:
        for sql in SURVEY_SQL:
            c.execute(sql)
    with connection.cursor() as c:
        c.execute("ANALYZE")  # without statistics the planner scans every enterprise's answers


def long_timeline(org: Org, events: int = 300) -> int:
    """One item with a long history (many attachments cleared, notes, visits)."""
    from grievances.models import Grievance, GrievanceEvent

    g = Grievance.objects.filter(enterprise=org.enterprise).order_by("-pk").first()
    at = g.received_at
    GrievanceEvent.objects.bulk_create(
        GrievanceEvent(
            grievance=g,
            actor_id=org.users["union_staff"],
            action="attachment_added",
            note=f"第{i}次补充材料",
            data={},
            changes={},
            created_at=at,
        )
        for i in range(events)
    )
    return g.pk

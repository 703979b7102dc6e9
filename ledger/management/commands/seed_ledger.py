"""Step 8 examples: the four quarters before the current one, with items in `demo` and
`demo-b` that went through every step (named, confidential and anonymous requesters; the
department path and the meeting path; clocks met and missed; a rejection; an escalation; the
leading group's quarterly meetings, held without topics; issued bulletins; satisfaction rounds
answered, signed by the 督办人 and reviewed by the union), so the ledgers, the dashboard and the
federation's comparison have something to show. Run after seed_supervision (bin/serve does).

Everything is made through the services of steps 3–6 at the dates it would have happened
(time travel with time-machine, a test dependency that bin/serve installs). Does nothing for
an enterprise that already has items received before the current quarter: safe to rerun.
"""

import datetime
import zoneinfo

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from consult.audit import demo_mail_discarded
from consult.models import Category, Department, Enterprise
from consult.roles import Action
from consult.selectors import members_who_may
from consult.services import notice_for_year
from consult.workdays import is_working_day
from grievances import services as g_services
from grievances.models import Grievance, Kind
from ledger.periods import Period, last_quarters
from meetings import services as m_services
from meetings.models import MeetingKind
from supervision import services as s_services
from supervision.models import Task
from surveys import services as v_services

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")

# (content, disclosure, category name, department, path, report late?) per quarter; `demo-b`
# takes the first two of each quarter only.
STORIES = [
    (
        "食堂早餐供应时间太早，夜班职工赶不上。",
        "named",
        "生活保障类",
        "后勤部",
        "department",
        False,
    ),
    (
        "车间夏季高温，希望增加防暑降温用品。",
        "confidential",
        "安全生产类",
        "安全环保部",
        "meeting",
        True,
    ),
    (
        "加班工时统计与实际不符，希望公开考勤记录。",
        "anonymous",
        "工资福利类",
        "人力资源部",
        "department",
        True,
    ),
    ("建议在装配车间试行工具定置管理。", "named", "管理建议", "生产部", "department", False),
]


def _head(department, fallback):
    """Who answers for the department: its head (seed_examples gives each department one)."""
    heads = members_who_may(
        department.enterprise, Action.ANSWER_AS_DEPARTMENT, department_ids=[department.pk]
    )
    return heads.order_by("pk").first() or fallback


def working_day_from(day: datetime.date) -> datetime.date:
    """`day`, or the first working day after it: no meeting is held on a Sunday or holiday."""
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def _at(day: datetime.date, hour: int = 10):
    import time_machine

    moment = datetime.datetime(day.year, day.month, day.day, hour, 0, tzinfo=SHANGHAI)
    return time_machine.travel(moment, tick=False)


class Command(BaseCommand):
    help = "Add items through every step across the last four quarters (idempotent)."

    def handle(self, *args, **options):
        try:
            import time_machine  # noqa: F401
        except ImportError as exc:
            raise CommandError("seed_ledger needs time-machine (pip install '.[test]').") from exc
        with demo_mail_discarded():
            for code in ("demo", "demo-b"):
                with transaction.atomic():
                    self._enterprise(code)

    def _enterprise(self, code):
        try:
            enterprise = Enterprise.objects.get(code=code)
        except Enterprise.DoesNotExist as exc:
            raise CommandError("Run `manage.py seed_demo` first.") from exc
        quarters = last_quarters(5)[:-1]  # the four before the current one
        if Grievance.objects.filter(
            enterprise=enterprise, received_at__lt=quarters[-1].next().bounds()[0]
        ).exists():
            self.stdout.write(f"{code} already has items in earlier quarters; nothing added.")
            return
        prefix = "" if code == "demo" else "b_"
        users = {
            u.username.removeprefix(prefix): u
            for u in get_user_model().objects.filter(memberships__enterprise=enterprise)
        }
        for i, period in enumerate(quarters):
            stories = STORIES if code == "demo" else STORIES[:2]
            self._quarter(enterprise, users, period, stories, escalate=code == "demo" and i == 1)
        self.stdout.write(self.style.SUCCESS(f"Four quarters of examples added to {code}."))

    def _quarter(self, enterprise, users, period: Period, stories, *, escalate: bool):
        start = period.start
        day = lambda n: start + datetime.timedelta(days=n)  # noqa: E731
        with _at(day(1)):
            notice_for_year(enterprise=enterprise, year=period.year)
        staff, chair, deputy = users["union_staff"], users["union_chair"], users["admin_deputy"]
        categories = {c.name: c for c in Category.objects.filter(enterprise=enterprise)}
        departments = {d.name: d for d in Department.objects.filter(enterprise=enterprise)}
        meeting_items = []
        for n, (content, disclosure, cat, dept, path, late) in enumerate(stories):
            with _at(day(3 + n)):
                if disclosure == "anonymous":
                    g = g_services.grievance_submit_anonymous(
                        enterprise=enterprise, kind=Kind.GRIEVANCE, content=content
                    )
                else:
                    g = g_services.grievance_submit(
                        enterprise=enterprise,
                        by=users["employee"],
                        kind=Kind.SUGGESTION if cat == "管理建议" else Kind.GRIEVANCE,
                        content=content,
                        disclosure=disclosure,
                    )
                g_services.grievance_verify(grievance=g, by=staff)
                g_services.grievance_classify(
                    grievance=g,
                    by=staff,
                    category=categories[cat],
                    departments=[departments[dept]],
                    responsible_person=f"{dept}负责人",
                )
                g_services.grievance_sign_opinion(
                    grievance=g,
                    by=chair,
                    route=path,
                    opinion="提交沟通协商会议研究。" if path == "meeting" else f"转{dept}办理。",
                )
                g_services.grievance_approve_routing(grievance=g, by=deputy)
            if path == "meeting":
                meeting_items.append((g, dept, late))
                continue
            head = _head(departments[dept], staff)
            with _at(day(8 + n)):
                g_services.grievance_answer(
                    grievance=g,
                    by=head,
                    department=departments[dept],
                    measures=f"{content[:8]}……已制定整改措施",
                    due=day(30),
                )
            task = Task.objects.get(grievances=g)
            self._finish(
                task,
                g,
                users,
                departments[dept],
                day,
                late=late,
                offset=n,
                escalate=escalate and n == len(stories) - 1,
            )
        # A rejected item, so the ledger shows one that ended without handling.
        with _at(day(12)):
            g = g_services.grievance_submit(
                enterprise=enterprise,
                by=users["employee"],
                kind=Kind.GRIEVANCE,
                content="希望公司给每位职工发放购物卡。",
                disclosure="named",
            )
            g_services.grievance_reject(
                grievance=g, by=staff, reason="不属于沟通协商范围，已向职工当面解释。"
            )
        for g, dept, late in meeting_items:
            self._meeting(enterprise, users, g, departments[dept], day, late=late)
        if enterprise.code == "demo":
            self._quarterly(enterprise, users, day)

    def _quarterly(self, enterprise, users, day):
        """The leading group's quarterly meeting and a dispatch meeting (调度会议): no topics,
        their own agenda and minutes, on working days."""
        self._rhythm(
            enterprise, users, MeetingKind.DISPATCH, day(40), "通报本月未办结诉求事项进展。"
        )
        self._rhythm(
            enterprise, users, MeetingKind.QUARTERLY, day(60),
            "听取本季度诉求办理情况汇报，督促未办结事项按期落实。",
        )  # fmt: skip

    def _rhythm(self, enterprise, users, kind, convened, text):
        chair = users["union_chair"]
        held_on = working_day_from(convened + datetime.timedelta(days=2))
        with _at(convened):
            meeting = m_services.meeting_create(
                enterprise=enterprise,
                by=chair,
                kind=kind,
                date=held_on,
                time=datetime.time(14, 0),
                place="三楼会议室",
                host=chair,
                reply_by=convened + datetime.timedelta(days=1),
            )
            m_services.participants_propose(meeting=meeting, by=chair)
            m_services.notice_submit(meeting=meeting, by=chair)
            m_services.notice_approve(meeting=meeting, by=users["admin_head"])
        with _at(held_on, hour=14):  # the members sign in as they arrive
            for participant in meeting.participants.exclude(user=chair):
                m_services.participant_sign_in(participant=participant, by=users["union_staff"])
        with _at(held_on, hour=16):
            m_services.meeting_mark_held(meeting=meeting, by=chair)
            m_services.rhythm_minutes_save(
                meeting=meeting, by=chair, text=text, head_remarks="各部门按期办结。"
            )
            m_services.minutes_finalise(meeting=meeting, by=chair)

    def _finish(self, task, g, users, department, day, *, late, offset, escalate=False):
        head = _head(department, users["union_staff"])
        done = day(20 + offset)
        with _at(day(21 + offset)):
            # What the supervisor finds is what the department then reports (an item it
            # declares impossible is not ticked 已完成).
            s_services.visit_record(
                task=task,
                by=users["supervisor"],
                visited_on=day(21 + offset),
                method="site",
                findings="本级场地、资金不具备条件。" if escalate else "现场查看，已落实。",
                status="impossible" if escalate else "done",
                union_members="赵敏",
                representatives="李四",
            )
        with _at(day(30 + offset) if late else done):
            s_services.task_report(
                task=task,
                by=head,
                department=department,
                outcome="impossible" if escalate else "done",
                text="本级不具备条件，需集团统筹。" if escalate else "已按措施落实。",
                completed_on=done,
            )
        if escalate and task.enterprise.parent_id:
            with _at(day(31 + offset)):
                s_services.task_escalate(
                    task=task,
                    by=users["union_staff"],
                    to_enterprise=task.enterprise.parent,
                    reason="需集团统筹解决",
                )
            return
        with _at(day(33 + offset) if late else day(21 + offset)):
            s_services.requester_tell(
                task=task,
                grievance=g,
                by=users["union_staff"],
                method="online" if g.disclosure == "anonymous" else "phone",
                text="已将办理结果告知。",
            )
        self._survey(g, users, day(35 + offset) if late else day(23 + offset), offset)

    def _survey(self, g, users, when, offset):
        """Step 7: everyone asked answers (the anonymous requester on /track/), the 督办人 signs
        and the chair reviews; the levels vary so the shares have something to show."""
        level = ("very_satisfied", "satisfied", "basically_satisfied")[offset % 3]
        with _at(when):
            survey_round = g.survey_rounds.get(status="open")
            for respondent in survey_round.respondents.all():
                if respondent.anonymous:
                    v_services.answer_submit(respondent=respondent, by=None, level=level)
                else:
                    v_services.answer_record(
                        respondent=respondent,
                        by=users["union_staff"],
                        level=level,
                        method="phone",
                        answered_at=None,
                    )
            v_services.round_sign(survey_round=survey_round, by=users["supervisor"])
            v_services.round_review(
                survey_round=survey_round,
                by=users["union_chair"],
                review="办理结果已向职工反馈，予以归档。",
            )

    def _meeting(self, enterprise, users, g, department, day, *, late: bool):
        chair, staff = users["union_chair"], users["union_staff"]
        held_on = working_day_from(day(25))
        with _at(day(15)):
            topic = g_services.topic_create(
                enterprise=enterprise, by=staff, title=g.content[:20], grievances=[g]
            )
            meeting = m_services.meeting_create(
                enterprise=enterprise,
                by=chair,
                kind=MeetingKind.SPECIAL,
                date=held_on,
                time=datetime.time(9, 0),
                place="三楼会议室",
                host=chair,
                reply_by=day(20),
            )
            m_services.meeting_add_topic(meeting=meeting, topic=topic, by=chair)
            m_services.participants_propose(meeting=meeting, by=chair)
            m_services.notice_submit(meeting=meeting, by=chair)
            m_services.notice_approve(meeting=meeting, by=users["admin_head"])
        with _at(held_on, hour=15):
            m_services.minutes_save(
                meeting=meeting,
                by=chair,
                items=[
                    {
                        "item": meeting.items.get(),
                        "statement": "职工反映强烈",
                        "reply": "同意解决",
                        "decision": "一个月内落实",
                        "departments": [department],
                        "responsible_person": f"{department.name}负责人",
                        "deadline": day(55),
                        "summary": "按期落实",
                    }
                ],
                head_remarks="抓紧落实。",
            )
            m_services.meeting_mark_held(meeting=meeting, by=chair)
            m_services.minutes_finalise(meeting=meeting, by=chair)
        task = Task.objects.get(decision__meeting=meeting)
        self._finish(task, g, users, department, lambda n: day(n + 25), late=late, offset=0)
        with _at(day(70)):
            bulletin = s_services.bulletin_draft(meeting=meeting, by=staff)
            s_services.bulletin_issue(bulletin=bulletin, by=staff)

"""Step 6 examples for the demo: tasks in every supervision state, a parent group company
with its union staff, an escalation, a bulletin. Run after seed_examples (bin/serve does).

Does nothing when `demo` already has tasks, so it is safe to rerun. Everything is made
through the services of steps 3–6, as a user would.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from consult.audit import demo_mail_discarded
from consult.models import Category, Department, Enterprise, Membership, MembershipRole
from consult.roles import Role
from consult.workdays import is_working_day
from grievances import services as grievance_services
from grievances.models import Kind
from meetings import services as meeting_services
from supervision import services
from supervision.models import Task


def _working_days_before(day: datetime.date, n: int) -> datetime.date:
    """The n-th working day before `day`."""
    while n:
        day -= datetime.timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def _at(day: datetime.date, hour: int):
    """Travel to `hour` o'clock of `day` in the site's time zone (the clock stands still)."""
    import time_machine

    moment = datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )
    return time_machine.travel(moment, tick=False)


class Command(BaseCommand):
    help = "Add example supervision tasks in every state to the demo enterprise (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--password", default="demo-pass-2026")

    def handle(self, *args, password, **options):
        with demo_mail_discarded():
            with transaction.atomic():
                self._add(password)

    def _add(self, password):
        try:
            demo = Enterprise.objects.get(code="demo")
        except Enterprise.DoesNotExist as exc:
            raise CommandError("Run `manage.py seed_demo` first.") from exc
        if Task.objects.filter(enterprise=demo).exists():
            self.stdout.write("demo already has supervision tasks; nothing added.")
            return
        User = get_user_model()
        users = {u.username: u for u in User.objects.filter(memberships__enterprise=demo)}
        group = self._group(demo, password)
        staff, chair, head = users["union_staff"], users["union_chair"], users["dept_head"]
        hr = Department.objects.get(enterprise=demo, name="人力资源部")
        category = Category.objects.filter(enterprise=demo, parent__isnull=False).first()
        today = timezone.localdate()

        def item(content, route, disclosure="named", anonymous=False):
            if anonymous:
                g = grievance_services.grievance_submit_anonymous(
                    enterprise=demo, kind=Kind.GRIEVANCE, content=content
                )
            else:
                g = grievance_services.grievance_submit(
                    enterprise=demo,
                    by=users["employee"],
                    kind=Kind.GRIEVANCE,
                    content=content,
                    disclosure=disclosure,
                )
            grievance_services.grievance_verify(grievance=g, by=staff)
            grievance_services.grievance_classify(
                grievance=g,
                by=staff,
                category=category,
                departments=[hr],
                responsible_person="郑芳",
            )
            grievance_services.grievance_sign_opinion(
                grievance=g, by=chair, route=route, opinion="按程序办理。"
            )
            grievance_services.grievance_approve_routing(grievance=g, by=users["admin_deputy"])
            return g

        def direct(content, **kw):
            g = item(content, "department", **kw)
            grievance_services.grievance_answer(
                grievance=g,
                by=head,
                department=hr,
                measures=f"{content[:10]}……已安排专人落实",
                due=today + datetime.timedelta(days=14),
            )
            return Task.objects.get(grievances=g)

        def report(task, text, outcome="done"):
            services.task_report(
                task=task, by=head, department=hr, outcome=outcome, text=text, completed_on=today
            )

        # Open, with the department.
        direct("车间饮水机滤芯长期未更换。")
        # Reported, waiting for the union to tell the (anonymous) requester online.
        report(direct("倒班宿舍夜间噪音大，影响休息。", anonymous=True), "已调整宿舍管理制度")
        # Told the requester (named, by phone).
        t = direct("工资条项目看不懂，希望附说明。", disclosure="confidential")
        report(t, "已在工资条背面印制各项说明")
        services.requester_tell(
            task=t, grievance=t.grievances.get(), by=staff, method="phone", text="工资条已附说明。"
        )
        # Declared impossible and handed up to the group, which answered.
        t = direct("希望厂区增设职工子女托管班。")
        report(t, "本公司暂无场地，不具备条件", outcome="impossible")
        esc = services.task_escalate(task=t, by=staff, to_enterprise=group, reason="本级无场地")
        services.escalation_answer(
            escalation=esc,
            by=User.objects.get(username="g_union_staff"),
            answer="集团将在园区统筹设立托管班。",
        )
        # Answered, but the union found the answer inadequate: the item goes to a meeting and
        # the answer's task is withdrawn.
        t = direct("夜班补贴标准多年未调整。")
        grievance_services.grievance_refer_to_meeting(
            grievance=t.grievances.get(), by=chair, note="答复未涉及标准调整，提交协商会议。"
        )
        # Handed up and still waiting at the group.
        t = direct("班车线路未覆盖新建小区。")
        services.task_escalate(task=t, by=staff, to_enterprise=group, reason="班车由集团统一调度")
        # A meeting decision: visited, reported, and a drafted bulletin. The meeting was held
        # on the last working day before today, convened three working days earlier.
        held_on = _working_days_before(today, 1)
        with _at(_working_days_before(held_on, 3), 9):
            g = item("高温天气车间降温措施不足。", "meeting")
            topic = grievance_services.topic_create(
                enterprise=demo, by=staff, title="车间防暑降温", grievances=[g]
            )
            meeting = meeting_services.meeting_create(
                enterprise=demo,
                by=chair,
                kind="special",
                date=held_on,
                time=datetime.time(9, 0),
                place="三楼会议室",
                host=chair,
                reply_by=held_on,
            )
            meeting_services.meeting_add_topic(meeting=meeting, topic=topic, by=chair)
            meeting_services.participants_propose(meeting=meeting, by=chair)
            meeting_services.notice_submit(meeting=meeting, by=chair)
            meeting_services.notice_approve(meeting=meeting, by=users["admin_head"])
        with _at(held_on, 11):
            meeting_services.meeting_mark_held(meeting=meeting, by=chair)
            meeting_services.minutes_save(
                meeting=meeting,
                by=chair,
                items=[
                    {
                        "item": meeting.items.get(),
                        "statement": "车间温度过高",
                        "reply": "加装冷风机",
                        "decision": "两周内为机加工车间加装冷风机",
                        "departments": [hr],
                        "responsible_person": "郑芳",
                        "deadline": today + datetime.timedelta(days=14),
                        "summary": "按期落实",
                    }
                ],
                head_remarks="抓紧落实。",
            )
            meeting_services.minutes_finalise(meeting=meeting, by=chair)
        t = Task.objects.get(decision__meeting=meeting)
        services.visit_record(
            task=t,
            by=users["supervisor"],
            visited_on=today,
            method="site",
            findings="冷风机已安装并运行",
            status="done",
            union_members="赵敏",
            management_members="人力资源部郑芳",
            representatives="李四",
        )
        report(t, "已加装冷风机6台")
        services.bulletin_draft(meeting=meeting, by=staff)
        self.stdout.write(self.style.SUCCESS("Supervision examples added to demo."))

    def _group(self, demo, password):
        """A group company above demo (分级负责制), with union staff `g_union_staff`."""
        group, _ = Enterprise.objects.get_or_create(
            code="group",
            defaults={
                "name": "蒙阴示范集团有限公司",
                "federation": demo.federation,
                "union_name": "蒙阴示范集团有限公司工会",
            },
        )
        if demo.parent_id != group.pk:
            demo.parent = group
            demo.save(update_fields=["parent"])
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username="g_union_staff",
            defaults={"last_name": "陈", "first_name": "集", "email": "g.union.staff@demo.invalid"},
        )
        if created:
            user.set_password(password)
            user.save()
        m, _ = Membership.objects.get_or_create(user=user, enterprise=group)
        MembershipRole.objects.get_or_create(membership=m, role=Role.UNION_STAFF)
        return group

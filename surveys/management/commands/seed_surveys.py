"""Step 7 examples for the demo: an answered round signed and reviewed (item closed), an open
unanswered round, a round closed as 未答复, and a 不满意 answer with its remedy back in
supervision. Run after seed_supervision (bin/serve does).

Does nothing when `demo` already has a remedy, so it is safe to rerun. Everything is made
through the services of steps 3–7, as a user would.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from consult.audit import demo_mail_discarded
from consult.models import Category, Department, Enterprise
from grievances import services as grievance_services
from grievances.models import Kind
from supervision import services as supervision_services
from supervision.models import Task
from surveys import services
from surveys.models import Remedy


class Command(BaseCommand):
    help = "Add example satisfaction surveys to the demo enterprise (idempotent)."

    def handle(self, *args, **options):
        with demo_mail_discarded():
            with transaction.atomic():
                self._add()

    def _add(self):
        try:
            demo = Enterprise.objects.get(code="demo")
        except Enterprise.DoesNotExist as exc:
            raise CommandError("Run `manage.py seed_demo` first.") from exc
        if Remedy.objects.filter(round__enterprise=demo).exists():
            self.stdout.write("demo already has survey examples; nothing added.")
            return
        User = get_user_model()
        users = {u.username: u for u in User.objects.filter(memberships__enterprise=demo)}
        staff, chair, head = users["union_staff"], users["union_chair"], users["dept_head"]
        hr = Department.objects.get(enterprise=demo, name="人力资源部")
        category = Category.objects.filter(enterprise=demo, parent__isnull=False).first()
        today = timezone.localdate()

        def told(content, *, anonymous=False):
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
                    disclosure="named",
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
                grievance=g, by=chair, route="department", opinion="按程序办理。"
            )
            grievance_services.grievance_approve_routing(grievance=g, by=users["admin_deputy"])
            grievance_services.grievance_answer(
                grievance=g,
                by=head,
                department=hr,
                measures=f"{content[:10]}……已安排专人落实",
                due=today + datetime.timedelta(days=7),
            )
            task = Task.objects.get(grievances=g)
            supervision_services.task_report(
                task=task, by=head, department=hr, outcome="done", text="已办结", completed_on=today
            )
            supervision_services.requester_tell(
                task=task,
                grievance=g,
                by=staff,
                method="online" if anonymous else "phone",
                text="已按要求办结，请对办理结果进行评价。",
            )
            return g.survey_rounds.get()

        # Answered 满意 by phone, signed by the supervisor, reviewed by the chair: item closed.
        r = told("更衣室柜子不够用，希望增加。")
        services.answer_record(
            respondent=r.respondents.get(),
            by=staff,
            level="satisfied",
            method="phone",
            answered_at=timezone.now(),
            comment="新柜子已经装好。",
        )
        services.round_sign(survey_round=r, by=users["supervisor"])
        services.round_review(survey_round=r, by=chair, review="办理及时，职工满意，予以归档。")
        # Open and unanswered (the requester has a link; an anonymous one answers on /track/).
        told("车间照明灯管损坏多日未修。")
        told("夜班食堂关门太早。", anonymous=True)
        # Closed by the union with nobody answering: 未答复.
        r = told("停车棚雨天漏水。")
        services.round_close(survey_round=r, by=staff)
        # 不满意 with a reason: the remedy sends it back to supervision.
        r = told("食堂饭菜价格偏高。")
        services.answer_submit(
            respondent=r.respondents.get(),
            by=users["employee"],
            level="unsatisfied",
            reason="价格没有变化，只是换了菜单。",
        )
        services.remedy_order(
            survey_round=r,
            by=staff,
            department=hr,
            measures="重新核定菜价并在食堂公示",
            deadline=today + datetime.timedelta(days=10),
            responsible_person="郑芳",
        )
        self.stdout.write(self.style.SUCCESS("Survey examples added to demo."))

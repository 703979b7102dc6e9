"""Example items for the demo enterprise, so a newcomer sees every step with something in it.

Run after seed_demo. Does nothing when `demo` already has grievances, so it is safe to rerun.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from consult.audit import demo_mail_discarded
from consult.models import Category, Department, Enterprise, Membership, MembershipRole, OrgUnit
from consult.roles import Role
from consult.selectors import departments_without_head
from grievances import services
from grievances.models import Grievance, IntakeChannel, Kind

# A head for every department besides HR's (the demo's dept_head), so that no item is routed
# where nobody can open it (issue 18 point 9): (department, login suffix, surname, given name,
# post). They log in once activated with a slip, as the roster's people do.
DEPARTMENT_HEADS = [
    ("办公室", "office_head", "刘", "洋", "办公室主任"),
    ("财务部", "finance_head", "钱", "明", "财务部部长"),
    ("后勤部", "logistics_head", "马", "力", "后勤部部长"),
    ("生产部", "production_head", "何", "伟", "生产部部长"),
    ("安全环保部", "safety_head", "林", "强", "安全环保部部长"),
    ("党办", "party_office_head", "高", "洁", "党办主任"),
]


def _department_heads(enterprise) -> None:
    prefix = "" if enterprise.code == "demo" else "b_"  # as seed_demo names demo-b's people
    for dept, suffix, surname, given, post in DEPARTMENT_HEADS:
        department = Department.objects.filter(enterprise=enterprise, name=dept).first()
        if department is None or departments_without_head(enterprise, [department]) == []:
            continue
        user, created = get_user_model().objects.get_or_create(
            username=prefix + suffix, defaults={"last_name": surname, "first_name": given}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        membership, _ = Membership.objects.get_or_create(
            user=user, enterprise=enterprise, defaults={"department": department, "post": post}
        )
        MembershipRole.objects.get_or_create(membership=membership, role=Role.DEPT_HEAD)


class Command(BaseCommand):
    help = "Add example grievances in every state to the demo enterprise (idempotent)."

    def handle(self, *args, **options):
        # The demo people's addresses are made up: keep the example notifications in-app only.
        with demo_mail_discarded():
            with transaction.atomic():
                for enterprise in Enterprise.objects.filter(code__in=("demo", "demo-b")):
                    _department_heads(enterprise)
                self._add_examples()

    def _add_examples(self):
        try:
            demo = Enterprise.objects.get(code="demo")
        except Enterprise.DoesNotExist as exc:
            raise CommandError("Run `manage.py seed_demo` first.") from exc
        if Grievance.objects.filter(enterprise=demo).exists():
            self.stdout.write("demo already has grievances; nothing added.")
            return
        users = {
            u.username: u for u in get_user_model().objects.filter(memberships__enterprise=demo)
        }
        staff, chair, deputy = users["union_staff"], users["union_chair"], users["admin_deputy"]
        category = {c.name: c for c in Category.objects.filter(enterprise=demo)}
        department = {d.name: d for d in Department.objects.filter(enterprise=demo)}

        def submit(content, disclosure="named", kind=Kind.GRIEVANCE):
            return services.grievance_submit(
                enterprise=demo,
                by=users["employee"],
                kind=kind,
                content=content,
                disclosure=disclosure,
            )

        def route(g, cat, depts, path, person=""):
            services.grievance_verify(grievance=g, by=staff)
            services.grievance_classify(
                grievance=g,
                by=staff,
                category=category[cat],
                departments=[department[d] for d in depts],
                responsible_person=person,
            )
            services.grievance_sign_opinion(
                grievance=g,
                by=chair,
                route=path,
                opinion="建议提交沟通协商会议研究。"
                if path == "meeting"
                else "建议转职能部门办理。",
            )

        # Waiting for the union to verify: one online, one anonymous, one by phone.
        submit("车间更衣柜数量不足，新入职职工没有柜子可用。")
        services.grievance_submit_anonymous(
            enterprise=demo, kind=Kind.GRIEVANCE, content="夜班班长经常临时加班却不登记加班时间。"
        )
        services.grievance_register(
            enterprise=demo,
            by=staff,
            channel=IntakeChannel.PHONE,
            received_at=timezone.now() - datetime.timedelta(days=2),
            kind=Kind.SUGGESTION,
            content="建议在二号车间增设饮水机。",
            disclosure="confidential",
            requester_name="王师傅",
            requester_phone="13900001111",
        )
        # Waiting for the chair's opinion.
        g = submit("职工食堂晚餐品种单一，希望增加面食。", "confidential")
        services.grievance_verify(grievance=g, by=staff)
        services.grievance_classify(
            grievance=g,
            by=staff,
            category=category["生活保障类"],
            departments=[department["后勤部"], department["办公室"]],
            responsible_person="后勤部部长",
        )
        # Waiting for the deputy's approval.
        route(
            submit("劳保手套发放周期太长，磨损后不能及时更换。"),
            "安全生产类",
            ["安全环保部"],
            "department",
        )
        # With the department (HR, the demo dept_head's).
        g = submit("年休假申请审批太慢，希望明确办理时限。")
        route(g, "工资福利类", ["人力资源部"], "department", "人力资源部部长")
        services.grievance_approve_routing(grievance=g, by=deputy)
        # Two items on the meeting path, grouped into topics waiting for a meeting.
        for content, cat, depts, title in (
            (
                "加班费计算标准不透明，希望公开计算办法。",
                "工资福利类",
                ["人力资源部", "财务部", "办公室"],
                "公开加班费计算办法",
            ),
            (
                "宿舍热水供应时间太短，夜班职工用不上热水。",
                "生活保障类",
                ["后勤部", "办公室"],
                "延长宿舍热水供应时间",
            ),
        ):
            g = submit(content)
            route(g, cat, depts, "meeting")
            services.grievance_approve_routing(grievance=g, by=deputy)
            services.topic_create(enterprise=demo, by=staff, title=title, grievances=[g])
        self._register(demo, users["unit_collector"])
        self.stdout.write(self.style.SUCCESS("Example grievances added to demo."))

    def _register(self, demo, collector):
        """The first branch's collection register (征集协商议题记录本), filled by its union leader
        from a workshop talk and handed up to the enterprise union, which turns it into items."""
        branch = OrgUnit.objects.get(enterprise=demo, parent=None, name="第一分厂")
        today = timezone.localdate()
        rows = [
            ("钱进", "机加工车间照明不足，夜班看图纸费劲。", today - datetime.timedelta(days=6)),
            ("孙丽", "希望分厂设一个哺乳室。", today - datetime.timedelta(days=5)),
            ("周强", "二班交接班记录本希望改成电子表格。", today - datetime.timedelta(days=5)),
        ]
        register = services.register_create(
            enterprise=demo,
            by=collector,
            unit=branch,
            rows=[{"name": n, "content": c, "raised_on": d} for n, c, d in rows],
        )
        services.register_hand_up(register=register, by=collector)

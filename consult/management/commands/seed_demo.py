"""Demo data: a county federation with its office, two enterprises (`demo`, `demo-b`), one
user per role.

Running it again changes nothing: every row is looked up before it is created, and
existing users keep their passwords.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from consult.models import (
    Channel,
    Department,
    Enterprise,
    Federation,
    FederationMembership,
    LeadingGroupMember,
    Membership,
    MembershipRole,
    OrgUnit,
)
from consult.roles import Role
from consult.services import enterprise_prefill

DEFAULT_PASSWORD = "demo-pass-2026"

# role → (surname, given name, department name or None, unit path or None, post)
PEOPLE = {
    Role.EMPLOYEE: ("张", "三", None, ("第一分厂", "机加工车间", "一班"), "操作工"),
    Role.EMPLOYEE_REP: ("李", "四", None, ("第一分厂", "机加工车间"), "职工代表"),
    Role.UNIT_COLLECTOR: ("王", "五", None, ("第一分厂",), "分厂工会主席"),
    Role.UNION_STAFF: ("赵", "敏", None, None, "工会干事"),
    Role.UNION_CHAIR: ("孙", "立", None, None, "工会主席"),
    Role.ADMIN_HEAD: ("周", "建国", None, None, "总经理"),
    Role.ADMIN_DEPUTY: ("吴", "海", None, None, "副总经理"),
    Role.DEPT_HEAD: ("郑", "芳", "人力资源部", None, "人力资源部部长"),
    Role.SUPERVISOR: ("冯", "刚", None, None, "督导员"),
}

# Members of the leading group who hold no role of their own here: (username, surname, given
# name, department, post). They have no password (no demo login).
OFFICE_PEOPLE = [
    ("chenjing", "陈", "静", "党办", "党办干事"),
    ("liuyang", "刘", "洋", "办公室", "办公室主任"),
]

ENTERPRISES = [
    ("demo", "蒙阴示范机械有限公司", "", "办公楼二楼工会办公室（208室）", "0539-4270001"),
    ("demo-b", "蒙阴示范食品有限公司", "b_", "综合楼一楼工会办公室", "0539-4270002"),
]

UNITS = [
    ("第一分厂", [("机加工车间", ["一班", "二班"]), ("装配车间", ["一班"])]),
    ("第二分厂", [("包装车间", ["一班"])]),
]


class Command(BaseCommand):
    help = "Create demo data (idempotent) and print the logins."

    def add_arguments(self, parser):
        parser.add_argument("--password", default=DEFAULT_PASSWORD)
        parser.add_argument(
            "--logins-only",
            action="store_true",
            help="Only print the logins (bin/serve does, last, after the set-up's output).",
        )

    def handle(self, *args, password, logins_only=False, **options):
        if not logins_only:
            self._seed(password)
        self._print_logins(password)

    def _print_logins(self, password):
        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Logins (password: {password}):"))
        for code, _name, prefix, _office, _phone in ENTERPRISES:
            for role in PEOPLE:
                self.stdout.write(f"  {code:7} {prefix + role:18} {Role(role).label}")
            self.stdout.write(f"  {code:7} {prefix + 'federation':18} {Role.FEDERATION.label}")
        self.stdout.write(f"  {'—':7} {'federation_office':18} {Role.FEDERATION_OFFICE.label}")

    @transaction.atomic
    def _seed(self, password):
        federation, _ = Federation.objects.get_or_create(name="蒙阴县总工会")
        logins = []
        for code, name, prefix, office, phone in ENTERPRISES:
            enterprise, _ = Enterprise.objects.get_or_create(
                code=code,
                defaults={
                    "name": name,
                    "federation": federation,
                    "union_name": f"{name}工会",
                    "union_office_address": office,
                },
            )
            enterprise_prefill(enterprise=enterprise)
            units = self._units(enterprise)
            for kind, value, order in (
                (Channel.Kind.PHONE, phone, 1),
                (Channel.Kind.LETTER, office, 2),
                (Channel.Kind.WECHAT, f"{name[2:6]}职工之家", 3),
                (Channel.Kind.QQ, "60042" + str(len(code)), 4),
                (Channel.Kind.BOX, "各车间门口职工意见箱", 5),
            ):
                if not Channel.objects.filter(enterprise=enterprise, kind=kind).exists():
                    Channel.objects.create(
                        enterprise=enterprise, kind=kind, value=value, order=order
                    )
            users = {}
            for role, (surname, given, dept, unit_path, post) in PEOPLE.items():
                username = prefix + role
                user = self._user(username, surname, given, password, role)
                users[role] = user
                membership, _ = Membership.objects.get_or_create(
                    user=user,
                    enterprise=enterprise,
                    defaults={
                        "department": Department.objects.get(enterprise=enterprise, name=dept)
                        if dept
                        else None,
                        "unit": units[unit_path] if unit_path else None,
                        "phone": f"1380000{len(logins):04d}",
                        "post": post,
                    },
                )
                MembershipRole.objects.get_or_create(membership=membership, role=role)
                if role == Role.UNION_CHAIR:
                    # The chair also acts as union staff, as in most small enterprises.
                    MembershipRole.objects.get_or_create(
                        membership=membership, role=Role.UNION_STAFF
                    )
                logins.append((code, username, role.label))
            for number, (name, surname, given, dept, post) in enumerate(OFFICE_PEOPLE, 1):
                users[name] = self._colleague(
                    enterprise, prefix + name, surname, given, dept, post, number
                )
            self._leading_group(enterprise, users)
            fed_user = self._user(prefix + "federation", "钱", "督", password, Role.FEDERATION)
            FederationMembership.objects.get_or_create(user=fed_user, federation=federation)
            logins.append((code, fed_user.username, Role.FEDERATION.label))

        # The county federation's office, which brings enterprises in (no enterprise of its own).
        office = self._user("federation_office", "钱", "办", password, Role.FEDERATION_OFFICE)
        FederationMembership.objects.get_or_create(
            user=office,
            federation=federation,
            defaults={"role": Role.FEDERATION_OFFICE, "phone": "13800009999"},
        )
        logins.append(("—", office.username, Role.FEDERATION_OFFICE.label))

    def _user(self, username, surname, given, password, role):
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "last_name": surname,
                "first_name": given,
                "email": f"{username.replace('_', '.')}@demo.invalid",
                "is_staff": role
                in {Role.UNION_STAFF, Role.UNION_CHAIR, Role.ADMIN_DEPUTY, Role.ADMIN_HEAD},
            },
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
        return user

    def _colleague(self, enterprise, username, surname, given, dept, post, number):
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"last_name": surname, "first_name": given}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        membership, _ = Membership.objects.get_or_create(
            user=user,
            enterprise=enterprise,
            defaults={
                "department": Department.objects.get(enterprise=enterprise, name=dept),
                "phone": f"1360000{enterprise.pk % 100:02d}{number:02d}",
                "post": post,
            },
        )
        MembershipRole.objects.get_or_create(membership=membership, role=Role.EMPLOYEE)
        return user

    def _units(self, enterprise):
        found = {}
        for branch_name, workshops in UNITS:
            branch, _ = OrgUnit.objects.get_or_create(
                enterprise=enterprise,
                parent=None,
                name=branch_name,
                defaults={"kind": OrgUnit.Kind.BRANCH},
            )
            found[(branch_name,)] = branch
            for workshop_name, teams in workshops:
                workshop, _ = OrgUnit.objects.get_or_create(
                    enterprise=enterprise,
                    parent=branch,
                    name=workshop_name,
                    defaults={"kind": OrgUnit.Kind.WORKSHOP},
                )
                found[(branch_name, workshop_name)] = workshop
                for team_name in teams:
                    team, _ = OrgUnit.objects.get_or_create(
                        enterprise=enterprise,
                        parent=workshop,
                        name=team_name,
                        defaults={"kind": OrgUnit.Kind.TEAM},
                    )
                    found[(branch_name, workshop_name, team_name)] = team
        return found

    def _leading_group(self, enterprise, users):
        group = enterprise.leading_group
        if LeadingGroupMember.all_objects.filter(group=group).exists():
            return
        group.formed_on = datetime.date(2026, 3, 1)
        group.save(update_fields=["formed_on"])
        rows = [
            ("leader", "企业行政负责人", users[Role.ADMIN_HEAD], "", False),
            ("deputy", "企业党政副职", users[Role.ADMIN_DEPUTY], "", False),
            ("deputy", "企业工会主席", users[Role.UNION_CHAIR], "", True),
            ("member", "工会有关人员", users[Role.UNION_STAFF], "", False),
            ("member", "党办有关人员", users["chenjing"], "", False),
            ("member", "企业人力资源负责人", users[Role.DEPT_HEAD], "", False),
            ("member", "企业办公室负责人", users["liuyang"], "", False),
            ("member", "职工代表", users[Role.EMPLOYEE_REP], "", False),
        ]
        for order, (position, post, user, name, director) in enumerate(rows, start=1):
            LeadingGroupMember.objects.create(
                group=group,
                position=position,
                post=post,
                user=user,
                name=name,
                is_office_director=director,
                order=order,
            )

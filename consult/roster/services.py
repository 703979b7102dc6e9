"""Writes of the roster import (花名册): a preview is stored, then confirmed as a whole.

The union brings the enterprise's people in before step 1 (the leading group is chosen from
them) and again each month: `roster_preview` reads the file and stores what would change,
writing nothing else; `roster_import_confirm` writes all of it in one transaction, or nothing.
"""

import datetime
import hashlib
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consult.audit import record_event
from consult.events import RosterEvent
from consult.models import (
    Department,
    Enterprise,
    Membership,
    MembershipRole,
    OrgUnit,
    RosterChange,
    RosterImport,
)
from consult.roles import Role
from consult.roster.parse import parse_sheet
from consult.roster.plan import Org, counts, make_plan, rows_of
from consult.roster.reader import read_roster

BATCH = 1000
# Values of a new person that the import writes on the membership, as they are in the row.
_PLAIN_FIELDS = ("phone", "post", "gender", "wecom_userid", "dingtalk_userid")


class RosterChanged(Exception):
    """The people changed since the preview: the import was not written; `plan` is the new
    preview."""

    def __init__(self, plan: dict):
        super().__init__("roster changed since preview")
        self.plan = plan


class RosterAlreadyImported(Exception):
    pass


def roster_preview(*, enterprise: Enterprise, by, file_name: str, data: bytes) -> RosterImport:
    """Read an uploaded roster and store what importing it would change; nothing else is
    written. Raises RosterFileError when the file cannot be read at all."""
    parsed = parse_sheet(read_roster(data))
    header = {
        "line": parsed.header.row_index + 1,
        "columns": parsed.header.columns,
        "unknown": parsed.header.unknown,
        "headers": parsed.headers,
    }
    plan = make_plan(
        enterprise=enterprise,
        rows=parsed.rows,
        refused=parsed.refused,
        keep=parsed.refused_numbers,
        columns=parsed.header.columns,
        importer=by,
    )
    return RosterImport.objects.create(
        enterprise=enterprise,
        uploaded_by=by,
        file_name=file_name[:200],
        sha256=hashlib.sha256(data).hexdigest(),
        header=header,
        plan=plan,
        counts=counts(plan),
    )


def _replan(enterprise: Enterprise, record: RosterImport) -> dict:
    rows, unread = rows_of(record.plan)
    return make_plan(
        enterprise=enterprise,
        rows=rows,
        refused=unread,
        keep=set(record.plan["keep"]),
        columns=record.header["columns"],
        importer=record.uploaded_by,
    )


def roster_preview_refresh(*, roster_import: RosterImport, plan: dict) -> RosterImport:
    """Store a recomputed preview (the people changed since the first one)."""
    roster_import.plan = plan
    roster_import.counts = counts(plan)
    roster_import.save(update_fields=["plan", "counts"])
    return roster_import


@transaction.atomic
def roster_import_confirm(
    *, roster_import: RosterImport, by, deactivate_leavers: bool
) -> RosterImport:
    """Write a previewed roster: new people (each with an account that cannot log in until
    activated), changes, units and departments, and — only when asked — leavers made inactive.
    All or nothing; RosterChanged when the preview no longer fits the enterprise's people."""
    enterprise = Enterprise.objects.select_for_update().get(pk=roster_import.enterprise_id)
    record = RosterImport.objects.select_for_update().get(pk=roster_import.pk)
    if record.status != RosterImport.Status.PREVIEWED:
        raise RosterAlreadyImported(_("This roster has already been imported."))
    plan = _replan(enterprise, record)
    if plan["digest"] != record.plan.get("digest"):
        raise RosterChanged(plan)
    org = Org(enterprise)
    _create_org(enterprise, org, plan)
    for start in range(0, len(plan["new"]), BATCH):
        _create_people(record, org, plan["new"][start : start + BATCH])
    changes = _update_people(org, plan["changed"])
    if deactivate_leavers:
        changes += _deactivate(plan["leaving"])
    for change in changes:
        change.roster_import = record
    RosterChange.objects.bulk_create(changes, batch_size=BATCH)
    record.status = RosterImport.Status.IMPORTED
    record.imported_by = by
    record.imported_at = timezone.now()
    record.leavers_deactivated = deactivate_leavers
    record.counts = {**counts(plan), "left": len(plan["leaving"]) if deactivate_leavers else 0}
    # The people's lists are personal data kept twice: once imported, the changes are in
    # RosterChange; the refused rows stay, to be downloaded and fixed.
    refused = [{k: v for k, v in r.items() if k != "row"} for r in plan["refused"]]
    record.plan = {"refused": refused, **{k: plan[k] for k in ("new_units", "new_departments")}}
    record.save()
    record_event(
        enterprise=enterprise,
        target=record,
        action=RosterEvent.IMPORTED,
        actor=by,
        data=record.counts,
        note=record.file_name,
    )
    return record


def _create_org(enterprise: Enterprise, org: Org, plan: dict) -> None:
    for path in plan["new_units"]:
        names = tuple(name for name, _kind in path)
        unit = OrgUnit(
            enterprise=enterprise,
            parent_id=org.unit_ids.get(names[:-1]) if len(names) > 1 else None,
            kind=path[-1][1],
            name=names[-1],
        )
        unit.save()
        org.unit_ids[names] = unit.pk
    for name in plan["new_departments"]:
        department = Department.objects.create(enterprise=enterprise, name=name)
        org.department_ids[name] = department.pk


def _unit_id(org: Org, path) -> int | None:
    return org.unit_ids[tuple(name for name, _kind in path)] if path else None


def _create_people(record: RosterImport, org: Org, rows: list[dict]) -> None:
    """New people, a batch at a time: an account that cannot log in until activated (no
    password, no e-mail), a membership, the employee role (and employee_rep when 是)."""
    User = get_user_model()
    users = User.objects.bulk_create(
        [
            User(username=row["username"], last_name=row["name"], password=_unusable_password())
            for row in rows
        ]
    )
    memberships = Membership.objects.bulk_create(
        [
            Membership(
                user=user,
                enterprise_id=record.enterprise_id,
                employee_no=row["employee_no"],
                unit_id=_unit_id(org, row.get("unit")),
                department_id=org.department_ids.get(row.get("department") or ""),
                hired_on=datetime.date.fromisoformat(row["hired_on"])
                if row.get("hired_on")
                else None,
                **{name: row.get(name) or "" for name in _PLAIN_FIELDS},
            )
            for user, row in zip(users, rows, strict=True)
        ]
    )
    roles = [MembershipRole(membership=m, role=Role.EMPLOYEE) for m in memberships]
    roles += [
        MembershipRole(membership=m, role=Role.EMPLOYEE_REP, from_roster=True)
        for m, row in zip(memberships, rows, strict=True)
        if row.get("employee_rep")
    ]
    MembershipRole.objects.bulk_create(roles)
    RosterChange.objects.bulk_create(
        RosterChange(
            roster_import=record,
            membership=m,
            kind=RosterChange.Kind.NEW,
            line=row["line"],
            changes=_given(row),
        )
        for m, row in zip(memberships, rows, strict=True)
    )


def _unusable_password() -> str:
    # What make_password(None) stores ("!" and random text, which no password matches), made
    # with one call to the system's random source instead of forty.
    return UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)


def _given(row: dict) -> dict:
    given = {"employee_no": ["", row["employee_no"]], "name": ["", row["name"]]}
    for name in ("phone", "department", "post", "gender", "hired_on", *_PLAIN_FIELDS[3:]):
        if row.get(name):
            given[name] = ["", row[name]]
    if row.get("unit"):
        given["unit"] = ["", "/".join(name for name, _kind in row["unit"])]
    if row.get("employee_rep"):
        given["employee_rep"] = [False, True]
    return given


def _update_people(org: Org, entries: list[dict]) -> list[RosterChange]:
    memberships = Membership.objects.select_related("user").in_bulk(
        [e["membership"] for e in entries]
    )
    users, roles_added, reps_removed = [], [], []
    fields: set[str] = set()
    for entry in entries:
        m = memberships[entry["membership"]]
        for name, (_old, new) in entry["changes"].items():
            if name == "name":
                m.user.last_name, m.user.first_name = new, ""
                users.append(m.user)
            elif name == "unit":
                m.unit_id = _unit_id(org, entry["unit"])  # the row's path, with its kinds
            elif name == "department":
                m.department_id = org.department_ids[new]
            elif name == "hired_on":
                m.hired_on = datetime.date.fromisoformat(new)
            elif name == "employee_rep" and new:
                roles_added.append(
                    MembershipRole(membership=m, role=Role.EMPLOYEE_REP, from_roster=True)
                )
            elif name == "employee_rep":
                reps_removed.append(m.pk)
            elif name == "employee":
                roles_added.append(MembershipRole(membership=m, role=Role.EMPLOYEE))
            else:  # employee_no, is_active and the plain fields
                setattr(m, name, new)
            fields.add({"unit": "unit_id", "department": "department_id"}.get(name, name))
    writable = sorted(fields & {f.attname for f in Membership._meta.concrete_fields})
    if writable:
        Membership.objects.bulk_update(memberships.values(), writable, batch_size=BATCH)
    if users:
        get_user_model().objects.bulk_update(users, ["last_name", "first_name"], batch_size=BATCH)
    MembershipRole.objects.bulk_create(roles_added, batch_size=BATCH)
    MembershipRole.objects.filter(
        membership_id__in=reps_removed, role=Role.EMPLOYEE_REP, from_roster=True
    ).delete()
    return [
        RosterChange(
            membership=memberships[e["membership"]],
            kind=RosterChange.Kind.CHANGED,
            line=e["line"],
            changes=e["changes"],
        )
        for e in entries
    ]


def _deactivate(leaving: list[dict]) -> list[RosterChange]:
    ids = [entry["membership"] for entry in leaving]
    for start in range(0, len(ids), BATCH):
        Membership.objects.filter(pk__in=ids[start : start + BATCH]).update(is_active=False)
    return [
        RosterChange(
            membership_id=pk, kind=RosterChange.Kind.LEFT, changes={"is_active": [True, False]}
        )
        for pk in ids
    ]

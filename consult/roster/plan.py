"""What importing a roster would change in an enterprise, worked out before anything is saved.

People are keyed by 工号. A row whose 工号 is known updates that person (moves, new phone…);
a row with a new 工号 whose name and phone match a person recorded without 工号 (the people
set up by hand before the first import) gives that person the 工号; any other row is a new
person. Active people with a 工号 that the file no longer lists are "leaving": the user decides
whether they become inactive. Only the columns the file has are compared, and an empty cell
keeps what is stored: an import never erases what it does not replace.

The plan is plain JSON (stored on the import between preview and confirmation) and its digest
covers everything it was computed from, so confirming a plan that no longer fits the people
(another import, an edit in between) is noticed.
"""

import hashlib
import json
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from consult.accounts.logins import login_name
from consult.models import Department, Enterprise, Membership, MembershipRole, OrgUnit
from consult.phones import NotAMobile, normalise_phone
from consult.roles import Role
from consult.roster.parse import cells_of
from consult.roster.reasons import Reason

# The fields an import compares, in the order the preview shows them.
COMPARED = (
    "name",
    "phone",
    "unit",
    "department",
    "post",
    "employee_rep",
    "gender",
    "hired_on",
    "wecom_userid",
    "dingtalk_userid",
)
LISTS = ("new", "changed", "unchanged", "leaving", "refused", "new_units", "new_departments")


def roster_username(enterprise: Enterprise, employee_no: str) -> str:
    """The login name of a person the roster creates: the enterprise's code and the 工号."""
    return login_name(enterprise.code, employee_no)


@dataclass
class Person:
    """One membership as the import compares it."""

    id: int
    user_id: int
    username: str
    employee_no: str
    is_active: bool
    roles: set[str]
    rep_from_roster: bool
    values: dict


class Org:
    """The enterprise's units (by path of names) and departments (by name)."""

    def __init__(self, enterprise: Enterprise):
        units = {
            u["id"]: u
            for u in OrgUnit.objects.filter(enterprise=enterprise).values("id", "parent_id", "name")
        }
        self.unit_paths: dict[int, tuple[str, ...]] = {}
        for unit_id in units:
            path: list[str] = []
            current = units.get(unit_id)
            while current is not None and len(path) < 10:
                path.insert(0, current["name"])
                current = units.get(current["parent_id"])
            self.unit_paths[unit_id] = tuple(path)
        self.unit_ids = {path: unit_id for unit_id, path in self.unit_paths.items()}
        self.departments = dict(
            Department.objects.filter(enterprise=enterprise).values_list("id", "name")
        )
        self.department_ids = {name: pk for pk, name in self.departments.items()}


def unit_label(path) -> str:
    return "/".join(path)


def _people(enterprise: Enterprise, org: Org) -> list[Person]:
    roles, from_roster = _roles(enterprise)
    people = []
    for m in Membership.objects.filter(enterprise=enterprise).values(*_MEMBERSHIP_FIELDS):
        held = roles.get(m["id"], set())
        people.append(
            Person(
                id=m["id"],
                user_id=m["user_id"],
                username=m["user__username"],
                employee_no=m["employee_no"],
                is_active=m["is_active"],
                roles=held,
                rep_from_roster=m["id"] in from_roster,
                values=_stored_values(m, held, org),
            )
        )
    return people


def _roles(enterprise: Enterprise) -> tuple[dict[int, set[str]], set[int]]:
    """The roles each membership holds, and the memberships the roster made representatives."""
    roles: dict[int, set[str]] = {}
    from_roster: set[int] = set()
    for membership_id, role, by_roster in MembershipRole.objects.filter(
        membership__enterprise=enterprise
    ).values_list("membership_id", "role", "from_roster"):
        roles.setdefault(membership_id, set()).add(role)
        if role == Role.EMPLOYEE_REP and by_roster:
            from_roster.add(membership_id)
    return roles, from_roster


def _stored_values(m: dict, held: set[str], org: Org) -> dict:
    """A membership's compared fields (`COMPARED`) in the form rows have them."""
    name = f"{m['user__last_name']}{m['user__first_name']}".strip()
    return {
        "name": name or m["user__username"],
        "phone": m["phone"],
        "unit": unit_label(org.unit_paths.get(m["unit_id"], ())),
        "department": org.departments.get(m["department_id"], ""),
        "post": m["post"],
        "employee_rep": Role.EMPLOYEE_REP in held,
        "gender": m["gender"],
        "hired_on": m["hired_on"].isoformat() if m["hired_on"] else "",
        "wecom_userid": m["wecom_userid"],
        "dingtalk_userid": m["dingtalk_userid"],
    }


_MEMBERSHIP_FIELDS = (
    "id",
    "user_id",
    "employee_no",
    "is_active",
    "phone",
    "post",
    "gender",
    "hired_on",
    "wecom_userid",
    "dingtalk_userid",
    "unit_id",
    "department_id",
    "user__username",
    "user__first_name",
    "user__last_name",
)


def _wanted(row: dict) -> dict:
    """The row's values in the form `Person.values` holds them (None: the file does not say)."""
    wanted = {name: row.get(name) for name in COMPARED}
    if row.get("unit"):
        wanted["unit"] = unit_label(name for name, _kind in row["unit"])
    return wanted


def _changes(person: Person, row: dict) -> dict:
    changes = {}
    for name, new in _wanted(row).items():
        old = person.values[name]
        if new is None or new == old:
            continue
        if name == "employee_rep" and new is False and not person.rep_from_roster:
            continue  # a representative named by hand stays one until removed by hand
        changes[name] = [old, new]
    if not person.is_active:
        changes["is_active"] = [False, True]
    if Role.EMPLOYEE not in person.roles:
        changes["employee"] = [False, True]
    return changes


_PLANNED = ("membership", "changes", "username")


def _entry(row: dict, person: Person, changes: dict) -> dict:
    # The row itself becomes the entry (a 10,000-row plan is kept once in memory, not twice).
    row["membership"], row["changes"] = person.id, changes
    return row


def _refused(row: dict, reason: Reason, columns: dict[str, int]) -> dict:
    """A row read well but refused by the plan: it keeps the row, to be planned again."""
    cells = cells_of(row, columns)
    return {"line": row["line"], "cells": cells, "reason": reason.as_json(), "row": row}


def rows_of(plan: dict) -> tuple[list[dict], list[dict]]:
    """The parsed rows a plan was made from and the rows refused while reading (to make the
    plan again at confirmation)."""
    entries = plan["new"] + plan["changed"] + plan["unchanged"]
    entries += [r["row"] for r in plan["refused"] if "row" in r]
    rows = [{k: v for k, v in e.items() if k not in _PLANNED} for e in entries]
    unread = [r for r in plan["refused"] if "row" not in r]
    return sorted(rows, key=lambda r: r["line"]), unread


def make_plan(
    *,
    enterprise: Enterprise,
    rows: list[dict],
    refused: list[dict],
    keep: set[str],
    columns: dict[str, int],
    importer,
) -> dict:
    """The plan of importing `rows` (parsed, each with its line) into `enterprise`; the rows
    become its entries.

    `refused` are the rows refused while reading; `keep` the 工号 (lower case) of refused rows,
    whose people are not counted as leaving; `columns` where the file had each field. The
    importer is never listed as leaving."""
    org = Org(enterprise)
    people = _people(enterprise, org)
    plan: dict = {name: [] for name in LISTS} | {"refused": list(refused), "keep": sorted(keep)}
    _plan_rows(plan, rows, enterprise=enterprise, people=people, columns=columns)
    plan["leaving"] = _leaving(people, rows=rows, keep=keep, importer=importer)
    plan["new_units"], plan["new_departments"] = _new_org(org, rows)
    plan["digest"] = _digest(plan)
    return plan


def _plan_rows(
    plan: dict, rows: list[dict], *, enterprise: Enterprise, people: list[Person], columns
) -> None:
    """Puts each row in the plan's list of new, changed, unchanged or refused rows."""
    by_number = {p.employee_no.lower(): p for p in people if p.employee_no}
    unnumbered = {(p.values["name"], _phone(p)): p for p in people if not p.employee_no}
    taken = _taken_usernames(enterprise, rows, by_number)
    for row in rows:
        person = by_number.get(row["employee_no"].lower())
        if person is not None:
            _plan_known(plan, row, person, columns)
        elif (person := _unnumbered_match(unnumbered, row)) is not None:
            changes = _changes(person, row)
            changes["employee_no"] = ["", row["employee_no"]]
            plan["changed"].append(_entry(row, person, changes))
        else:
            _plan_new(plan, row, roster_username(enterprise, row["employee_no"]), taken, columns)
    plan["refused"].sort(key=lambda r: r["line"])


def _unnumbered_match(unnumbered: dict, row: dict) -> Person | None:
    """The person recorded without 工号 whose name and phone the row has (taken only once)."""
    if not row.get("phone"):
        return None
    return unnumbered.pop((row["name"], row["phone"]), None)


def _plan_known(plan: dict, row: dict, person: Person, columns) -> None:
    """A row whose 工号 is known: changed, unchanged, or refused when it names someone else."""
    if _another_person(person, row):
        reason = Reason(
            "employee_no_taken", {"value": row["employee_no"], "name": person.values["name"]}
        )
        plan["refused"].append(_refused(row, reason, columns))
        return
    changes = _changes(person, row)
    target = plan["changed"] if changes else plan["unchanged"]
    target.append(_entry(row, person, changes))


def _plan_new(plan: dict, row: dict, username: str, taken: set[str], columns) -> None:
    """A new person, refused when another account already has their login name."""
    if username in taken:
        reason = Reason("username_taken", {"value": username})
        plan["refused"].append(_refused(row, reason, columns))
    else:
        row["username"] = username
        plan["new"].append(row)


def _leaving(people: list[Person], *, rows: list[dict], keep: set[str], importer) -> list[dict]:
    """Active people with a 工号 that neither the file nor the refused rows list, except the
    importer."""
    listed = {row["employee_no"].lower() for row in rows} | keep
    importer_id = getattr(importer, "pk", None)
    return [
        {
            "membership": p.id,
            "employee_no": p.employee_no,
            "name": p.values["name"],
            "unit": p.values["unit"],
            "department": p.values["department"],
        }
        for p in people
        if p.employee_no
        and p.is_active
        and p.employee_no.lower() not in listed
        and p.user_id != importer_id
    ]


def _another_person(person: Person, row: dict) -> bool:
    """The 工号 is this person's, but the row names someone else: the name differs and the
    phone does not confirm it (differs, or one of them is unknown)."""
    if row["name"] == person.values["name"]:
        return False
    return not (row.get("phone") and row["phone"] == _phone(person))


def _phone(person: Person) -> str:
    """The stored phone in the form rows have (a phone typed by hand may have dashes)."""
    try:
        return normalise_phone(person.values["phone"])
    except NotAMobile:
        return person.values["phone"]


def _taken_usernames(enterprise, rows, by_number) -> set[str]:
    """Login names new people would get that an account (of any enterprise) already has."""
    wanted = [
        roster_username(enterprise, row["employee_no"])
        for row in rows
        if row["employee_no"].lower() not in by_number
    ]
    User = get_user_model()
    taken: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        taken |= set(User.objects.filter(username__in=chunk).values_list("username", flat=True))
    return taken


def _new_org(org: Org, rows: list[dict]) -> tuple[list[list], list[str]]:
    """Units (as [name, kind] paths, parents first) and departments the rows name that the
    enterprise does not have yet."""
    units: dict[tuple[str, ...], list] = {}
    departments: set[str] = set()
    for row in rows:
        path = row.get("unit") or []
        for depth in range(1, len(path) + 1):
            names = tuple(name for name, _kind in path[:depth])
            if names not in org.unit_ids and names not in units:
                units[names] = path[:depth]
        if row.get("department") and row["department"] not in org.department_ids:
            departments.add(row["department"])
    ordered = sorted(units.values(), key=lambda p: (len(p), [n for n, _k in p]))
    return ordered, sorted(departments)


def _digest(plan: dict) -> str:
    body = json.dumps({k: plan[k] for k in LISTS}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(body.encode()).hexdigest()


def counts(plan: dict) -> dict[str, int]:
    return {name: len(plan[name]) for name in LISTS}

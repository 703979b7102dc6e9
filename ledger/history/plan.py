"""What importing the rows of an earlier ledger would do, read from the database without
writing: each row's category and unit matched, its requester matched to a person of the roster
(only on an exact 工号 or phone, and the same name), and rows already in the app recognised."""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict

from consult.models import Category, Membership, OrgUnit, display_name
from consult.roster.reasons import Reason
from grievances.models import Grievance, parse_number
from ledger.models import HistoricalItem

LISTS = ("new", "already", "refused")
_SUFFIX = re.compile(r"(方面|问题|类)$")
CATEGORIES_SHOWN = 12


def _key(text: str) -> str:
    return re.sub(r"\s+", "", text or "").replace("·", "").replace("/", "").lower()


class Categories:
    """The enterprise's categories by what a ledger may call them: 类别·子类 as ours prints,
    the name alone when only one has it, the name without 类/方面, or the one name that
    contains the text (生活 → 生活保障类)."""

    def __init__(self, enterprise):
        rows = list(
            Category.objects.filter(enterprise=enterprise).values_list("pk", "name", "parent__name")
        )
        self.labels = {_key(f"{parent}{name}"): pk for pk, name, parent in rows if parent}
        self.names: dict[str, list[int]] = defaultdict(list)
        for pk, name, _parent in rows:
            self.names[_key(name)].append(pk)
        self.known = [name for _pk, name, _parent in rows]

    def find(self, text: str) -> int | Reason:
        key = _key(text)
        if key in self.labels:
            return self.labels[key]
        for candidate in (key, _SUFFIX.sub("", key)):
            found = self.names.get(candidate, [])
            if len(found) == 1:
                return found[0]
        short = _SUFFIX.sub("", key)
        near = {pk for name, pks in self.names.items() if short and short in name for pk in pks}
        if len(near) == 1:
            return near.pop()
        names = [n for n, pks in self.names.items() if set(pks) & near] if near else []
        if len(near) > 1:
            return Reason("ambiguous_category", {"value": text, "known": "、".join(names)})
        known = "、".join(self.known[:CATEGORIES_SHOWN])
        return Reason("unknown_category", {"value": text, "known": known})


class People:
    """The enterprise's people by 工号 and by phone; a requester is one of them only when the
    工号 or the phone matches exactly one person and the name is theirs."""

    def __init__(self, enterprise):
        self.by_no: dict[str, list[tuple]] = defaultdict(list)
        self.by_phone: dict[str, list[tuple]] = defaultdict(list)
        for m in Membership.objects.filter(enterprise=enterprise).select_related("user"):
            person = (m.user_id, m.unit_id, display_name(m.user))
            if m.employee_no:
                self.by_no[m.employee_no.lower()].append(person)
            if m.phone:
                self.by_phone[m.phone].append(person)

    def find(self, row: dict) -> tuple | None:
        for found in (
            self.by_no.get((row.get("employee_no") or "").lower(), []),
            self.by_phone.get(row.get("phone") or "", []),
        ):
            if len(found) == 1 and found[0][2] == row["name"]:
                return found[0]
        return None


class Units:
    def __init__(self, enterprise):
        self.by_label: dict[str, list[int]] = defaultdict(list)
        for pk, name, parent in OrgUnit.objects.filter(enterprise=enterprise).values_list(
            "pk", "name", "parent__name"
        ):
            self.by_label[_key(f"{parent or ''}{name}")].append(pk)
            if parent:
                self.by_label[_key(name)].append(pk)

    def find(self, text: str) -> int | None:
        found = self.by_label.get(_key(text), [])
        return found[0] if len(found) == 1 else None


def _existing(enterprise, rows: list[dict]) -> tuple[set[str], dict[tuple, str]]:
    """Fingerprints already imported, and {(year, serial): content} of the items of the
    enterprise that the rows' numbers name (our own ledger exported and imported again)."""
    keys = set(
        HistoricalItem.objects.filter(enterprise=enterprise).values_list("fingerprint", flat=True)
    )
    numbers = {n for n in (parse_number(r["number"]) for r in rows) if n is not None}
    found: dict[tuple, str] = {}
    for year in {y for y, _s in numbers}:
        serials = [s for y, s in numbers if y == year]
        for serial, content in Grievance.objects.filter(
            enterprise=enterprise, year=year, serial__in=serials
        ).values_list("serial", "content"):
            found[(year, serial)] = content
    return keys, found


def make_plan(*, enterprise, rows: list[dict], refused: list[dict]) -> dict:
    """{"new", "already", "refused", "digest"}: rows to import (with the ids they resolve
    to), rows already in the app, and refused rows with their reasons."""
    categories, people, units = Categories(enterprise), People(enterprise), Units(enterprise)
    keys, numbered = _existing(enterprise, rows)
    plan: dict = {"new": [], "already": [], "refused": list(refused)}
    first_line: dict[str, int] = {}
    for row in rows:
        number = parse_number(row["number"])
        if row["key"] in keys or numbered.get(number or (0, 0)) == row["content"]:
            plan["already"].append(row)
            continue
        category = categories.find(row["category"])
        if isinstance(category, Reason):
            plan["refused"].append(_refused(row, category))
            continue
        if row["key"] in first_line:
            reason = Reason("duplicate_row", {"line": first_line[row["key"]]})
            plan["refused"].append(_refused(row, reason))
            continue
        first_line[row["key"]] = row["line"]
        plan["new"].append(_resolved(row, category, people, units))
    plan["refused"].sort(key=lambda r: r["index"])
    plan["digest"] = _digest(plan)
    return plan


def _refused(row: dict, reason: Reason) -> dict:
    return {
        "sheet": row["sheet"],
        "line": row["line"],
        "index": row["index"],
        "cells": row["cells"],
        "reason": reason.as_json(),
        "row": row,
    }


def _resolved(row: dict, category_id: int, people: People, units: Units) -> dict:
    resolved = {**row, "category_id": category_id, "user_id": None, "unit_id": None}
    if row["disclosure"] != "anonymous" and row["name"]:
        person = people.find(row)
        if person is not None:
            resolved["user_id"], resolved["unit_id"] = person[0], person[1]
    if row.get("unit"):
        resolved["unit_id"] = units.find(row["unit"]) or resolved["unit_id"]
    return resolved


def _digest(plan: dict) -> str:
    shape = [
        sorted((r["key"], r["category_id"], r["user_id"], r["unit_id"]) for r in plan["new"]),
        sorted(r["key"] for r in plan["already"]),
    ]
    return hashlib.sha256(json.dumps(shape).encode()).hexdigest()


def counts(plan: dict) -> dict:
    new = plan["new"]
    return {
        "new": len(new),
        "already": len(plan["already"]),
        "refused": len(plan["refused"]),
        "matched": sum(1 for r in new if r["user_id"]),
        "anonymous": sum(1 for r in new if r["disclosure"] == "anonymous"),
        "confidential": sum(1 for r in new if r["disclosure"] == "confidential"),
        "years": sorted({int(r["received_on"][:4]) for r in new}),
    }


def rows_of(plan: dict) -> tuple[list[dict], list[dict]]:
    """The rows a preview read (to plan again at confirmation) and the rows refused as read."""
    rows = [*plan["new"], *plan["already"], *(r["row"] for r in plan["refused"] if "row" in r)]
    unread = [r for r in plan["refused"] if "row" not in r]
    rows.sort(key=lambda r: r["index"])  # the file's order: its sheets are not in name order
    return rows, unread

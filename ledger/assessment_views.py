"""The federation's view (考核): per enterprise under the federation, whether the mechanism is
in place, meetings against the rhythm, items received and closed, both clocks' on-time rates,
the satisfaction rate and escalations. Figures only: no person of any enterprise appears.

A federation user reaches it from any enterprise of its tree; an enterprise outside the tree
answers 404 (consult.access). A member of an enterprise sees only their own enterprise's row.
"""

import hashlib

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.shortcuts import render
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consult.access import get_enterprise_for, user_access
from consult.docregistry import document_response
from consult.replica import reports_from_replica
from consult.roles import Action
from consult.xlsx import xlsx_table
from ledger import figures, periods
from ledger.periods import PeriodError
from ledger.views import _bad_period, _clean

COLUMNS = [
    ("name", gettext_lazy("Enterprise"), 26),
    ("mechanism", gettext_lazy("Mechanism in place"), 14),
    ("meetings", gettext_lazy("Meetings held"), 12),
    ("received", gettext_lazy("Items received"), 10),
    ("closed", gettext_lazy("Items closed"), 10),
    ("report", gettext_lazy("Clock 1 on time"), 12),
    ("inform", gettext_lazy("Clock 2 on time"), 12),
    ("satisfaction", gettext_lazy("Satisfaction rate"), 10),
    ("escalations", gettext_lazy("Escalations"), 10),
]


def _scope(user, access):
    """The enterprises whose figures this reader compares: for a federation user every
    enterprise of the same federation it may read; for anyone else the current one."""
    if not access.aggregate_only:
        return [access.enterprise]
    federation = access.enterprise.federation_id
    return sorted(
        (
            a.enterprise
            for a in user_access(user).by_code.values()
            if a.may(Action.VIEW_LEDGERS) and a.enterprise.federation_id == federation
        ),
        key=lambda e: e.name,
    )


def _read(request, code):
    access = get_enterprise_for(request.user, code, action=Action.VIEW_LEDGERS)
    params = request.GET
    if params.get("quarter") or params.get("month"):
        period = periods.parse(params)
    else:
        period = periods.parse(params, whole_year=True)
    sort = _clean(params).get("sort", "name")
    if sort.lstrip("-") not in figures.SORT_KEYS:
        sort = "name"
    rows = _assessment(_scope(request.user, access), period, sort)
    return access, period, sort, rows


def _assessment(enterprises, period, sort) -> list[figures.Assessment]:
    """The figures, from the cache when another officer of the federation asked for the same
    enterprises and period in the last LEDGER_ASSESSMENT_CACHE_SECONDS (aggregates only: no
    row here names an employee)."""
    seconds = settings.LEDGER_ASSESSMENT_CACHE_SECONDS
    if not seconds:
        return figures.assessment(enterprises, period, sort=sort)
    ids = ",".join(str(e.pk) for e in enterprises)
    key = "ledger:assessment:" + hashlib.sha256(f"{ids}|{period}|{sort}".encode()).hexdigest()
    rows = cache.get(key)
    if rows is None:
        rows = figures.assessment(enterprises, period, sort=sort)
        cache.set(key, rows, seconds)
    return rows


def _cells(row: figures.Assessment) -> list:
    return [
        row.enterprise.name,
        _("yes")
        if row.mechanism
        else _("no")
        + (
            ""
            if row.mechanism
            else "（"
            + "、".join(
                n
                for n, ok in ((_("leading group"), row.leading_group), (_("notice"), row.notice))
                if not ok
            )
            + "）"
        ),
        row.meetings_held,
        row.received,
        row.closed,
        row.report.percent,
        row.inform.percent,
        row.satisfied_percent,
        row.escalations,
    ]


@login_required
@reports_from_replica
def assessment(request, code):
    try:
        access, period, sort, rows = _read(request, code)
    except PeriodError as exc:
        access = get_enterprise_for(request.user, code, action=Action.VIEW_LEDGERS)
        return _bad_period(request, access, str(exc))
    base = period.query()
    headers = [
        {
            "label": label,
            "key": key,
            "url": "?" + urlencode({**base, "sort": ("-" + key) if sort == key else key}),
            "active": sort.lstrip("-") == key,
            "descending": sort.startswith("-"),
        }
        for key, label, _w in COLUMNS
    ]
    return render(
        request,
        "ledger/assessment.html",
        {
            "access": access,
            "enterprise": access.enterprise,
            "period": period,
            "headers": headers,
            "rows": [{"a": r, "cells": _cells(r)} for r in rows],
            "query": urlencode({**base, "sort": sort}),
            "years": range(period.year - 3, period.year + 1),
        },
    )


@login_required
@reports_from_replica
def assessment_xlsx(request, code):
    try:
        access, period, sort, rows = _read(request, code)
    except PeriodError as exc:
        access = get_enterprise_for(request.user, code, action=Action.VIEW_LEDGERS)
        return _bad_period(request, access, str(exc))
    title = f"工会与行政沟通协商工作考核（{period.printed}）"
    with translation.override(settings.LANGUAGE_CODE):  # printed in Chinese, as every form
        rendered = xlsx_table(
            f"考核-{period.slug}.xlsx",
            title=title,
            columns=[(str(label), width) for _k, label, width in COLUMNS],
            rows=[_cells(r) for r in rows],
            sheet=f"考核{period.slug}",
        )
    return document_response(rendered)

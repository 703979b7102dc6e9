"""Step 8 pages: the work ledger of a period, the annual category summary, the quarter's
archive, the dashboard (union and management) and the federation's assessment (考核).

Every page reads `?year=&quarter=` or `?year=&month=` and the filters; a period that cannot be
is answered with a 400 page that says what to give instead."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consult import docregistry
from consult.access import EnterpriseAccess, get_enterprise_for
from consult.aggregates import cached_figures
from consult.docregistry import DocumentContext, document_response
from consult.replica import reports_from_replica
from consult.roles import Action
from grievances.models import Grievance
from grievances.selectors import named_requesters_q
from ledger import figures, periods, services
from ledger.charts import bars
from ledger.documents import PDF_ROW_LIMIT, ledger_title
from ledger.filters import filtered
from ledger.forms import PreferenceForm
from ledger.models import ArchiveBuild, LedgerPreference, Rhythm, rhythm_of
from ledger.periods import Period, PeriodError
from ledger.rows import ledger_queryset, ledger_rows
from ledger.summary import quarters, summary_queryset, summary_title
from ledger.texts import HEADERS

INVALID = 400
PAGE_SIZE = 100
TEXT_LIMIT = 200  # characters of a parameter worth reading


def ledger_access(request, code) -> EnterpriseAccess:
    """Readers of an enterprise's ledgers: its union office and management (a federation user
    reads figures only, on the assessment page)."""
    access = get_enterprise_for(request.user, code, action=Action.VIEW_LEDGERS)
    if access.aggregate_only:
        raise Http404
    return access


def _clean(params) -> dict[str, str]:
    """The query string with control characters dropped (they name nothing)."""
    return {
        k: "".join(ch for ch in v if ch.isprintable())[:TEXT_LIMIT]
        for k, v in params.items()
        if isinstance(v, str)
    }


def _bad_period(request, access, message: str):
    return render(
        request,
        "ledger/bad_period.html",
        {"access": access, "enterprise": access.enterprise, "message": message},
        status=INVALID,
    )


def _period(request, access, *, whole_year=False) -> Period:
    # The raw values: a year with control characters in it is not a year (400), not "now".
    return periods.parse(request.GET, rhythm=rhythm_of(access.enterprise), whole_year=whole_year)


def _nav(period: Period) -> dict:
    return {
        "previous": urlencode(period.previous().query()),
        "next": urlencode(period.next().query()),
    }


@login_required
@reports_from_replica
def work_ledger(request, code):
    access = ledger_access(request, code)
    try:
        period = _period(request, access)
    except PeriodError as exc:
        return _bad_period(request, access, str(exc))
    params = _clean(request.GET)
    qs, filterset = filtered(ledger_queryset(access.enterprise, period), params, access)
    page = Paginator(qs.values_list("pk", flat=True), PAGE_SIZE).get_page(params.get("page"))
    rows = list(ledger_rows(access, request.user, Grievance.objects.filter(pk__in=list(page))))
    order = {pk: i for i, pk in enumerate(page)}
    rows.sort(key=lambda r: order[r.grievance_id])
    query = urlencode({**period.query(), **filterset.applied()})
    return render(
        request,
        "ledger/work_ledger.html",
        {
            "access": access,
            "enterprise": access.enterprise,
            "period": period,
            "title": ledger_title(access.enterprise, period),
            "headers": HEADERS,
            "rows": [list(zip(HEADERS, row, strict=True)) for row in rows],
            "page": page,
            "filter": filterset,
            "query": query,
            "pdf_too_long": page.paginator.count > PDF_ROW_LIMIT,
            "pdf_limit": PDF_ROW_LIMIT,
            "rhythm": rhythm_of(access.enterprise),
            "monthly": rhythm_of(access.enterprise) == Rhythm.MONTHLY,
            "nav": _nav(period),
            "preference_form": PreferenceForm(initial={"rhythm": rhythm_of(access.enterprise)})
            if access.may(Action.MANAGE_SETUP)
            else None,
            "quarters": (1, 2, 3, 4),
            "months": range(1, 13),
            "can_import_history": access.may(Action.IMPORT_HISTORY),
        },
    )


@login_required
@require_POST
def preference(request, code):
    access = get_enterprise_for(request.user, code, action=Action.MANAGE_SETUP)
    form = PreferenceForm(request.POST)
    if not form.is_valid():
        return _bad_period(request, access, _("Choose every quarter or every month."))
    LedgerPreference.objects.update_or_create(
        enterprise=access.enterprise, defaults={"rhythm": form.cleaned_data["rhythm"]}
    )
    messages.success(
        request,
        _("The ledger is now kept %(rhythm)s.")
        % {"rhythm": Rhythm(form.cleaned_data["rhythm"]).label.lower()},
    )
    return redirect("ledger_home", code=code)


@login_required
@reports_from_replica
def download(request, code, document, fmt):
    """The ledger's documents with a readable answer to a bad period (the registry's own
    URL answers a bare 400)."""
    access = ledger_access(request, code)
    if document not in ("work_ledger", "category_summary"):
        raise Http404
    entry = docregistry.get(document)
    if fmt not in entry.formats:
        raise Http404
    try:
        _period(request, access, whole_year=document == "category_summary")
    except PeriodError as exc:
        return _bad_period(request, access, str(exc))
    ctx = DocumentContext(
        access=access, user=request.user, params=_clean(request.GET), request=request
    )
    subject = entry.lookup(ctx, None)
    return document_response(entry.render(subject, fmt, ctx))


@login_required
@reports_from_replica
def category_summary(request, code):
    access = ledger_access(request, code)
    try:
        period = _period(request, access, whole_year=True)
    except PeriodError as exc:
        return _bad_period(request, access, str(exc))
    groups = quarters(summary_queryset(access.enterprise, period.year))
    return render(
        request,
        "ledger/category_summary.html",
        {
            "access": access,
            "enterprise": access.enterprise,
            "period": period,
            "title": summary_title(access.enterprise, period.year),
            "groups": [(periods.QUARTER_NAMES[q], classes) for q, classes in groups.items()],
            "query": urlencode(period.query()),
            "nav": _nav(period),
        },
    )


@login_required
def archive_page(request, code):
    """The period's archive: GET shows the reader's latest build of it (waiting, being built,
    ready with its link, or failed); POST asks for one (the one under way if there is one)."""
    access = ledger_access(request, code)
    try:
        period = _period(request, access)
    except PeriodError as exc:
        return _bad_period(request, access, str(exc))
    if request.method == "POST":
        services.archive_request(access=access, user=request.user, period=period)
        return redirect(f"{request.path}?{urlencode(period.query())}")
    build = (
        ArchiveBuild.objects.filter(
            enterprise=access.enterprise, requested_by=request.user, period=period.slug
        )
        .order_by("-created_at", "-pk")
        .first()
    )
    return render(
        request,
        "ledger/archive.html",
        {
            "access": access,
            "enterprise": access.enterprise,
            "period": period,
            "query": urlencode(period.query()),
            "build": build,
            "keep_hours": settings.ARCHIVE_KEEP_HOURS,
        },
    )


@login_required
def archive_download(request, code, pk):
    access = ledger_access(request, code)
    build = ArchiveBuild.objects.filter(
        enterprise=access.enterprise,
        requested_by=request.user,
        pk=pk,
        status=ArchiveBuild.Status.READY,
    ).first()
    path = services.archive_path(build.file) if build and build.file else None
    if path is None or not path.is_file():
        raise Http404
    period = periods.from_slug(build.period)
    response = FileResponse(open(path, "rb"), content_type=docregistry.ZIP_TYPE)
    filename = services.archive_filename(access.enterprise, period)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "no-store"
    return response


def _dashboard_period(request, access) -> Period:
    params = request.GET
    if params.get("quarter") or params.get("month"):
        return periods.parse(params, rhythm=rhythm_of(access.enterprise))
    return periods.parse(params, whole_year=True)


@login_required
@reports_from_replica
def dashboard(request, code):
    access = ledger_access(request, code)
    try:
        period = _dashboard_period(request, access)
    except PeriodError as exc:
        return _bad_period(request, access, str(exc))
    params = _clean(request.GET)
    qs, filterset = filtered(ledger_queryset(access.enterprise, period), params, access)
    applied = _applied(filterset)
    department = applied.get("department")
    cached = cached_figures(
        "ledger-dashboard",
        access.enterprise.pk,
        {
            "period": period.query(),
            "filters": {k: getattr(v, "pk", v) for k, v in applied.items()},
            # Narrowing by unit counts only the requesters this reader may see.
            "scope": str(named_requesters_q(access)) if "unit" in applied else "",
        },
        lambda: figures.dashboard_figures(
            qs, access.enterprise.pk, period, department.pk if department else None
        ),
    )
    found = cached.value
    classes = [{**c, "name": c["name"] or _("Not classified yet")} for c in found["classes"]]
    report, inform, rhythm = found["report"], found["inform"], found["rhythm"]
    levels = figures.satisfaction_rows(found["satisfaction"])
    quarter_totals = [sum(c["quarters"][q] for c in classes) for q in range(4)]
    charts = _charts(classes, quarter_totals, report, inform, levels, rhythm)
    query = urlencode({**period.query(), **filterset.applied()})
    return render(
        request,
        "ledger/dashboard.html",
        {
            "access": access,
            "enterprise": access.enterprise,
            "period": period,
            "filter": filterset,
            "classes": classes,
            "quarter_totals": quarter_totals,
            "counts": found["counts"],
            "report": report,
            "inform": inform,
            "levels": levels,
            "satisfaction": found["satisfaction"],
            "figures": cached,
            "rhythm": rhythm,
            "charts": charts,
            "query": query,
            "ledger_query": urlencode(
                {
                    **(
                        period.query()
                        if period.quarter or period.month
                        else {"year": period.year, "quarter": 4}
                    ),
                    **filterset.applied(),
                }
            ),
        },
    )


def _applied(filterset) -> dict:
    """The filters that narrow the items: {name: chosen value} (an invalid choice narrows
    nothing, see `filtered`)."""
    if not (filterset.is_bound and filterset.is_valid()):
        return {}
    return {k: v for k, v in filterset.form.cleaned_data.items() if v}


def _charts(classes, quarter_totals, report, inform, levels, rhythm) -> dict:
    """The dashboard's five bar charts (each shown with its table)."""
    return {
        "classes": bars(
            _("Items by class"), [(c["name"], c["total"], str(c["total"])) for c in classes]
        ),
        "quarters": bars(
            _("Items by quarter"),
            [(periods.QUARTER_NAMES[q + 1], n, str(n)) for q, n in enumerate(quarter_totals)],
        ),
        "clocks": bars(
            _("On time"),
            [
                (_("Department reports (clock 1)"), (report.rate or 0) * 100, report.percent),
                (_("Requester told (clock 2)"), (inform.rate or 0) * 100, inform.percent),
            ],
            maximum=100,
        ),
        "satisfaction": bars(
            _("Satisfaction"),
            [(row["name"], row["share"] * 100, f"{row['share'] * 100:.0f}%") for row in levels],
            maximum=100,
        ),
        "meetings": bars(
            _("Meetings held"),
            [
                (
                    periods.QUARTER_NAMES[m["quarter"]],
                    m["held"] + m["group"] + m["dispatch"],
                    str(m["held"] + m["group"] + m["dispatch"]),
                )
                for m in rhythm
            ],
        ),
    }

"""Personal data over time (个人信息保护法), the union chair's pages: the retention period, the
erasures done, erasure on request (with its confirmation), and who saw which protected
requester. The text the union marks as identifying is posted from the item's page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consult.access import get_enterprise_for
from consult.audit import log_identity_view
from consult.events import SetupEvent
from consult.forms import RetentionForm
from consult.models import display_name
from consult.pagination import PAGE_SIZE, IdFirstPaginator, query_without_page
from consult.roles import Action
from consult.services import setup_save
from consult.workflow import StepRefused
from grievances import services
from grievances.choices import Disclosure, ErasureKind
from grievances.privacy import (
    context_label,
    erasure_events,
    erasure_labels,
    erasure_preview,
    identity_views,
    items_by_id,
    request_candidates,
    viewers,
)
from grievances.privacy_forms import ErasureRequestForm, IdentifyingTextForm, IdentityViewFilter
from grievances.selectors import get_grievance_for, grievance_by_number, sees_uncleared_attachments
from grievances.views._common import CONFLICT, INVALID, _detail_url

RECENT_ERASURES = 20


def _kind_label(data: dict) -> str:
    kind = data.get("kind")
    return str(ErasureKind(kind).label) if kind in ErasureKind.values else ""


def _chair(request, code):
    return get_enterprise_for(request.user, code, action=Action.MANAGE_PERSONAL_DATA)


@login_required
def personal_data(request, code):
    """The chair's page: how long identities are kept, and the latest erasures."""
    access = _chair(request, code)
    enterprise = access.enterprise
    form = RetentionForm(request.POST or None, instance=enterprise)
    if request.method == "POST" and form.is_valid():
        setup_save(
            enterprise=enterprise,
            by=request.user,
            event=SetupEvent.RETENTION_EDITED,
            target=enterprise,
            forms=[form],
        )
        messages.success(request, _("The retention period was saved."))
        return redirect("personal_data", code=code)
    erasures = _recent_erasures(enterprise)
    return render(
        request,
        "grievances/personal_data.html",
        {"access": access, "enterprise": enterprise, "form": form, "erasures": erasures},
        status=INVALID if request.method == "POST" else 200,
    )


def _recent_erasures(enterprise) -> list[tuple]:
    """The latest erasures, each with its kind and what went."""
    return [
        (e, _kind_label(e.data), erasure_labels(e.data))
        for e in erasure_events(enterprise)[:RECENT_ERASURES]
    ]


def _candidates_page(request, access, query, *, form=None, status=200, refusal=""):
    candidates = request_candidates(access, query)
    _log_confidential_listed(request, access, candidates)
    if form is None:
        form = ErasureRequestForm(
            candidates=candidates,
            initial={"items": [c.grievance.pk for c in candidates if c.erasable]},
        )
    rows = [(c, erasure_preview(c.grievance).labels() if c.erasable else []) for c in candidates]
    return render(
        request,
        "grievances/erase_request.html",
        {
            "access": access,
            "enterprise": access.enterprise,
            "query": query,
            "rows": rows,
            "erasable": any(c.erasable for c in candidates),
            "form": form,
            "refusal": refusal,
        },
        status=status,
    )


def _log_confidential_listed(request, access, candidates) -> None:
    """Listing a confidential requester's items is seeing who they are: logged."""
    for c in candidates:
        if c.grievance.disclosure == Disclosure.CONFIDENTIAL and not c.erased:
            log_identity_view(
                enterprise=access.enterprise,
                viewer=request.user,
                target=c.grievance,
                context="erase_request",
            )


@login_required
def erase_request(request, code):
    """Erasure on request: find the person's items (GET), confirm with the reason (POST)."""
    access = _chair(request, code)
    if request.method != "POST":
        return _candidates_page(request, access, request.GET.get("q", "")[:200])
    return _erase_request_confirmed(request, access)


def _erase_request_confirmed(request, access):
    """The POST of erasure on request: the chosen items erased, or the page again saying why."""
    query = request.POST.get("q", "")[:200]
    candidates = request_candidates(access, query)
    form = ErasureRequestForm(request.POST, candidates=candidates)
    if not form.is_valid():
        return _candidates_page(request, access, query, form=form, status=INVALID)
    chosen = [c.grievance for c in candidates if c.grievance.pk in set(form.cleaned_data["items"])]
    try:
        done = services.identity_erase_on_request(
            access=access, grievances=chosen, by=request.user, reason=form.cleaned_data["reason"]
        )
    except StepRefused as refused:  # an item still being handled: nothing was erased
        return _candidates_page(
            request, access, query, form=form, status=CONFLICT, refusal=refused.message
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return _candidates_page(request, access, query, form=form, status=INVALID)
    messages.success(request, _erased_message(done, chosen))
    return redirect("personal_data", code=access.enterprise.code)


def _erased_message(done: list, chosen: list) -> str:
    return _("The requester's identity was erased from %(count)d item(s): %(numbers)s.") % {
        "count": len(done),
        "numbers": "、".join(g.number for g in chosen),
    }


@login_required
def identity_views_page(request, code):
    """Who saw which protected requester, when, from which page: filtered, a page at a time."""
    access = _chair(request, code)
    enterprise = access.enterprise
    form = IdentityViewFilter(request.GET or None, viewers=viewers(enterprise))
    views, status = _filtered_views(form, enterprise)
    page = IdFirstPaginator(views, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "grievances/identity_views.html",
        {
            "access": access,
            "enterprise": enterprise,
            "form": form,
            "rows": _view_rows(enterprise, page),
            "page": page,
            "query": query_without_page(request),
        },
        status=status,
    )


def _filtered_views(form, enterprise) -> tuple:
    """The views the filter asks for and the status: none and INVALID when it cannot be."""
    views = identity_views(enterprise)
    if not form.is_bound:
        return views, 200
    filters = _view_filters(form, enterprise) if form.is_valid() else None
    if filters is None:  # a filter that cannot be: say which, list nothing
        return views.none(), INVALID
    return identity_views(enterprise, **filters), 200


def _view_rows(enterprise, page) -> list[tuple]:
    """(view, viewer's name, item, page's label) for each view of the page."""
    items = items_by_id(enterprise, [v.target_id for v in page])
    return [
        (v, display_name(v.viewer), items.get(v.target_id), context_label(v.context)) for v in page
    ]


def _view_filters(form, enterprise) -> dict | None:
    data = form.cleaned_data
    filters = {"since": data["since"], "until": data["until"]}
    if data["viewer"] is not None:
        filters["viewer_id"] = data["viewer"].pk
    if data["number"].strip():
        filters["grievance"] = grievance_by_number(enterprise, data["number"])
        if filters["grievance"] is None:
            form.add_error("number", _("There is no item with this number."))
            return None
    return filters


# -- on the item's page -----------------------------------------------------------------------


def _may_mark(access, user, grievance) -> bool:
    return access.may(Action.VERIFY_GRIEVANCE) and sees_uncleared_attachments(
        grievance, access, user
    )


def privacy_section(request, access, grievance):
    """The item page's part (grievances.sections): the erasure if done; else the identifying
    text for those who may see the requester, and the chair's way to erase on request."""
    erased = None
    if grievance.identity_erased_at is not None:
        erased = erasure_events(access.enterprise).filter(grievance=grievance).first()
    may_mark = erased is None and _may_mark(access, request.user, grievance)
    may_erase = erased is None and access.may(Action.MANAGE_PERSONAL_DATA)
    if erased is None and not may_mark and not may_erase:
        return None
    erase_url = reverse("erase_request", args=[access.enterprise.code])
    return {
        "template": "grievances/_privacy_section.html",
        "context": {
            "grievance": grievance,
            "erased": erased,
            "erased_what": erasure_labels(erased.data) if erased else [],
            "form": IdentifyingTextForm(initial={"text": grievance.identifying_text})
            if may_mark
            else None,
            "erase_url": f"{erase_url}?{urlencode({'q': grievance.number})}" if may_erase else "",
        },
    }


@require_POST
@login_required
def grievance_identifying_text(request, code, pk):
    access, grievance = get_grievance_for(request.user, code, pk, action=Action.VERIFY_GRIEVANCE)
    if not _may_mark(access, request.user, grievance):
        raise PermissionDenied
    form = IdentifyingTextForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("At most 5000 characters."))
        return redirect(_detail_url(grievance))
    services.grievance_mark_identifying(
        grievance=grievance, by=request.user, text=form.cleaned_data["text"]
    )
    messages.success(request, _("The identifying text was saved."))
    return redirect(_detail_url(grievance))

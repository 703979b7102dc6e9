"""The API's operations (issue 22). Each one asks the token for its scope, then goes through
what the pages use: the same forms (their rules and messages), services, rate limits and receipt
look-up, scoped to the token's enterprise."""

import hashlib
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Status
from ninja.renderers import JSONRenderer

from consult.access import access_for
from consult.models import IntegrationScope, Membership
from consult.phones import NotAMobile, normalise_phone
from consult.roles import Action
from grievances import services
from grievances.api import errors
from grievances.api.auth import TokenAuth
from grievances.api.errors import BAD_REQUEST, NOT_FOUND, TOO_MANY, Refusal
from grievances.api.schemas import (
    AnonymousIn,
    ErrorOut,
    ItemOut,
    MineIn,
    OwnItemsOut,
    PersonIn,
    ReceiptIn,
    ReceiptOut,
    StatusOut,
    SubmitIn,
)
from grievances.events import event_label
from grievances.forms import PublicSubmitForm, SubmitForm
from grievances.models import Grievance
from grievances.ratelimit import hit, is_limited
from grievances.selectors import (
    PUBLIC_NOTE_ACTIONS,
    grievance_by_receipt,
    merge_chain,
    public_events,
)

CREATED, OK = 201, 200
REFUSALS = {code: ErrorOut for code in (400, 401, 403, 404, 429)}
OWN_ITEMS_PAGE = 50


class Utf8Renderer(JSONRenderer):
    # Chinese as itself (UTF-8), not \u escapes: an OA developer reads the answers in curl.
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="协商 (consult) API",
    version="1",
    description=(
        "For an enterprise's OA and mini-programs. Every call carries the token the union "
        "chair created on the page “API tokens”: `Authorization: Bearer <token>`. Answers and "
        "refusals are in the language of `Accept-Language` (zh-Hans by default, or en)."
    ),
    urls_namespace="api-1",
    renderer=Utf8Renderer(),
    docs_url="/docs/",
    openapi_url="/openapi.json",
)
errors.install(api)


def _form_token(token, scope: str, request_id: str | None) -> str:
    """The pages' per-form token: a caller's request_id sent twice creates one item. Namespaced
    by the integration token and the call, so no caller can name another caller's (or
    enterprise's) item, nor an anonymous call answer with a named item."""
    if not request_id:
        return uuid.uuid4().hex
    return hashlib.sha256(f"api:{token.pk}:{scope}:{request_id}".encode()).hexdigest()[:40]


def _members(enterprise, person: PersonIn):
    employee_no, phone = (person.employee_no or "").strip(), (person.phone or "").strip()
    if bool(employee_no) == bool(phone):
        raise Refusal(
            BAD_REQUEST, _("Name the person by employee number or by phone (one of the two).")
        )
    members = Membership.objects.filter(enterprise=enterprise, is_active=True)
    if employee_no:
        return members.filter(employee_no=employee_no)
    try:
        return members.filter(phone=normalise_phone(phone))
    except NotAMobile:
        raise Refusal(BAD_REQUEST, _("This is not a mainland mobile number.")) from None


def _person(enterprise, person: PersonIn):
    """The account of the enterprise's active member the OA names, who may submit."""
    found = list(_members(enterprise, person).select_related("user")[:2])
    if len(found) > 1:
        raise Refusal(
            BAD_REQUEST,
            _("Several people of the enterprise have this phone: name them by employee number."),
        )
    user = found[0].user if found else None
    access = access_for(user, enterprise) if user is not None else None
    if access is None or not access.may(Action.SUBMIT_GRIEVANCE):
        raise Refusal(
            NOT_FOUND, _("No active member of the enterprise has this employee number or phone.")
        )
    return user


def _service(fn, **kwargs) -> Grievance:
    try:
        return fn(**kwargs)
    except DjangoValidationError as exc:
        raise Refusal(BAD_REQUEST, " ".join(exc.messages)) from None


@api.post(
    "/grievances/",
    summary="Submit for a person",
    auth=TokenAuth(IntegrationScope.SUBMIT_FOR_PERSON),
    response={CREATED: ItemOut, OK: ItemOut, **REFUSALS},
)
def submit_for_person(request, payload: SubmitIn):
    """Submit, named or confidential, for a person signed in to the OA: the item is theirs as
    if they had submitted it in the app (scope submit_for_person)."""
    token = request.auth
    enterprise = token.enterprise
    user = _person(enterprise, payload.person)
    data = payload.model_dump(exclude={"person", "request_id"})
    data["category"] = data["category"] or ""
    data["token"] = _form_token(token, IntegrationScope.SUBMIT_FOR_PERSON, payload.request_id)
    form = SubmitForm(data, enterprise=enterprise)
    if not form.is_valid():
        raise errors.refuse_form(form)
    grievance = _service(
        services.grievance_submit,
        enterprise=enterprise,
        by=user,
        **{k: form.cleaned_data[k] for k in ("kind", "content", "disclosure", "category", "token")},
    )
    return Status(OK if getattr(grievance, "repeated", False) else CREATED, ItemOut.of(grievance))


@api.post(
    "/grievances/mine/",
    summary="A person's own items",
    auth=TokenAuth(IntegrationScope.LIST_OWN),
    response={OK: OwnItemsOut, **REFUSALS},
)
def own_items(request, payload: MineIn):
    """A person's own items, newest first, as on their page “My items” (scope list_own).
    Their anonymous items are not theirs to list: nothing links them to the person."""
    token = request.auth
    user = _person(token.enterprise, payload.person)
    items = list(
        Grievance.objects.filter(enterprise=token.enterprise, requester=user).order_by(
            "-received_at", "-id"
        )[payload.offset : payload.offset + OWN_ITEMS_PAGE + 1]
    )
    rows = [{**ItemOut.of(g), "content": g.content} for g in items[:OWN_ITEMS_PAGE]]
    return Status(OK, {"items": rows, "more": len(items) > OWN_ITEMS_PAGE})


@api.post(
    "/anonymous/",
    summary="Submit anonymously",
    auth=TokenAuth(IntegrationScope.SUBMIT_ANONYMOUS),
    response={CREATED: ReceiptOut, OK: ReceiptOut, **REFUSALS},
)
def submit_anonymous(request, payload: AnonymousIn):
    """Submit anonymously, as on the public page /s/<code>/: nothing about the person or the
    client is taken or stored; the answer holds the receipt code and the secret, shown once
    (scope submit_anonymous)."""
    token = request.auth
    caller = str(token.pk)
    if is_limited(request, "submit", settings.RATELIMIT_API_SUBMIT_LIMIT, caller=caller):
        raise Refusal(TOO_MANY, _("Too many submissions from here. Please try again later."))
    form = PublicSubmitForm(
        {
            "kind": payload.kind,
            "content": payload.content,
            "token": _form_token(token, IntegrationScope.SUBMIT_ANONYMOUS, payload.request_id),
        }
    )
    if not form.is_valid():
        raise errors.refuse_form(form)
    grievance = _service(
        services.grievance_submit_anonymous,
        enterprise=token.enterprise,
        **{k: form.cleaned_data[k] for k in ("kind", "content", "token")},
    )
    repeated = getattr(grievance, "repeated", False)
    if not repeated:
        hit(request, "submit", settings.RATELIMIT_API_SUBMIT_WINDOW, caller=caller)
    answer = {
        **ItemOut.of(grievance),
        "receipt_code": grievance.receipt_code,
        "secret": getattr(grievance, "receipt_secret", None),
    }
    return Status(OK if repeated else CREATED, answer)


def _followed(grievance: Grievance) -> dict:
    return {
        "number": grievance.number,
        "status": grievance.status,
        "status_label": str(grievance.get_status_display()),
        "public_reply": grievance.public_reply,
        "events": [
            {
                "at": e.created_at,
                "label": event_label(e.action),
                "note": e.note if e.action in PUBLIC_NOTE_ACTIONS else "",
            }
            for e in public_events(grievance)
        ],
    }


@api.post(
    "/track/",
    summary="Status by receipt",
    auth=TokenAuth(IntegrationScope.READ_RECEIPT),
    response={OK: StatusOut, **REFUSALS},
)
def track(request, payload: ReceiptIn):
    """An item's public status by its receipt code and secret, as /track/ shows it
    (scope read_receipt). The pair is posted, never put in a URL; wrong pairs count against
    the same limit as on /track/."""
    token = request.auth
    caller = str(token.pk)
    if is_limited(request, "track", settings.RATELIMIT_TRACK_LIMIT, caller=caller):
        raise Refusal(TOO_MANY, _("Too many attempts. Please try again later."))
    grievance = grievance_by_receipt(
        code=payload.receipt_code, secret=payload.secret, enterprise=token.enterprise
    )
    if grievance is None:
        hit(request, "track", settings.RATELIMIT_TRACK_WINDOW, caller=caller)
        raise Refusal(NOT_FOUND, _("The receipt code or the secret is not right."))
    first, *merged = merge_chain(grievance)
    answer = {**_followed(first), "received_at": first.received_at}
    return Status(OK, {**answer, "merged_into": [_followed(g) for g in merged]})

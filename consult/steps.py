"""The one step runner: every view that takes a step of a flow answers through `run_step`.

In this order, with nothing saved unless the last part succeeds:

1. the flow's table (`Flow.require`): 403 when the user may never take the step here, 409 with
   the refusal on the page when the object's state does not allow it;
2. the form: 400, the page shown again with the bound form (what the user typed is kept);
3. for a form that offers several steps (approve or return), the table again for the step the
   posted data chose;
4. the service: `StepRefused` found under the lock answers 409 with its message, a
   `ValidationError` (input the service cannot take) 400, on the form or as a message;
5. the app's message (what happened and who acts next) and a redirect.

Each app passes its own page renderer and message; the mapping from refusal to status is
here only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from consult.workflow import Flow, StepRefused

INVALID = 400  # input the service cannot take: the page again, with the form as typed
CONFLICT = StepRefused.status_code  # the object's state refuses the step

# page(bound form or None, status) → the object's page shown again.
Page = Callable[[Any, int], HttpResponse]


def require_one_of(flow: Flow, access, user, obj, names: Sequence[str]) -> None:
    """The table's answer for a form offering `names`: 403 unless the user may take one of
    them here at all, 409 unless one of those may start from the object's state."""
    mine = [n for n in names if flow.permits(access, user, obj, flow.step(n))]
    if not mine:
        raise PermissionDenied
    for name in mine:
        if getattr(obj, flow.state_field) in flow.step(name).sources:
            return
    flow.require(access, user, obj, mine[0])  # raises the step's refusal


def run_step(
    request: HttpRequest,
    *,
    flow: Flow | None,
    access,
    obj,
    step: str | Sequence[str] | None,
    call: Callable[[dict], Any],
    page: Page,
    to: str | Callable[[Any], str],
    said: str | Callable[[dict, Any], str | None] | None = None,
    form=None,
    choose: Callable[[dict], str] | None = None,
) -> HttpResponse:
    """Take step `step` of `flow` on `obj` for `request.user` with `call(cleaned_data)`.

    `step`: the step's name, or the names of the steps a form offers, with `choose(data)`
    naming the one the posted data takes; None for an edit that is no step of a flow (a
    meeting's agenda, its participants), which the access helper's action and the service's
    check of the status under the lock decide. `said`: the success message, or
    `said(data, result)`; `to`: where to go next, or `to(result)`.
    """
    names = () if step is None else (step,) if isinstance(step, str) else tuple(step)
    if len(names) > 1 and choose is None:
        raise TypeError("a form offering several steps needs `choose`")
    if names:
        assert flow is not None
        try:
            require_one_of(flow, access, request.user, obj, names)
        except StepRefused as exc:
            return _refused(request, obj, page, exc)
    if form is not None and not form.is_valid():
        return page(form, INVALID)
    data = form.cleaned_data if form is not None else {}
    try:
        if choose is not None and flow is not None:
            flow.require(access, request.user, obj, choose(data))
        result = call(data)
    except StepRefused as exc:
        return _refused(request, obj, page, exc)
    except ValidationError as exc:
        obj.refresh_from_db()
        if form is None:
            messages.error(request, " ".join(exc.messages))
            return page(None, INVALID)
        form.add_error(None, exc)
        return page(form, INVALID)
    text = said(data, result) if callable(said) else said
    if text:
        messages.success(request, text)
    return redirect(to(result) if callable(to) else to)


def _refused(request, obj, page: Page, exc: StepRefused) -> HttpResponse:
    messages.error(request, exc.message)
    obj.refresh_from_db()
    return page(None, CONFLICT)

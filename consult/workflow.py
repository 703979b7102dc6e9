"""One way to change state, for every aggregate of the eight steps.

Each aggregate (grievance, topic, register, meeting, RSVP, and later tasks and survey rounds)
declares one `Flow`: a table of `Step`s saying who may take each step (an action of
`consult.roles`, and a condition such as "routed to my department"), from which states to
which, the typed event it writes, whether the requester reads it, and who is told. Services
move objects with `apply()`: lock the row, check the move against the table, write the fields
once, write one event with the old and new values, refresh the instance, queue notifications.
Views, panels, admin and templates ask the same table which steps a user may take.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _

from consult.access import EnterpriseAccess

# Sent inside the step's transaction after its event is written, so that an app to the right
# (supervision, surveys) can act on a step of an app to its left in the same transaction:
# step_taken.send(sender=flow, obj=..., step=name, by=..., event=...).
step_taken = Signal()

REQUESTER = "requester"  # a notice addressed to the item's requester rather than to an action


class StepRefused(Exception):
    """A step the object cannot take now; every view answers it with 409 and the message."""

    status_code = 409

    def __init__(self, message=None):
        self.message = str(message or _("This step is not possible in the current status."))
        super().__init__(self.message)


@dataclass(frozen=True)
class Notice:
    """Who hears of a step: members who may take `to` (an action), or the requester."""

    to: str
    subject: Any  # a lazy string, formatted with the step's data
    departments: bool = False  # only members of the object's departments
    body_from_note: bool = False
    when: Callable[[Any], bool] | None = None  # sent only when this holds for the moved object


@dataclass(frozen=True)
class Step:
    name: str
    sources: frozenset[str]
    target: str | Callable[[Any], str] | None  # None: the state stays (an edit or a record)
    event: str
    action: str | None = None  # the action of consult.roles that may take it; None: condition
    condition: Callable[[EnterpriseAccess, Any, Any], bool] | None = None  # (access, user, obj)
    # A condition on the object's progress rather than on who the user is (my department has
    # not answered yet): when it fails the step is refused now (409), not forbidden (403).
    pending: Callable[[EnterpriseAccess, Any, Any], bool] | None = None
    pending_refusal: Any = None  # the message when `pending` fails (else the state's)
    # The same condition as a query filter, for queues: scope(access) → Q (None: no filter).
    scope: Callable[[EnterpriseAccess], Q | None] | None = None
    # States in which the object waits for whoever may take this step (None: all sources).
    waits: frozenset[str] | None = None
    notices: tuple[Notice, ...] = ()
    refusal: Any = None  # the message when the state does not allow it (else the flow's)
    # A note along the way (a progress note, a tracking visit): the work that notifications
    # about the object asked for is still to do (consult.audit.step_done).
    progress_only: bool = False

    def target_for(self, obj) -> str | None:
        return self.target(obj) if callable(self.target) else self.target


class Flow:
    """The steps of one aggregate and how it records and announces them.

    Subclasses say how to write the event row (`write_event`) and whom a notice reaches
    (`recipients`, `notify`); the rest is shared.
    """

    refusal: Any = _("This step is not possible in the current status.")

    def __init__(self, model, steps: Iterable[Step], *, state_field="status", refusal=None):
        self.model = model
        self.steps = {s.name: s for s in steps}
        self.state_field = state_field
        if refusal is not None:
            self.refusal = refusal

    # -- reading the table -------------------------------------------------------------------

    def step(self, name: str) -> Step:
        return self.steps[name]

    def states(self) -> set[str]:
        """Every state a step starts from or leads to (fixed targets only)."""
        found: set[str] = set()
        for s in self.steps.values():
            found |= s.sources
            if isinstance(s.target, str):
                found.add(s.target)
        return found

    def may(self, access: EnterpriseAccess | None, user, obj, name: str) -> bool:
        """May `user` take step `name` on `obj` now (its state, their action, the condition)?"""
        step = self.steps[name]
        if getattr(obj, self.state_field) not in step.sources:
            return False
        if access is None or not self.permits(access, user, obj, step):
            return False
        return step.pending is None or bool(step.pending(access, user, obj))

    def permits(self, access: EnterpriseAccess | None, user, obj, step: Step) -> bool:
        """The role and condition part of `may`, whatever the object's state."""
        if access is None:
            return False
        if step.action is not None and not access.may(step.action):
            return False
        return step.condition is None or bool(step.condition(access, user, obj))

    def allowed(self, access: EnterpriseAccess | None, user, obj) -> set[str]:
        """The names of the steps `user` may take on `obj` now."""
        return {name for name in self.steps if self.may(access, user, obj, name)}

    def waiting_q(self, access: EnterpriseAccess, steps: Iterable[str] | None = None) -> Q:
        """Objects waiting for this user to take a step (of `steps`, or any): the filter of
        queues and "waiting for me" panels."""
        condition = Q(pk__in=[])
        for s in self.steps.values():
            if steps is not None and s.name not in steps:
                continue
            states = s.sources if s.waits is None else s.waits
            if not states or s.action is None or not access.may(s.action):
                continue
            extra = s.scope(access) if s.scope is not None else Q()
            if extra is None:  # the condition cannot hold for this user
                continue
            condition |= Q(**{f"{self.state_field}__in": sorted(states)}) & extra
        return condition

    def require(self, access, user, obj, name: str) -> None:
        """403 when the user may never take the step here; 409 when the state is wrong."""
        from django.core.exceptions import PermissionDenied

        step = self.steps[name]
        if not self.permits(access, user, obj, step):
            raise PermissionDenied
        if getattr(obj, self.state_field) not in step.sources:
            raise StepRefused(step.refusal or self.refusal)
        if step.pending is not None and not step.pending(access, user, obj):
            raise StepRefused(step.pending_refusal or step.refusal or self.refusal)

    # -- recording (subclasses) --------------------------------------------------------------

    def write_event(
        self,
        *,
        obj,
        event: str,
        by,
        before: str,
        after: str,
        note: str,
        changes: dict,
        data: dict,
    ):
        raise NotImplementedError  # each aggregate's flow writes its own event table

    def notify(self, *, obj, notice: Notice, by, note: str, data: dict) -> None:
        """Send one notice of a step; aggregates without notices need not override."""

    def record(
        self,
        obj,
        event: str,
        *,
        by,
        note: str = "",
        changes: dict | None = None,
        data: dict | None = None,
    ):
        """An event that changes no state (a reply, an attachment, an edit)."""
        state = getattr(obj, self.state_field, "") or ""
        return self.write_event(
            obj=obj,
            event=event,
            by=by,
            before=state,
            after=state,
            note=note,
            changes=changes or {},
            data=data or {},
        )


def actor(user):
    """The user to record as the actor (None for anonymous visitors)."""
    return user if user is not None and user.is_authenticated else None


def plain(value):
    """A value as it is kept in an event's `changes` (JSON): rows by id, dates as ISO text."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.QuerySet):  # a many-to-many field's value
        return sorted(v.pk for v in value)
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def _column(model, name: str) -> str:
    f = model._meta.get_field(name)
    return f.attname if f.is_relation else name


def diff(model, locked, values: dict) -> dict:
    """{field: [old, new]} for each value that differs from the locked row."""
    changes = {}
    for name, new in values.items():
        old = getattr(locked, _column(model, name))
        if plain(old) != plain(new):
            changes[name] = [plain(old), plain(new)]
    return changes


def lock(flow: Flow, obj, name: str):
    """Lock the row and check that step `name` may start from its state; the locked copy.

    Call inside a transaction, before work that must not happen when the step is refused.
    """
    locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    step = flow.steps[name]
    if getattr(locked, flow.state_field) not in step.sources:
        raise StepRefused(step.refusal or flow.refusal)
    return locked


def apply(
    flow: Flow,
    obj,
    name: str,
    *,
    by,
    note: str = "",
    fields: dict | None = None,
    data: dict | None = None,
    check: Callable[[Any], None] | None = None,
    caused_by=None,
):
    """Take step `name` on `obj`: the one way any aggregate changes state.

    `fields` are written with the state in the same UPDATE; `check(locked)` may raise
    `StepRefused` or `ValidationError` after the lock (e.g. "routed to this department").
    `caused_by`: the event of the step on another aggregate that this step follows from (a
    task reported moves the items it serves): that step's notice is the event's only one, so
    this step sends none of its own (one event, one notice to each reader).
    Returns the event row. `obj` is refreshed from the database.
    """
    with transaction.atomic():
        moved, changes = _state_write(flow, obj, name, fields=fields, check=check)
        return _step_record(
            flow,
            obj,
            name,
            by=by,
            note=note,
            moved=moved,
            changes=changes,
            data=dict(data or {}),
            caused_by=caused_by,
        )


def _state_write(flow: Flow, obj, name: str, *, fields: dict | None, check) -> tuple:
    """Lock `obj`, check the step may start, and write its new state and `fields` in one
    UPDATE; `obj` refreshed. ((state before, state after), the fields' changes)."""
    model = type(obj)
    locked = lock(flow, obj, name)
    before = getattr(locked, flow.state_field)
    if check is not None:
        check(locked)
    after = flow.steps[name].target_for(locked) or before
    values = dict(fields or {})
    values[flow.state_field] = after
    changes = diff(model, locked, values)
    if changes:
        model._default_manager.filter(pk=obj.pk).update(
            **{k: v for k, v in values.items() if k in changes}
        )
    obj.refresh_from_db()
    changes.pop(flow.state_field, None)  # the move itself is recorded as from → to
    return (before, after), changes


def _step_record(
    flow: Flow, obj, name: str, *, by, note: str, moved, changes, data: dict, caused_by=None
):
    """The step's event row (returned), its notices (none when `caused_by`: see `apply`), and
    `step_taken` for other apps."""
    step = flow.steps[name]
    before, after = moved
    event = flow.write_event(
        obj=obj,
        event=step.event,
        by=by,
        before=before,
        after=after,
        note=note,
        changes=changes,
        data=data,
    )
    for notice in step.notices if caused_by is None else ():
        if notice.when is None or notice.when(obj):
            flow.notify(obj=obj, notice=notice, by=by, note=note, data=data)
    step_taken.send(sender=flow, obj=obj, step=name, by=by, event=event)
    return event


def edit(
    flow: Flow,
    obj,
    event: str,
    *,
    by,
    fields: dict,
    allowed: Iterable[str] | None = None,
    refusal=None,
    note: str = "",
    data: dict | None = None,
):
    """Change plain fields (no state move) under the lock and record old and new values.

    `allowed` lists the states in which the edit may happen.
    """
    model = type(obj)
    with transaction.atomic():
        locked = model._default_manager.select_for_update().get(pk=obj.pk)
        if allowed is not None and getattr(locked, flow.state_field) not in set(allowed):
            raise StepRefused(refusal or flow.refusal)
        changes = diff(model, locked, fields)
        if changes:
            model._default_manager.filter(pk=obj.pk).update(
                **{k: v for k, v in fields.items() if k in changes}
            )
        obj.refresh_from_db()
        return flow.record(obj, event, by=by, note=note, changes=changes, data=data)


class AuditFlow(Flow):
    """A flow whose events go to the shared audit table (topics, registers, meetings, RSVPs).

    Notices go to the members of the object's enterprise who may do the notice's action.
    """

    def __init__(
        self, model, steps, *, url=None, enterprise=None, target=None, refusal=None, **kwargs
    ):
        super().__init__(model, steps, refusal=refusal, **kwargs)
        self.url = url or (lambda obj: "")
        self.enterprise_of = enterprise or (lambda obj: obj.enterprise)
        self.target_of = target or (lambda obj: obj)  # whose timeline the events join

    def notify(self, *, obj, notice, by, note, data):
        from consult.audit import notify
        from consult.models import MessageKind
        from consult.selectors import members_who_may

        enterprise = self.enterprise_of(obj)
        departments = obj.departments.values_list("pk", flat=True) if notice.departments else None
        recipients = list(members_who_may(enterprise, notice.to, department_ids=departments))
        if recipients:
            notify(
                enterprise=enterprise,
                recipients=recipients,
                subject=notice.subject,  # shown in each reader's language
                params=data or {},
                body=note if notice.body_from_note else "",
                url=self.url(obj),
                kind=MessageKind.STEP,
            )

    def write_event(self, *, obj, event, by, before, after, note, changes, data):
        from consult.audit import record_event

        return record_event(
            enterprise=self.enterprise_of(obj),
            target=self.target_of(obj),
            action=event,
            actor=by,
            from_state=before,
            to_state=after,
            note=note,
            data=data,
            changes=changes,
        )

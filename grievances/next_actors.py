"""Who acts next on a grievance and what they do, read from the step table of
`grievances.workflow` (lists and the item's page show it)."""

import functools
from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from consult.roles import Action, Role
from consult.selectors import roles_that_may
from grievances.rows import answers_of, handling_departments
from grievances.workflow import (
    ENDED_STATES,
    GRIEVANCE_FLOW,
    my_department_scope,
    my_department_to_answer_scope,
)

# Role.values builds a new list on each call; this is asked for every role of every row.
_ROLES = frozenset(Role.values)

# What a step asks, where the label of the action it needs would say something else: a
# department that has answered is next asked to carry out its measures and report, not to
# answer again.
_DOES = {
    "report": _("carry out the measures and report the result"),
}


@dataclass(frozen=True)
class NextActor:
    action: str  # the action of consult.roles the step needs
    who: str  # the handling departments, or the roles that may take it
    does: str  # what they do (the action's label)

    def __str__(self) -> str:
        return f"{self.who}（{self.does}）"


@functools.cache
def _forward_steps(status: str) -> tuple:
    """The steps the item waits for in `status` (as the "waiting for me" queues read them);
    where none waits, the steps that move it on (not those that end it). The step table is
    fixed, so each status is worked out once per process (a list asks for every row)."""
    waiting = [
        s
        for s in GRIEVANCE_FLOW.steps.values()
        if s.action is not None and status in (s.sources if s.waits is None else s.waits)
    ]
    if waiting:
        return tuple(waiting)
    return tuple(
        s
        for s in GRIEVANCE_FLOW.steps.values()
        if s.action is not None
        and status in s.sources
        and isinstance(s.target, str)
        and s.target not in ENDED_STATES
        # A step that waits in other states only is optional here (an inadequate answer).
        and not (s.waits and status not in s.waits)
    )


def next_actors(grievance) -> list[NextActor]:
    """Who acts next on the item and what they do, read from the step table above.

    A step limited to the item's departments names those departments; any other step names
    the roles that may take it. Empty when the item's handling has ended.
    """
    found: dict[str, NextActor] = {}
    for step in _forward_steps(grievance.status):
        if step.action in found:
            continue
        if step.scope is my_department_to_answer_scope:
            # Read as lists and pages prefetch them (grievances.selectors).
            answered = {a.department_id for a in answers_of(grievance) if a.superseded_at is None}
            who = "、".join(d.name for d in handling_departments(grievance) if d.pk not in answered)
        elif step.scope is my_department_scope:
            who = "、".join(d.name for d in handling_departments(grievance))
        else:
            who = _labels(step.action, step.name, get_language())[0]
        does = _labels(step.action, step.name, get_language())[1]
        found[step.action] = NextActor(step.action, who, does)
    return list(found.values())


@functools.lru_cache(maxsize=512)
def _labels(action: str, name: str, language: str) -> tuple[str, str]:
    """(the roles that may take the step, what they do) in `language`: the same for every item,
    so translated once per process and language instead of once per row of a list."""
    who = "、".join(str(Role(r).label) for r in roles_that_may(action) if r in _ROLES)
    return who, str(_DOES.get(name, Action(action).label))


def waits_here(name: str, status: str) -> bool:
    """Does the item in `status` wait for step `name` (rather than merely allow it again)?"""
    step = GRIEVANCE_FLOW.step(name)
    return status in (step.sources if step.waits is None else step.waits)

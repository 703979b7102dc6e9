"""Random sequences of valid and invalid steps by random people never break the grievance's
invariants (issue 11, "Faults and load").

A hypothesis state machine submits items and takes the step services of `grievances.services`
on them as the views would: the role check of the step table (`GRIEVANCE_FLOW.permits`, which
the views ask before calling a service), then the service, which must refuse a step the item's
status does not allow and input it cannot use. Inputs are drawn valid and invalid alike (blank
reasons, unknown routes, another enterprise's category or department). After every step:

- numbers are unique and gapless per enterprise and year, and the counter agrees;
- every item is in exactly one known status;
- the events of every item chain from the first event's status through each change to its
  current status;
- a refused step changed nothing: not the item's row, its departments, its events, any other
  item, nor the notifications.

Each example runs inside a transaction that is rolled back, so every one starts from the
seeded demo data.
"""

import datetime
from collections import Counter, defaultdict

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    multiple,
    rule,
    run_state_machine_as_test,
)

from consult.access import access_for
from consult.models import Category, Department, Enterprise, Notification
from consult.roles import Action
from consult.workflow import StepRefused
from grievances import services
from grievances.models import (
    Disclosure,
    Grievance,
    GrievanceCounter,
    GrievanceEvent,
    Kind,
    Route,
    Status,
)
from grievances.workflow import GRIEVANCE_FLOW

PERSONAS = (
    "employee",
    "employee_rep",
    "unit_collector",
    "union_staff",
    "union_chair",
    "admin_head",
    "admin_deputy",
    "dept_head",
    "supervisor",
    "federation",
    "b_union_chair",  # another enterprise's chair: no role in `demo`
)
STEPS = (
    "verify",
    "reject",
    "merge",
    "classify",
    "sign_opinion",
    "approve_routing",
    "return_routing",
    "answer",
    "cannot_solve",
    "withdraw",
)
REFUSALS = (StepRefused, ValidationError, PermissionDenied)

# Index into the machine's categories and departments: this enterprise's (0, 1 for
# departments), another enterprise's (1 for categories, 2), none (2 for categories).
MOSTLY_VALID = st.sampled_from([0, 0, 0, 1, 2])
TEXTS = ("同意", "请补充材料", "", "   ", "<b>x</b>", "=1+2")


def _snapshot(pk: int | None = None) -> dict:
    """The item's row and departments (when given) and what any step could add anywhere."""
    return {
        "row": Grievance.objects.filter(pk=pk).values().first(),
        "departments": sorted(
            Grievance.departments.through.objects.filter(grievance_id=pk).values_list(
                "department_id", flat=True
            )
        ),
        "events": GrievanceEvent.objects.count(),
        "grievances": Grievance.objects.count(),
        "counters": sorted(GrievanceCounter.objects.values_list("enterprise_id", "year", "last")),
        "notifications": Notification.objects.count(),
    }


class GrievanceMachine(RuleBasedStateMachine):
    items = Bundle("items")
    # Over all examples: which steps were taken and refused (the test checks both happen).
    outcomes: Counter = Counter()

    def __init__(self):
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.demo = Enterprise.objects.get(code="demo")
        self.users = {u.username: u for u in get_user_model().objects.filter(username__in=PERSONAS)}
        assert set(self.users) == set(PERSONAS)
        other = Enterprise.objects.get(code="demo-b")
        self.categories = [
            Category.objects.filter(enterprise=self.demo, parent__isnull=False).first(),
            Category.objects.filter(enterprise=other).first(),
            None,
        ]
        hr = Department.objects.get(enterprise=self.demo, name="人力资源部")
        second = Department.objects.filter(enterprise=self.demo).exclude(pk=hr.pk).first()
        self.departments = [hr, second, Department.objects.filter(enterprise=other).first()]

    def teardown(self):
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    # -- intake ---------------------------------------------------------------------------------

    @initialize(target=items)
    def first_items(self):
        """One item of each disclosure, so that steps have something to act on at once."""
        employee = self.users["employee"]
        return multiple(
            *(
                services.grievance_submit(
                    enterprise=self.demo,
                    by=employee,
                    kind=Kind.GRIEVANCE,
                    content="宿舍热水供应不足",
                    disclosure=disclosure,
                ).pk
                for disclosure in (Disclosure.NAMED, Disclosure.CONFIDENTIAL)
            ),
            services.grievance_submit_anonymous(
                enterprise=self.demo, kind=Kind.SUGGESTION, content="增设夜班班车"
            ).pk,
        )

    @rule(
        target=items,
        persona=st.sampled_from(PERSONAS),
        kind=st.sampled_from(Kind.values),
        disclosure=st.sampled_from(Disclosure.values),
        category=MOSTLY_VALID,
    )
    def submit(self, persona, kind, disclosure, category):
        user = self.users[persona]
        access = access_for(user, self.demo)
        before = _snapshot()
        try:
            if access is None or not access.may(Action.SUBMIT_GRIEVANCE):
                raise PermissionDenied
            item = services.grievance_submit(
                enterprise=self.demo,
                by=user,
                kind=kind,
                content="食堂饭菜价格偏高",
                disclosure=disclosure,
                category=self.categories[category],
            )
        except REFUSALS:
            self.outcomes["submit refused"] += 1
            assert _snapshot() == before
            return multiple()
        assert item.status == Status.SUBMITTED
        return item.pk

    @rule(target=items, kind=st.sampled_from(Kind.values), category=MOSTLY_VALID)
    def submit_anonymous(self, kind, category):
        before = _snapshot()
        try:
            item = services.grievance_submit_anonymous(
                enterprise=self.demo,
                kind=kind,
                content="加班费未足额发放",
                category=self.categories[category],
            )
        except ValidationError:
            self.outcomes["submit refused"] += 1
            assert _snapshot() == before
            return multiple()
        assert item.requester_id is None and item.requester_name == ""
        return item.pk

    # -- steps ----------------------------------------------------------------------------------

    def _attempt(self, pk, step, persona, *, other, text, route, category, department, chosen):
        """Take `step` as the view would; refused or taken, check what changed."""
        user = self.users[persona]
        grievance = Grievance.objects.get(pk=pk)
        before = _snapshot(pk)
        calls = {
            "verify": lambda: services.grievance_verify(grievance=grievance, by=user, note=text),
            "reject": lambda: services.grievance_reject(grievance=grievance, by=user, reason=text),
            "merge": lambda: services.grievance_merge(
                grievance=grievance, into=Grievance.objects.get(pk=other), by=user
            ),
            "classify": lambda: services.grievance_classify(
                grievance=grievance,
                by=user,
                category=self.categories[category],
                departments=[self.departments[i] for i in chosen],
                responsible_person=text.strip(),
            ),
            "sign_opinion": lambda: services.grievance_sign_opinion(
                grievance=grievance, by=user, route=route, opinion=text
            ),
            "approve_routing": lambda: services.grievance_approve_routing(
                grievance=grievance, by=user, note=text
            ),
            "return_routing": lambda: services.grievance_return_routing(
                grievance=grievance, by=user, note=text
            ),
            "answer": lambda: services.grievance_answer(
                grievance=grievance,
                by=user,
                department=self.departments[department],
                measures=text,
                due=datetime.date(2030, 1, 31),
            ),
            "cannot_solve": lambda: services.grievance_cannot_solve(
                grievance=grievance, by=user, department=self.departments[department], note=text
            ),
            "withdraw": lambda: services.grievance_withdraw(
                grievance=grievance, by=user, note=text
            ),
        }
        try:
            # The view's part: the role (and condition) of the step table; the status is the
            # service's to check.
            access = access_for(user, grievance.enterprise)
            if not GRIEVANCE_FLOW.permits(access, user, grievance, GRIEVANCE_FLOW.step(step)):
                raise PermissionDenied
            calls[step]()
        except REFUSALS:
            self.outcomes[f"{step} refused"] += 1
            assert _snapshot(pk) == before, f"{step} by {persona} was refused but changed data"
            return
        self.outcomes[f"{step} taken"] += 1
        after = Grievance.objects.get(pk=pk)
        assert before["row"]["status"] in GRIEVANCE_FLOW.step(step).sources
        last = after.events.order_by("-created_at", "-id").first()
        assert (last.from_status, last.to_status) == (before["row"]["status"], after.status)
        assert Grievance.objects.count() == before["grievances"]

    @rule(
        pk=items,
        other=items,
        step=st.sampled_from(STEPS),
        persona=st.sampled_from(PERSONAS),
        text=st.sampled_from(TEXTS),
        route=st.sampled_from([*Route.values, "bogus"]),
        category=MOSTLY_VALID,
        department=MOSTLY_VALID,
        chosen=st.lists(MOSTLY_VALID, max_size=2, unique=True),
    )
    def any_step(self, pk, step, persona, **inputs):
        """Any step by anyone with any input: mostly refused."""
        self._attempt(pk, step, persona, **inputs)

    @rule(
        pk=items,
        other=items,
        data=st.data(),
        step=st.sampled_from(STEPS),
        text=st.sampled_from(TEXTS),
        route=st.sampled_from([*Route.values, "bogus"]),
        category=MOSTLY_VALID,
        department=MOSTLY_VALID,
        chosen=st.lists(MOSTLY_VALID, max_size=2, unique=True),
    )
    def step_of_my_role(self, pk, data, step, **inputs):
        """A step by someone whose role takes it, whatever the status and input: the service
        alone must refuse what the status or the input does not allow."""
        grievance = Grievance.objects.get(pk=pk)
        roles = [
            persona
            for persona in PERSONAS
            if GRIEVANCE_FLOW.permits(
                access_for(self.users[persona], grievance.enterprise),
                self.users[persona],
                grievance,
                GRIEVANCE_FLOW.step(step),
            )
        ]
        if roles:
            self._attempt(pk, step, data.draw(st.sampled_from(roles)), **inputs)

    @rule(
        pk=items,
        other=items,
        data=st.data(),
        text=st.sampled_from(TEXTS[:2]),
        route=st.sampled_from(Route.values),
    )
    def allowed_step(self, pk, other, data, text, route):
        """A step the table offers someone on this item now, with sensible input: moves items
        along (the service may still refuse, e.g. an opinion for departments before any)."""
        grievance = Grievance.objects.get(pk=pk)
        offered = sorted(
            (persona, step)
            for persona in PERSONAS
            for step in GRIEVANCE_FLOW.allowed(
                access_for(self.users[persona], grievance.enterprise),
                self.users[persona],
                grievance,
            )
            if step in STEPS
        )
        if not offered:
            return
        persona, step = data.draw(st.sampled_from(offered))
        self._attempt(
            pk,
            step,
            persona,
            other=other,
            text=text,
            route=route,
            category=0,
            department=0,  # 人力资源部, dept_head's department
            chosen=[0],
        )

    # -- invariants -----------------------------------------------------------------------------

    @invariant()
    def numbers_are_unique_and_gapless(self):
        serials = defaultdict(list)
        for enterprise, year, serial in Grievance.objects.values_list(
            "enterprise_id", "year", "serial"
        ):
            serials[enterprise, year].append(serial)
        counters = {
            (e, y): last
            for e, y, last in GrievanceCounter.objects.values_list("enterprise_id", "year", "last")
        }
        for key, found in serials.items():
            assert sorted(found) == list(range(1, len(found) + 1)), key
            assert counters[key] == len(found), key

    @invariant()
    def every_item_is_in_one_known_status(self):
        assert set(Grievance.objects.values_list("status", flat=True)) <= set(Status.values)

    @invariant()
    def every_change_has_its_event(self):
        chains = defaultdict(list)
        for grievance_id, from_status, to_status in GrievanceEvent.objects.order_by(
            "created_at", "id"
        ).values_list("grievance_id", "from_status", "to_status"):
            chains[grievance_id].append((from_status, to_status))
        for pk, status in Grievance.objects.values_list("pk", "status"):
            events = chains[pk]
            assert events, f"grievance {pk} has no event"
            first_from, state = events[0]
            assert first_from == ""
            for from_status, to_status in events[1:]:
                assert from_status == state, (pk, events)
                state = to_status
            assert state == status, (pk, events, status)


@pytest.mark.django_db
def test_random_steps_keep_numbers_statuses_and_events_consistent(demo):
    GrievanceMachine.outcomes.clear()
    run_state_machine_as_test(
        GrievanceMachine,
        settings=settings(
            max_examples=25,
            stateful_step_count=20,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
    outcomes = GrievanceMachine.outcomes
    # Not vacuous: the runs both moved items along and had steps refused.
    assert sum(n for k, n in outcomes.items() if k.endswith("taken")) > 10, outcomes
    assert sum(n for k, n in outcomes.items() if k.endswith("refused")) > 10, outcomes

"""What the staff list and the two queues read: their rows' joins and prefetches, and the
item's handling departments and answers as a row or a page holds them (step 3's lists; the
rows are built in grievances.views.lists, who acts next in grievances.next_actors)."""

from django.db.models import Prefetch, QuerySet

from consult.access import EnterpriseAccess
from consult.models import Department
from grievances.models import DepartmentAnswer, Grievance
from grievances.selectors import visible_grievances
from grievances.workflow import GRIEVANCE_FLOW

# What a list row shows of its category and requester (grievances.views.lists.Row; the
# requester's unit is not shown, so not joined).
ROW_JOINS = ("category__parent", "requester")
# A list row's departments and answers (the departments column, who acts next). An item's
# departments are its enterprise's, so ordering them by name is the model's order (enterprise,
# name) without joining the enterprise table to sort by the enterprise's name. They are kept
# as lists on the row (read them with `handling_departments` and `answers_of`): left in the
# related managers' caches, Django built a manager and a queryset per row and relation (4.0
# ms of a 25-row page; 2.6 ms this way).
ROW_PREFETCH = (
    Prefetch(
        "departments", queryset=Department.objects.order_by("name"), to_attr="listed_departments"
    ),
    Prefetch("department_answers", to_attr="listed_answers"),
)


def handling_departments(grievance: Grievance) -> list[Department]:
    """The item's handling departments: as its list read them (ROW_PREFETCH), else through its
    manager (the page's prefetch, or a query)."""
    listed = getattr(grievance, "listed_departments", None)
    return listed if listed is not None else list(grievance.departments.all())


def answers_of(grievance: Grievance) -> list[DepartmentAnswer]:
    """The departments' answers to the item, superseded ones included (as above)."""
    listed = getattr(grievance, "listed_answers", None)
    return listed if listed is not None else list(grievance.department_answers.all())


def staff_list(access: EnterpriseAccess, user) -> QuerySet[Grievance]:
    return (
        visible_grievances(access, user).select_related(*ROW_JOINS).prefetch_related(*ROW_PREFETCH)
    )


def department_queue(access: EnterpriseAccess) -> QuerySet[Grievance]:
    """Items waiting for the answer of the user's department."""
    return (
        Grievance.objects.filter(enterprise=access.enterprise)
        .filter(GRIEVANCE_FLOW.waiting_q(access, steps=["answer"]))
        .select_related(*ROW_JOINS)
        .prefetch_related(*ROW_PREFETCH)
        .order_by("approved_at", "id")
    )


def approval_queue(access: EnterpriseAccess) -> QuerySet[Grievance]:
    return (
        Grievance.objects.filter(enterprise=access.enterprise)
        .filter(GRIEVANCE_FLOW.waiting_q(access, steps=["approve_routing"]))
        .select_related(*ROW_JOINS)
        .prefetch_related(*ROW_PREFETCH)
        .order_by("opinion_at", "id")
    )

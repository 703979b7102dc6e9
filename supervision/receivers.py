"""Step 6 hears of the steps before it: finalised minutes and a department's answer.

Both receivers run inside the sender's transaction, so a task is created together with the
minutes or the answer, or not at all.
"""

from consult.access import access_for
from grievances.models import Status
from grievances.workflow import GRIEVANCE_FLOW
from supervision import services


def tasks_from_minutes(sender, meeting, decisions, **kwargs):
    for decision in decisions:
        services.task_create_from_decision(decision=decision, by=meeting.minutes_finalised_by)


def tasks_stop_for_meeting(sender, obj, step, by, **kwargs):
    if sender is GRIEVANCE_FLOW and step == "refer_to_meeting":
        services.tasks_withdraw_for_meeting(grievance=obj, by=by)


def task_from_answer(sender, obj, step, by, **kwargs):
    # With several handling departments the item is answered when the last one answers.
    if sender is not GRIEVANCE_FLOW or step != "answer" or obj.status != Status.ANSWERED:
        return
    access = access_for(by, obj.enterprise) if by is not None else None
    department = access.membership.department if access and access.membership else None
    if department is None:  # answered by someone without a department: the item's first one
        department = obj.departments.order_by("pk").first()
    services.task_create_from_answer(grievance=obj, by=by, department=department)

"""Step 6 (工会督导办理): every write of the supervision app.

Each service is keyword-only, runs in one transaction, moves the task through
`supervision.workflow.TASK_FLOW` and the grievances it serves through
`grievances.workflow.GRIEVANCE_FLOW` (never setting a status itself), and leaves nothing
half-saved when it refuses: inputs are checked before the first write, and a refused step
rolls the whole transaction back.
"""

from supervision.services.bulletins import (  # noqa: F401
    bulletin_draft,
    bulletin_edit,
    bulletin_issue,
    bulletin_problems,
)
from supervision.services.tasks import (  # noqa: F401
    escalation_answer,
    escalation_hand_up,
    requester_tell,
    task_create_from_answer,
    task_create_from_decision,
    task_escalate,
    task_record_progress,
    task_report,
    task_require_visits,
    tasks_withdraw_for_meeting,
    visit_record,
)

"""The words of the 职工诉求工作台账 (step 8): its 12 columns and how a status, an outcome and
a kind read in it. Printed forms render them in Chinese (consult.docregistry); the page follows
the reader's language."""

from django.utils.translation import pgettext_lazy

from grievances.models import Kind, Status
from supervision.models import Outcome

# The handbook's 12 columns, in its order, with their widths in the XLSX (characters). Printed
# forms render in Chinese (consult.docregistry); the page follows the reader's language.
COLUMNS: list[tuple[str, float]] = [
    (pgettext_lazy("ledger column", "number"), 11),
    (pgettext_lazy("ledger column", "received on"), 12),
    (pgettext_lazy("ledger column", "category"), 14),
    (pgettext_lazy("ledger column", "requester"), 9),
    (pgettext_lazy("ledger column", "request"), 36),
    (pgettext_lazy("ledger column", "department (unit)"), 14),
    (pgettext_lazy("ledger column", "phone"), 13),
    (pgettext_lazy("ledger column", "handling"), 40),
    (pgettext_lazy("ledger column", "satisfaction"), 9),
    (pgettext_lazy("ledger column", "supervisor"), 9),
    (pgettext_lazy("ledger column", "union review"), 20),
    (pgettext_lazy("ledger column", "remarks"), 16),
]
HEADERS = [name for name, _w in COLUMNS]

# How a status reads in 办理情况 while the item has no task yet.
STATUS_PRINT = {
    Status.SUBMITTED: pgettext_lazy("ledger", "waiting for verification"),
    Status.VERIFIED: pgettext_lazy("ledger", "verified, waiting to be classified"),
    Status.CLASSIFIED: pgettext_lazy("ledger", "classified, waiting for the union's opinion"),
    Status.OPINION_SIGNED: pgettext_lazy("ledger", "union opinion signed, waiting for approval"),
    Status.RETURNED: pgettext_lazy("ledger", "returned to the union by management"),
    Status.ROUTED_DEPARTMENT: pgettext_lazy(
        "ledger", "sent to the department, waiting for its answer"
    ),
    Status.ROUTED_MEETING: pgettext_lazy("ledger", "waiting for a consultation meeting"),
    Status.IN_MEETING: pgettext_lazy("ledger", "on a consultation meeting's agenda"),
    Status.ANSWERED: pgettext_lazy("ledger", "answered by the department"),
    Status.CANNOT_SOLVE: pgettext_lazy(
        "ledger", "the department cannot solve it; the union decides"
    ),
    Status.DECIDED: pgettext_lazy("ledger", "decided by a consultation meeting"),
    Status.REPORTED: pgettext_lazy("ledger", "the handling department reported the result"),
    Status.ESCALATED: pgettext_lazy("ledger", "handed up to the parent body"),
    Status.INFORMED: pgettext_lazy("ledger", "requester told"),
    Status.REMEDY: pgettext_lazy("ledger", "dissatisfied, being remedied"),
    Status.REJECTED: pgettext_lazy("ledger", "not accepted"),
    Status.MERGED: pgettext_lazy("ledger", "merged"),
    Status.WITHDRAWN: pgettext_lazy("ledger", "withdrawn by the requester"),
    Status.CLOSED: pgettext_lazy("ledger", "closed"),
}
OUTCOME_PRINT = {
    Outcome.DONE: pgettext_lazy("ledger", "completed"),
    Outcome.IMPOSSIBLE: pgettext_lazy("ledger", "not possible under present conditions"),
}
KIND_PRINT = {
    Kind.SUGGESTION: pgettext_lazy("ledger", "suggestion"),
    Kind.BRIEFING: pgettext_lazy("ledger", "management briefing"),
    Kind.OTHER: pgettext_lazy("ledger", "other"),
}

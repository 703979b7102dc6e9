"""Step 7 hears of step 6: when the union tells the requester the result, a round opens.

The receiver runs inside the step's transaction, so the round opens with the telling, or not
at all.
"""

from grievances.workflow import GRIEVANCE_FLOW
from surveys import services


def round_on_inform(sender, obj, step, by, **kwargs):
    if sender is not GRIEVANCE_FLOW or step != "inform":
        return
    services.round_open(grievance=obj, by=by)

"""Step 3 services: every change of a grievance, topic or register.

Views and admin call these; nothing else sets a status. The steps themselves (who, from,
to, event, notices) are declared in `grievances.workflow`."""

from grievances.services._core import (  # noqa: F401
    TransitionError,
    next_serial,
    record,
    topic_decide,
    topic_schedule,
    topic_unschedule,
)
from grievances.services.erasure import (  # noqa: F401
    attachments_purge_erased,
    expired_identities_erase,
    grievance_erase_identity,
    grievance_mark_identifying,
    identity_erase_on_request,
)
from grievances.services.intake import (  # noqa: F401
    attachment_add,
    attachment_clear,
    grievance_register,
    grievance_submit,
    grievance_submit_anonymous,
)
from grievances.services.registers import (  # noqa: F401
    register_convert,
    register_create,
    register_hand_up,
)
from grievances.services.steps import (  # noqa: F401
    grievance_answer,
    grievance_approve_routing,
    grievance_cannot_solve,
    grievance_classify,
    grievance_merge,
    grievance_refer_to_meeting,
    grievance_reject,
    grievance_return_routing,
    grievance_return_to_departments,
    grievance_sign_opinion,
    grievance_verify,
    grievance_withdraw,
)
from grievances.services.topics import topic_create, topic_update  # noqa: F401

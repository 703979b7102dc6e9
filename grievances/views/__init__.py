"""Step 3 pages (intake, lists, one item, topics, registers, documents)."""

from grievances.views._common import CONFLICT, INVALID  # noqa: F401
from grievances.views.documents import attachment_clear, attachment_download  # noqa: F401
from grievances.views.intake import grievance_mine, grievance_register, grievance_submit  # noqa: F401
from grievances.views.item import (  # noqa: F401
    grievance_answer,
    grievance_approval,
    grievance_classify,
    grievance_detail,
    grievance_opinion,
    grievance_union_decision,
    grievance_verify,
    grievance_withdraw,
)
from grievances.views.lists import approval_queue_view, department_queue_view, grievance_list  # noqa: F401
from grievances.views.privacy import (  # noqa: F401
    erase_request,
    grievance_identifying_text,
    identity_views_page,
    personal_data,
)
from grievances.views.registers import (  # noqa: F401
    register_convert,
    register_create,
    register_detail,
    register_hand_up,
    register_list,
)
from grievances.views.topics import topic_edit, topic_list  # noqa: F401

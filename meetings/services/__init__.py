"""Every change of a consultation meeting (steps 4–5 of the eight)."""

from meetings.services._core import (  # noqa: F401
    AGENDA_EDITABLE,
    MINUTES_EDITABLE,
    PARTICIPANTS_EDITABLE,
    RSVP_OPEN,
    SCRIPT_EDITABLE,
    SIGNIN_OPEN,
    MeetingError,
    meeting_url,
    next_number,
)
from meetings.services.attendance import (  # noqa: F401
    leave_decide,
    meeting_mark_held,
    participant_sign_in,
    rsvp_confirm,
    rsvp_request_leave,
)
from meetings.services.convening import (  # noqa: F401
    meeting_add_topic,
    meeting_create,
    meeting_remove_topic,
    meeting_reorder,
    meeting_set_agenda,
    meeting_update,
    rhythm_agenda,
)
from meetings.services.minutes import (  # noqa: F401
    minutes_finalise,
    minutes_save,
    resolve_deadline,
    rhythm_minutes_save,
    script_save,
)
from meetings.services.notice import notice_approve, notice_return, notice_submit  # noqa: F401
from meetings.services.participants import (  # noqa: F401
    participant_add,
    participant_remove,
    participants_propose,
    proposed_departments,
    sorted_participants,
)

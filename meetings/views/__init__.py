"""Steps 4–5 pages (convening, agenda, notice, attendance, minutes, documents)."""

from meetings.views._common import INVALID  # noqa: F401
from meetings.views.agenda import (  # noqa: F401
    agenda_add,
    agenda_move,
    agenda_remove,
    participant_add,
    participant_remove,
    participants_propose,
    rhythm_agenda,
)
from meetings.views.attendance import leave_decide, mark_held, rsvp, sign_in_self, sign_in_tick  # noqa: F401
from meetings.views.documents import archive  # noqa: F401
from meetings.views.minutes import minutes_edit, minutes_finalise, script_edit  # noqa: F401
from meetings.views.notice import notice_approve, notice_return, notice_submit  # noqa: F401
from meetings.views.pages import meeting_create, meeting_detail, meeting_edit, meeting_list  # noqa: F401

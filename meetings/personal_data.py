"""Steps 4–5's part of a person's data (consult.personal_data): the meetings they were invited
to, with their answer, leave reason, phone and attendance as recorded."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from consult.personal_data import Table, when
from meetings.models import Participant

INVITATION_COLUMNS = [
    ("meeting", gettext_lazy("meeting")),
    ("date", gettext_lazy("date")),
    ("group", gettext_lazy("group")),
    ("name", pgettext_lazy("person", "name")),
    ("label", gettext_lazy("post, department or unit")),
    ("phone", gettext_lazy("phone")),
    ("answer", gettext_lazy("answer")),
    ("reason", gettext_lazy("reason for leave")),
    ("attended", gettext_lazy("attended")),
    ("signed_in_at", gettext_lazy("signed in at")),
]


def invitations(user) -> list[Table]:
    invited = (
        Participant.objects.filter(user=user)
        .select_related("meeting")
        .order_by("meeting__date", "id")
    )
    rows = [_invitation(p) for p in invited]
    title = _("Meeting invitations")
    return [Table("meeting_invitations", title, INVITATION_COLUMNS, rows, as_list=True)]


def _invitation(p: Participant) -> dict:
    return {
        "meeting": p.meeting.label,
        "date": when(p.meeting.date),
        "group": p.get_group_display(),
        "name": p.display_name,
        "label": p.label,
        "phone": p.phone,
        "answer": p.get_rsvp_display(),
        "reason": p.reason,
        "attended": p.attended,
        "signed_in_at": when(p.signed_in_at),
    }

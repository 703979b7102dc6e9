"""Steps 4–5's part of a person's data (consult.personal_data): the meetings they were invited
to, with their answer, leave reason, phone and attendance as recorded."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from consult.personal_data import Table, when
from meetings.models import Participant


def invitations(user) -> list[Table]:
    table = Table(
        "meeting_invitations",
        _("Meeting invitations"),
        as_list=True,
        columns=[
            ("meeting", _("meeting")),
            ("date", _("date")),
            ("group", _("group")),
            ("name", pgettext("person", "name")),
            ("label", _("post, department or unit")),
            ("phone", _("phone")),
            ("answer", _("answer")),
            ("reason", _("reason for leave")),
            ("attended", _("attended")),
            ("signed_in_at", _("signed in at")),
        ],
    )
    invited = (
        Participant.objects.filter(user=user)
        .select_related("meeting")
        .order_by("meeting__date", "id")
    )
    for p in invited:
        table.rows.append(
            {
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
        )
    return [table]

"""Step 7's part of a person's data (consult.personal_data): the surveys they were asked in and
their answers. An anonymous requester's answer is tied to nobody and is not here."""

from django.utils.translation import gettext as _

from consult.personal_data import Table, when
from surveys.models import Respondent


def answers(user) -> list[Table]:
    table = Table(
        "survey_answers",
        _("Satisfaction surveys"),
        as_list=True,
        columns=[
            ("number", _("item")),
            ("round", _("round")),
            ("asked_as", _("who")),
            ("level", _("satisfaction")),
            ("reason", _("reason for dissatisfaction")),
            ("comment", _("comment")),
            ("method", _("survey method")),
            ("answered_at", _("answered at")),
        ],
    )
    asked = (
        Respondent.objects.filter(user=user)
        .select_related("round__grievance", "answer")
        .order_by("created_at", "id")
    )
    for r in asked:
        answer = getattr(r, "answer", None)
        table.rows.append(
            {
                "number": r.round.grievance.number,
                "round": r.round.number,
                "asked_as": r.get_kind_display(),
                "level": answer.get_level_display() if answer else "",
                "reason": answer.reason if answer else "",
                "comment": answer.comment if answer else "",
                "method": answer.get_method_display() if answer else "",
                "answered_at": when(answer.answered_at) if answer else None,
            }
        )
    return [table]

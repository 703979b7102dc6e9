"""Step 7's part of a person's data (consult.personal_data): the surveys they were asked in and
their answers. An anonymous requester's answer is tied to nobody and is not here."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consult.personal_data import Table, when
from surveys.models import Respondent

ANSWER_COLUMNS = [
    ("number", gettext_lazy("item")),
    ("round", gettext_lazy("round")),
    ("asked_as", gettext_lazy("who")),
    ("level", gettext_lazy("satisfaction")),
    ("reason", gettext_lazy("reason for dissatisfaction")),
    ("comment", gettext_lazy("comment")),
    ("method", gettext_lazy("survey method")),
    ("answered_at", gettext_lazy("answered at")),
]


def answers(user) -> list[Table]:
    asked = (
        Respondent.objects.filter(user=user)
        .select_related("round__grievance", "answer")
        .order_by("created_at", "id")
    )
    rows = [_answer(r) for r in asked]
    return [Table("survey_answers", _("Satisfaction surveys"), ANSWER_COLUMNS, rows, as_list=True)]


def _answer(r: Respondent) -> dict:
    """One survey the person was asked in, with their answer if they gave one."""
    answer = getattr(r, "answer", None)
    return {
        "number": r.round.grievance.number,
        "round": r.round.number,
        "asked_as": r.get_kind_display(),
        "level": answer.get_level_display() if answer else "",
        "reason": answer.reason if answer else "",
        "comment": answer.comment if answer else "",
        "method": answer.get_method_display() if answer else "",
        "answered_at": when(answer.answered_at) if answer else None,
    }

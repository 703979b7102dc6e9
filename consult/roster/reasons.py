"""Why a roster row is refused. A reason is kept as a code and its values (in the import's
stored preview), and put into words in the reader's language when shown or downloaded."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

TEXTS = {
    "no_name": _("No name: the column 姓名 is empty."),
    "two_people": _("Two people in one row (%(value)s): put each person on a row of their own."),
    "space_in_name": _(
        "The name “%(value)s” has a space inside: if it is one person, remove the space; "
        "if two, put each on a row of their own."
    ),
    "too_long": _("%(column)s is longer than %(limit)s characters."),
    "no_employee_no": _("No employee number: the column 工号 is empty."),
    "bad_employee_no": _(
        "The employee number “%(value)s” may hold only letters, digits and . @ + - _ (at most 30)."
    ),
    "not_a_mobile": _("“%(value)s” is not a mainland mobile number (11 digits beginning with 1)."),
    "bad_date": _("The hire date “%(value)s” cannot be read: write it as 2020-03-01."),
    "bad_yes_no": _("是否职工代表 must be 是 or 否, not “%(value)s”."),
    "bad_gender": _("性别 must be 男 or 女, not “%(value)s”."),
    "unit_too_deep": _("The unit “%(value)s” has more than three levels (分厂/车间/班组)."),
    "duplicate_employee_no": _(
        "The employee number %(value)s is in the file more than once (lines %(lines)s): "
        "each person has their own."
    ),
    "employee_no_taken": _(
        "The employee number %(value)s belongs to %(name)s of this enterprise: the name "
        "differs and the phone does not show it is the same person. Check the number; a new "
        "person needs a number of their own."
    ),
    "username_taken": _("The login name %(value)s is already used by another account."),
}


@dataclass(frozen=True)
class Reason:
    code: str
    params: dict = field(default_factory=dict)

    def as_json(self) -> list:
        return [self.code, self.params]


def reason_text(stored) -> str:
    """A stored reason ([code, params]) in the active language."""
    code, params = stored
    return str(TEXTS[code]) % params if params else str(TEXTS[code])

"""Why a row of an earlier ledger is refused: kept as a code and its values, put into words in
the reader's language when shown or downloaded (as consult.roster.reasons; a requester's name
is refused for the roster's reasons, which are read from there)."""

from django.utils.translation import gettext_lazy as _

from consult.roster.reasons import TEXTS as ROSTER_TEXTS

TEXTS = {
    **ROSTER_TEXTS,
    "no_date": _("No date: the column 受理时间 is empty."),
    "bad_received_on": _(
        "The date “%(value)s” cannot be read: write it as 2025-03-01 (or 3月1日 when the "
        "sheet's title names the year)."
    ),
    "future_date": _("The date %(value)s has not come yet: an earlier ledger lists past items."),
    "no_category": _("No category: the column 受理类别 is empty."),
    "unknown_category": _(
        "The category “%(value)s” is not one of the enterprise's: %(known)s. Write one of "
        "them, or add the category on the setup page first."
    ),
    "ambiguous_category": _(
        "The category “%(value)s” could be %(known)s: write the one it is (as 类别·子类)."
    ),
    "no_requester": _("No requester: the column 诉求人 is empty. Write the name, 匿名 or 保密."),
    "no_content": _("No content: the column 诉求内容 is empty."),
    "bad_level": _(
        "The satisfaction “%(value)s” is not one of 非常满意, 满意, 基本满意, 不满意 or 未答复."
    ),
    "duplicate_row": _(
        "This row is the same item as line %(line)s (number, date, requester and content)."
    ),
}


def reason_text(stored) -> str:
    """A stored reason ([code, params]) in the active language."""
    code, params = stored
    return str(TEXTS[code]) % params if params else str(TEXTS[code])

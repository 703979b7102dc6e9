"""Mainland mobile numbers, as people type them and as HR files store them.

`normalise_phone` is the one place that turns "138 0013 8000", "138-0013-8000", "+86 138…",
full-width digits or the number 13800138000.0 (a phone stored as a number in Excel) into the
11-digit form stored on memberships (`Membership.phone`). Everything that compares phones (the
roster import, logging in by phone) compares this form.
"""

import re
import unicodedata

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
# Separators people put inside a number: spaces, dashes, dots, brackets.
_SEPARATORS = re.compile(r"[\s\-.()（）—–_/]")


class NotAMobile(ValueError):
    """The value is not a mainland mobile number."""


def normalise_phone(value) -> str:
    """The 11-digit mainland mobile number in `value`, or "" when `value` is empty.

    Raises NotAMobile for anything else (a landline, too few digits, two numbers, a number
    Excel shows in scientific notation and has already rounded).
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        raise NotAMobile(str(value))
    if isinstance(value, float):
        if not value.is_integer():
            raise NotAMobile(str(value))
        value = int(value)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not text:
        return ""
    digits = _SEPARATORS.sub("", text)
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if not _MOBILE.match(digits):
        raise NotAMobile(text)
    return digits


def is_mainland_mobile(value) -> bool:
    try:
        return bool(normalise_phone(value))
    except NotAMobile:
        return False

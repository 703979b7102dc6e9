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
    digits = _without_country_code(_SEPARATORS.sub("", text))
    if not _MOBILE.match(digits):
        raise NotAMobile(text)
    return digits


def _without_country_code(digits: str) -> str:
    """+86, 0086, or 86 before eleven digits, taken off."""
    if digits.startswith("+86"):
        return digits[3:]
    if digits.startswith("0086"):
        return digits[4:]
    if digits.startswith("86") and len(digits) == 13:
        return digits[2:]
    return digits


def is_mainland_mobile(value) -> bool:
    try:
        return bool(normalise_phone(value))
    except NotAMobile:
        return False

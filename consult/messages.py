"""Texts kept as a message id and its values, rendered in the reader's language when shown.

A notification is read by someone other than the person whose step sent it, often in another
language: `deferred(_("Meeting notice %(label)s waits for your approval"), label=...)` keeps
the English message id (the catalogues' key) and the values; `render` translates at display
time. A value may itself be deferred (a meeting's number, "No. 3 of 2026" / "2026年第3次").
"""

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext

MSGID = "_msgid"
PARAMS = "_params"


def msgid_of(text) -> str | None:
    """The message id of a lazily translated text; None for plain (already rendered) text."""
    if not isinstance(text, Promise):
        return None
    with translation.override(None):
        return str(text)


def deferred(text, **params) -> dict:
    """A JSON-able value that renders as `text % params` in the language active when shown."""
    return {MSGID: msgid_of(text) or str(text), PARAMS: params}


def _value(value):
    if isinstance(value, dict) and MSGID in value:
        return render(value[MSGID], value.get(PARAMS) or {})
    return value


def render(msgid: str, params: dict | None = None) -> str:
    text = gettext(msgid)
    if not params:
        return text
    try:
        return text % {key: _value(v) for key, v in params.items()}
    except (KeyError, TypeError, ValueError):  # a catalogue that does not match its id
        return msgid % {key: _value(v) for key, v in params.items()}

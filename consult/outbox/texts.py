"""What a message outside the app says: a kind, and only these facts.

DESIGN: nothing identifying (a requester's name or phone, an item's content, an attachment)
ever leaves the app in a message; a message says what to do and links to it. So the text of an
e-mail, a WeCom or DingTalk message, an SMS or a group robot's post is never the in-app text of
the notification (which may quote a task's title or a note): it is written here from
`OutboundMessage`, whose only fields are a kind, an item number, a date, counts of waiting work,
a one-time code (activation and reset messages only) and a link into the app. Each is checked by
shape when the notification is written, so free text cannot get in by mistake.

Messages to an item's requester (NEWS, SURVEY) carry no item number: a platform's
administrators (the enterprise's IT) would otherwise see which person an item belongs to. Every
link goes to the person's notification in the app (`/e/<code>/notifications/<id>/`), which
opens the item after they signed in: no item id leaves the app either.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consult.models import MessageKind

NUMBER = re.compile(r"^[0-9A-Za-z-]{1,20}$")
CODE = re.compile(r"^[0-9A-Za-z-]{4,16}$")
PATH = re.compile(r"^/[A-Za-z0-9/_-]{0,200}$")
FACTS = frozenset({"number", "date", "code"})
CODE_KINDS = frozenset({MessageKind.ACTIVATION_CODE, MessageKind.PASSWORD_RESET})
# Kinds addressed to an item's requester: no number.
REQUESTER_KINDS = frozenset({MessageKind.NEWS, MessageKind.SURVEY})

# (title without number, title with number). %(date)s and %(code)s where the kind has them.
TITLES = {
    MessageKind.NOTICE: (gettext_lazy("You have a new notification"), None),
    MessageKind.NEW_ITEM: (
        gettext_lazy("A new item waits for verification"),
        gettext_lazy("New item %(number)s waits for verification"),
    ),
    MessageKind.STEP: (
        gettext_lazy("A step waits for you"),
        gettext_lazy("Item %(number)s waits for your step"),
    ),
    MessageKind.NEWS: (gettext_lazy("There is news about your item"), None),
    MessageKind.TASK_DUE: (
        gettext_lazy("A task is due on %(date)s"),
        gettext_lazy("The task of item %(number)s is due on %(date)s"),
    ),
    MessageKind.TASK_OVERDUE: (
        gettext_lazy("A task is overdue since %(date)s"),
        gettext_lazy("The task of item %(number)s is overdue since %(date)s"),
    ),
    MessageKind.INFORM_DUE: (
        gettext_lazy("A requester is to be told by %(date)s"),
        gettext_lazy("The requester of item %(number)s is to be told by %(date)s"),
    ),
    MessageKind.SURVEY: (
        gettext_lazy("A satisfaction survey waits for your answer until %(date)s"),
        None,
    ),
    MessageKind.MEETING: (
        gettext_lazy("You are invited to a consultation meeting on %(date)s"),
        None,
    ),
    MessageKind.ACTIVATION_CODE: (gettext_lazy("Your activation code is %(code)s"), None),
    MessageKind.PASSWORD_RESET: (gettext_lazy("Your password reset code is %(code)s"), None),
    MessageKind.TEST: (gettext_lazy("Test message: this channel works"), None),
}
NEEDS_DATE = frozenset(
    {
        MessageKind.TASK_DUE,
        MessageKind.TASK_OVERDUE,
        MessageKind.INFORM_DUE,
        MessageKind.SURVEY,
        MessageKind.MEETING,
    }
)


class UnsafeFact(ValueError):
    """A fact that is not on the whitelist, or not of its shape."""


def _date(value) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError as exc:
        raise UnsafeFact(f"date {value!r}") from exc


@dataclass(frozen=True)
class OutboundMessage:
    """The whole of what a message outside the app may say."""

    kind: str
    number: str = ""
    date: datetime.date | None = None
    code: str = ""
    link: str = ""
    counts: tuple[tuple[str, int], ...] = field(default_factory=tuple)  # robot digests only

    def __post_init__(self):
        if self.kind not in TITLES and self.kind != DIGEST:
            raise UnsafeFact(f"kind {self.kind!r}")
        if self.number and (not NUMBER.match(self.number) or self.kind in REQUESTER_KINDS):
            raise UnsafeFact("number")
        if self.code and (not CODE.match(self.code) or self.kind not in CODE_KINDS):
            raise UnsafeFact("code")
        if self.kind in CODE_KINDS and not self.code:
            raise UnsafeFact("code missing")
        if self.kind in NEEDS_DATE and self.date is None:
            raise UnsafeFact("date missing")
        for key, count in self.counts:
            if key not in COUNT_LABELS or not isinstance(count, int):
                raise UnsafeFact(f"count {key!r}")

    @classmethod
    def of(cls, kind: str, facts: dict, *, link: str = "") -> OutboundMessage:
        unknown = set(facts) - FACTS
        if unknown:
            raise UnsafeFact(f"facts {sorted(unknown)}")
        return cls(
            kind=kind,
            number=str(facts.get("number") or ""),
            date=_date(facts.get("date")),
            code=str(facts.get("code") or ""),
            link=link,
        )

    def values(self) -> dict[str, str]:
        """The values a template may use (an SMS template's parameters)."""
        out = {}
        if self.number:
            out["number"] = self.number
        if self.date is not None:
            out["date"] = self.date.isoformat()
        if self.code:
            out["code"] = self.code
        return out

    def title(self, language: str) -> str:
        with translation.override(language):
            if self.kind == DIGEST:
                return _("Union office: work waiting")
            plain, numbered = TITLES[self.kind]
            text = numbered if (self.number and numbered is not None) else plain
            return str(text) % self.values() if "%(" in str(text) else str(text)

    def text(self, language: str) -> str:
        """Title, counts (digests) and where to act, in `language`."""
        with translation.override(language):
            parts = [self.title(language)]
            if self.counts:
                parts.append(counts_line(self.counts))
            if self.link:
                parts.append(
                    _("Open it to see the item and what you are asked to do: %(link)s")
                    % {"link": self.link}
                )
            return "\n".join(parts)


def facts_checked(kind: str, facts: dict | None) -> dict:
    """The facts as stored on a notification, after checking them (raises UnsafeFact)."""
    facts = {k: v for k, v in (facts or {}).items() if v not in (None, "")}
    if isinstance(facts.get("date"), datetime.date):
        facts["date"] = facts["date"].isoformat()
    OutboundMessage.of(kind, facts)
    return facts


# -- group robots: counts only ----------------------------------------------------------------

DIGEST = "digest"
# key -> label ("待核实 %(n)d 条"); apps register what they count (consult.outbox.digest).
COUNT_LABELS: dict[str, object] = {}


def counts_line(counts) -> str:
    return _(", ").join(str(COUNT_LABELS[key]) % {"n": n} for key, n in counts)


def is_safe_path(path: str) -> bool:
    return bool(PATH.match(path))

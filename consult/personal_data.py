"""What the app holds about one person (个人信息保护法: a person may see and copy it), as a ZIP
with a readable HTML page and a machine-readable JSON.

`consult` cannot import the apps to its right, so each app registers a provider here from its
AppConfig.ready(): provider(user) → [Table]. The core gives the account, the memberships and
the notifications; grievances the person's own items with their timelines as the person may
see them and the views of their identity; meetings the invitations; surveys the answers.
An anonymous requester is in none of them: nothing ties them to their item.
"""

from __future__ import annotations

import datetime
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from consult.messages import render
from consult.models import FederationMembership, Membership, Notification, display_name


@dataclass
class Table:
    """One kind of record: `columns` are (key, label); a row's value is text, a number, a
    yes/no, empty, or a nested Table (an item's timeline)."""

    key: str
    title: str
    columns: list[tuple[str, str | Promise]]
    rows: list[dict] = field(default_factory=list)
    # How the readable page shows it: each row as its own card of label and value (records
    # with many fields), or one table with a line per row (lists of short entries).
    as_list: bool = False

    def readable(self) -> list[list[tuple[str, object]]]:
        """Each row as [(label, shown value)]; a nested table as {"headers", "rows"}."""
        return [[(label, _shown(row.get(key))) for key, label in self.columns] for row in self.rows]

    @property
    def headers(self) -> list[str | Promise]:
        return [label for _key, label in self.columns]

    def as_json(self) -> list[dict]:
        return [
            {key: v.as_json() if isinstance(v, Table) else v for key, v in row.items()}
            for row in self.rows
        ]


def _shown(value):
    if isinstance(value, Table):
        return {
            "headers": [label for _key, label in value.columns],
            "rows": [[_shown(row.get(key)) for key, _label in value.columns] for row in value.rows],
        }
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    return "" if value is None else value


def when(value) -> str | None:
    """A time or date as the reader's clock shows it (ISO, to the minute)."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


_providers: list[Callable] = []


def register(provider: Callable) -> Callable:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def tables_for(user) -> list[Table]:
    tables = _core_tables(user)
    for provider in _providers:
        tables.extend(provider(user) or [])
    return tables


def _core_tables(user) -> list[Table]:
    account = Table(
        "account",
        _("Account"),
        [
            ("username", _("login name")),
            ("name", pgettext("person", "name")),
            ("email", _("e-mail")),
            ("active", _("active")),
            ("joined", _("account created")),
            ("last_login", _("last logged in")),
        ],
        [
            {
                "username": user.get_username(),
                "name": display_name(user),
                "email": user.email,
                "active": user.is_active,
                "joined": when(user.date_joined),
                "last_login": when(user.last_login),
            }
        ],
    )
    return [account, _memberships(user), _notifications(user)]


MEMBERSHIP_COLUMNS = [
    ("enterprise", gettext_lazy("enterprise")),
    ("roles", gettext_lazy("roles")),
    ("unit", gettext_lazy("unit")),
    ("department", gettext_lazy("department")),
    ("employee_no", gettext_lazy("employee number")),
    ("phone", gettext_lazy("phone")),
    ("post", gettext_lazy("post")),
    ("gender", gettext_lazy("gender")),
    ("hired_on", gettext_lazy("hired on")),
    ("wecom_userid", gettext_lazy("WeCom user id")),
    ("dingtalk_userid", gettext_lazy("DingTalk user id")),
    ("phone_on_sign_in", gettext_lazy("phone printed on sign-in sheets")),
    ("identity_access", gettext_lazy("may see protected identities")),
    ("active", gettext_lazy("active")),
]


def _memberships(user) -> Table:
    """The person's memberships of enterprises, then of federations (only their phone)."""
    memberships = (
        Membership.objects.filter(user=user)
        .select_related("enterprise", "unit__parent", "department")
        .prefetch_related("roles")
        .order_by("enterprise__name")
    )
    rows = [_membership(m) for m in memberships]
    for f in FederationMembership.objects.filter(user=user).select_related("federation"):
        rows.append({"enterprise": f.federation.name, "phone": f.phone})
    return Table("memberships", _("Memberships"), MEMBERSHIP_COLUMNS, rows)


def _membership(m: Membership) -> dict:
    return {
        "enterprise": m.enterprise.name,
        "roles": "、".join(r.get_role_display() for r in m.roles.all()),
        "unit": m.unit.label if m.unit else "",
        "department": m.department.name if m.department else "",
        "employee_no": m.employee_no,
        "phone": m.phone,
        "post": m.post,
        "gender": m.gender,
        "hired_on": when(m.hired_on),
        "wecom_userid": m.wecom_userid,
        "dingtalk_userid": m.dingtalk_userid,
        "phone_on_sign_in": m.phone_on_sign_in,
        "identity_access": m.identity_access,
        "active": m.is_active,
    }


NOTIFICATION_COLUMNS = [
    ("time", gettext_lazy("time")),
    ("enterprise", gettext_lazy("enterprise")),
    ("text", gettext_lazy("text")),
    ("body", gettext_lazy("note")),
    ("link", gettext_lazy("link")),
    ("read_at", gettext_lazy("read at")),
    ("sent_outside", gettext_lazy("sent outside the app")),
]


def _notifications(user) -> Table:
    received = (
        Notification.objects.filter(recipient=user)
        .select_related("enterprise")
        .prefetch_related("deliveries")
        .order_by("created_at", "id")
    )
    rows = [_notification(n) for n in received.iterator(chunk_size=2000)]
    return Table("notifications", _("Notifications"), NOTIFICATION_COLUMNS, rows, as_list=True)


def _notification(n: Notification) -> dict:
    """A notification as the person read it, and where else it was sent."""
    return {
        "time": when(n.created_at),
        "enterprise": n.enterprise.name,
        "text": f"{n.prefix}{render(n.message, n.params)}" if n.message else n.subject,
        "body": n.body,
        "link": n.url,
        "read_at": when(n.read_at),
        "sent_outside": "; ".join(
            f"{d.get_channel_display()} {d.address}: {d.get_state_display()}"
            for d in n.deliveries.all()
        ),
    }


def export_zip(user) -> tuple[str, bytes]:
    """(file name, ZIP bytes): `index.html` to read, `data.json` for a program."""
    tables = tables_for(user)
    made = timezone.localtime()
    data = {
        "exported_at": made.isoformat(timespec="seconds"),
        "person": user.get_username(),
        **{t.key: t.as_json() for t in tables},
    }
    html = render_to_string(
        "consult/personal_data_export.html",
        {
            "tables": [(t, t.readable()) for t in tables],
            "person": display_name(user),
            "made": made,
        },
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("index.html", html)
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2))
    return f"consult-my-data-{made:%Y%m%d}.zip", out.getvalue()

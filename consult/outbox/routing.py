"""Who gets a notification on which channel: the deliveries written with it.

In-app always. Then, per person, the channels they chose on their preferences page, or the
defaults of their roles:
- staff, departments, management, supervisors: e-mail (when they have an address), WeCom and
  DingTalk (where the enterprise configured them and the person has a user id or a phone to
  look it up by);
- workers (employees, representatives, unit collectors): e-mail, and the first of WeCom,
  DingTalk, SMS that can reach them.
SMS carries only the kinds it has an approved template for. The union office's group robots
get one digest delivery per notified batch that reaches the union office. An anonymous
requester has no account, so nothing: they follow their item on /track/.

Nothing here calls a platform: a request only writes rows (the sender resolves a user id from
a phone when it sends).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Exists, OuterRef
from django.utils import timezone

from consult.models import (
    Delivery,
    DeliveryChannel,
    MembershipRole,
    MessageKind,
    Messenger,
    Notification,
)
from consult.models.org import Membership
from consult.outbox import sms
from consult.roles import Role

STAFF_ROLES = (
    Role.UNION_STAFF,
    Role.UNION_CHAIR,
    Role.ADMIN_HEAD,
    Role.ADMIN_DEPUTY,
    Role.DEPT_HEAD,
    Role.SUPERVISOR,
)
UNION_ROLES = (Role.UNION_STAFF, Role.UNION_CHAIR)
# Group robots post about the union office's work, not about codes, tests or one's own item.
ROBOT_KINDS = frozenset(
    {
        MessageKind.NOTICE,
        MessageKind.NEW_ITEM,
        MessageKind.STEP,
        MessageKind.INFORM_DUE,
        MessageKind.TASK_OVERDUE,
    }
)


@dataclass(frozen=True)
class Configured:
    """An enterprise's active channels, as routing needs them (no secret)."""

    pk: int
    kind: str
    channel: str
    sms_kinds: frozenset[str]


def _cache_key(enterprise_id: int) -> str:
    return f"outbox-messengers:{enterprise_id}"


def configured(enterprise_id: int) -> list[Configured]:
    """The enterprise's active channels, kept in the cache like the organisation lists (a save
    drops them; consult.apps connects `drop_configured`)."""
    key = _cache_key(enterprise_id)
    rows = cache.get(key)
    if rows is None:
        rows = [
            Configured(
                m.pk,
                m.kind,
                m.channel,
                frozenset(k for k in sms.KINDS if sms.template_for(m, k)),
            )
            for m in Messenger.objects.filter(enterprise_id=enterprise_id, is_active=True)
        ]
        cache.set(key, rows, settings.ORG_LISTS_CACHE_SECONDS)
    return rows


def drop_configured(sender, instance, **kwargs) -> None:
    cache.delete(_cache_key(instance.enterprise_id))


@dataclass(frozen=True)
class Person:
    user_id: int
    email: str
    wecom: str
    dingtalk: str
    phone: str
    staff: bool
    union: bool
    chosen: tuple[str, ...] | None


def people(enterprise_id: int, users) -> dict[int, Person]:
    roles = MembershipRole.objects.filter(membership=OuterRef("pk"))
    rows = Membership.objects.filter(
        enterprise_id=enterprise_id, user_id__in=[u.pk for u in users]
    ).annotate(
        staff=Exists(roles.filter(role__in=STAFF_ROLES)),
        union=Exists(roles.filter(role__in=UNION_ROLES)),
    )
    emails = {u.pk: u.email for u in users}
    found = {}
    for m in rows.values(
        "user_id",
        "wecom_userid",
        "dingtalk_userid",
        "phone",
        "staff",
        "union",
        "delivery_preference__channels",
    ):
        found[m["user_id"]] = _person(m, emails.get(m["user_id"], ""))
    return found


def _person(m: dict, email: str) -> Person:
    chosen = m["delivery_preference__channels"]
    return Person(
        user_id=m["user_id"],
        email=email,
        wecom=m["wecom_userid"],
        dingtalk=m["dingtalk_userid"],
        phone=sms.normal_phone(m["phone"]),
        staff=m["staff"],
        union=m["union"],
        chosen=tuple(chosen) if chosen is not None else None,
    )


def reachable(person: Person, kind: str, available: dict[str, Configured]) -> dict[str, str]:
    """channel → address for each channel that could reach this person with this kind ("" for a
    WeCom/DingTalk user id the sender looks up by phone)."""
    out = {}
    if person.email:
        out[DeliveryChannel.EMAIL] = person.email
    if DeliveryChannel.WECOM in available and (person.wecom or person.phone):
        out[DeliveryChannel.WECOM] = person.wecom
    if DeliveryChannel.DINGTALK in available and (person.dingtalk or person.phone):
        out[DeliveryChannel.DINGTALK] = person.dingtalk
    texting = available.get(DeliveryChannel.SMS)
    if texting is not None and person.phone and kind in texting.sms_kinds:
        out[DeliveryChannel.SMS] = person.phone
    return out


def default_channels(person: Person, options: dict[str, str]) -> list[str]:
    chosen = [DeliveryChannel.EMAIL] if DeliveryChannel.EMAIL in options else []
    if person.staff:
        return chosen + [
            c for c in (DeliveryChannel.WECOM, DeliveryChannel.DINGTALK) if c in options
        ]
    for channel in (DeliveryChannel.WECOM, DeliveryChannel.DINGTALK, DeliveryChannel.SMS):
        if channel in options:
            return [*chosen, channel]
    return chosen


def channels_for(person: Person, kind: str, available: dict[str, Configured]) -> dict[str, str]:
    options = reachable(person, kind, available)
    if kind in (MessageKind.ACTIVATION_CODE, MessageKind.PASSWORD_RESET):
        # A code goes where the person can read it without signing in: their phone first.
        for channel in (DeliveryChannel.SMS, DeliveryChannel.WECOM, DeliveryChannel.DINGTALK):
            if channel in options:
                return {channel: options[channel]}
        return {}
    wanted = person.chosen if person.chosen is not None else default_channels(person, options)
    return {c: options[c] for c in wanted if c in options}


def deliveries_for(notes: list[Notification], recipients: list) -> list[Delivery]:
    """The delivery rows of notifications just written (one enterprise, one kind)."""
    if not notes:
        return []
    enterprise_id = notes[0].enterprise_id
    setup = configured(enterprise_id)
    if not setup and not any(u.email for u in recipients):
        return []  # nothing but in-app: no query at all
    available = {c.channel: c for c in reversed(setup)}  # the first of each channel
    found = people(enterprise_id, recipients)
    now = timezone.now()
    rows = []
    for note in notes:
        person = found.get(note.recipient_id)
        if person is not None:
            rows += _personal_deliveries(note, person, available, now)
    union_note = _first_to_union(notes, found)
    if union_note is not None and union_note.kind in ROBOT_KINDS:
        rows += _robot_deliveries(union_note, setup, now)
    return rows


def _personal_deliveries(note: Notification, person: Person, available, now) -> list[Delivery]:
    """One row per channel that reaches the recipient with this kind of notification."""
    rows = []
    for channel, address in channels_for(person, note.kind, available).items():
        messenger = available.get(channel)
        rows.append(
            Delivery(
                notification=note,
                enterprise_id=note.enterprise_id,
                channel=channel,
                messenger_id=messenger.pk
                if channel != DeliveryChannel.EMAIL and messenger
                else None,
                address=address,
                next_attempt_at=now,
            )
        )
    return rows


def _first_to_union(notes: list[Notification], found: dict[int, Person]) -> Notification | None:
    """The first notification to a union member: the one the union's robots post, once."""
    for note in notes:
        person = found.get(note.recipient_id)
        if person is not None and person.union:
            return note
    return None


def _robot_deliveries(note: Notification, setup, now) -> list[Delivery]:
    return [
        Delivery(
            notification=note,
            enterprise_id=note.enterprise_id,
            channel=DeliveryChannel.ROBOT,
            messenger_id=robot.pk,
            address=robot.kind,
            next_attempt_at=now,
        )
        for robot in setup
        if robot.channel == DeliveryChannel.ROBOT
    ]


def person_of(membership) -> Person | None:
    return people(membership.enterprise_id, [membership.user]).get(membership.user_id)


def options_for(membership) -> list[str]:
    """The channels that could reach this person at all (for their preferences page)."""
    person = person_of(membership)
    if person is None:
        return []
    available = {c.channel: c for c in reversed(configured(membership.enterprise_id))}
    # Any kind SMS has a template for counts: the page offers SMS if it can carry something.
    kinds = [k for c in available.values() for k in c.sms_kinds] or [MessageKind.NOTICE]
    found: dict[str, str] = {}
    for kind in kinds:
        found.update(reachable(person, kind, available))
    return [c for c in DeliveryChannel.values if c in found]


def default_labels(membership) -> list[str]:
    """The channels the person's roles give them when they choose none, as labels."""
    person = person_of(membership)
    if person is None:
        return []
    options = {c: "" for c in options_for(membership)}
    return [str(DeliveryChannel(c).label) for c in default_channels(person, options)]

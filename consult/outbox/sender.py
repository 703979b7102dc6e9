"""The one sender: `manage.py send_notifications` (every minute) sends the deliveries that are due.

Claim, send, mark (issue 19 points 4 and 5):
1. In a short transaction, pick up to OUTBOX_BATCH due rows (`SELECT … FOR UPDATE SKIP LOCKED`
   on PostgreSQL, so runs that overlap share the work; SQLite has one writer) and lease them:
   `lease` is this run's id, `lease_until` now + OUTBOX_LEASE_SECONDS. Commit: no row lock is
   held while a platform is called.
2. Send each row (e-mail over one SMTP connection per batch; a group robot's rows as one post).
3. Mark each row as soon as its answer is known, in its own UPDATE that holds only while the
   lease is still this run's: sent; or failed and due again after a back-off that doubles
   (OUTBOX_RETRY_SECONDS … OUTBOX_RETRY_MAX_SECONDS); or given up after OUTBOX_MAX_ATTEMPTS
   (or at once when retrying cannot help: no such user). A platform's "too fast" answer and our
   own limits (a robot's posts a minute, SMS to one phone an hour) only postpone a row.
A run killed between sending and marking leaves the row leased; when the lease ends the next run
sends it again. So a crash may repeat the one delivery that was in flight, never lose one, and
the rows marked before it are not sent again. One refused delivery never stops the others.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
import uuid
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from consult.models import (
    DUE_STATES,
    Delivery,
    DeliveryChannel,
    DeliveryPreference,
    DeliveryState,
    Membership,
    MessageKind,
    Notification,
)
from consult.outbox import digest, dingtalk, robots, sms, wecom
from consult.outbox.http import PlatformError
from consult.outbox.secrets import SecretUnreadable, unseal
from consult.outbox.texts import CODE_KINDS, DIGEST, OutboundMessage, UnsafeFact

logger = logging.getLogger(__name__)
APPS = {DeliveryChannel.WECOM: wecom, DeliveryChannel.DINGTALK: dingtalk}


@dataclass
class Outcome:
    sent: int = 0
    failed: int = 0
    given_up: int = 0
    postponed: int = 0


def backoff(attempts: int) -> datetime.timedelta:
    seconds = settings.OUTBOX_RETRY_SECONDS * 2 ** max(0, attempts - 1)
    return datetime.timedelta(seconds=min(seconds, settings.OUTBOX_RETRY_MAX_SECONDS))


def claim(lease: str, batch: int) -> list[int]:
    """Lease up to `batch` due rows to this run; their ids."""
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            Delivery.objects.filter(state__in=DUE_STATES, next_attempt_at__lte=now)
            .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
            .order_by("next_attempt_at", "id")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:batch]
        )
        Delivery.objects.filter(pk__in=ids).update(
            lease=lease, lease_until=now + datetime.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
        )
    return ids


def send_due(*, batch: int | None = None) -> Outcome:
    """Send every due delivery; what happened to them."""
    run = _Run(uuid.uuid4().hex)
    seen: set[int] = set()
    while True:
        ids = claim(run.lease, batch or settings.OUTBOX_BATCH)
        if not ids or seen.issuperset(ids):
            run.release(ids)
            return run.outcome
        seen.update(ids)
        rows = list(
            Delivery.objects.filter(pk__in=ids, lease=run.lease)
            .select_related("notification__enterprise", "notification__recipient", "messenger")
            .order_by("id")
        )
        run.send(rows)


class _Run:
    def __init__(self, lease: str):
        self.lease = lease
        self.outcome = Outcome()
        self._secrets: dict[int, dict] = {}
        self._languages: dict[tuple[int, int], str] = {}

    # -- marking -----------------------------------------------------------------------------

    def _mine(self, row: Delivery):
        return Delivery.objects.filter(pk=row.pk, lease=self.lease)

    def done(self, row: Delivery, now: datetime.datetime | None = None) -> None:
        self._mine(row).update(
            state=DeliveryState.SENT,
            sent_at=now or timezone.now(),
            attempts=F("attempts") + 1,
            lease="",
            lease_until=None,
            last_error="",
        )
        self.outcome.sent += 1
        self._forget_code(row)

    def failed(self, row: Delivery, error: PlatformError) -> None:
        if error.rate_limited:
            self.postpone(row, timezone.now() + datetime.timedelta(seconds=60), str(error))
            return
        attempts = row.attempts + 1
        give_up = error.permanent or attempts >= settings.OUTBOX_MAX_ATTEMPTS
        self._mine(row).update(
            state=DeliveryState.GIVEN_UP if give_up else DeliveryState.FAILED,
            attempts=attempts,
            next_attempt_at=timezone.now() + backoff(attempts),
            lease="",
            lease_until=None,
            last_error=str(error)[:300],
        )
        logger.warning("delivery %s (%s) failed: %s", row.pk, row.channel, error)
        if give_up:
            self.outcome.given_up += 1
            self._forget_code(row)
        else:
            self.outcome.failed += 1

    def postpone(self, row: Delivery, until: datetime.datetime, why: str) -> None:
        self._mine(row).update(
            next_attempt_at=until, lease="", lease_until=None, last_error=why[:300]
        )
        self.outcome.postponed += 1

    def release(self, ids: list[int]) -> None:
        Delivery.objects.filter(pk__in=ids, lease=self.lease).update(lease="", lease_until=None)

    def _forget_code(self, row: Delivery) -> None:
        """An activation or reset code is kept only until every delivery of it is over."""
        note = row.notification
        if note.kind in CODE_KINDS and not (
            Delivery.objects.filter(notification=note, state__in=DUE_STATES)
            .exclude(pk=row.pk)
            .exists()
        ):
            Notification.objects.filter(pk=note.pk).update(facts={})

    # -- what is said ------------------------------------------------------------------------

    def language(self, row: Delivery) -> str:
        note = row.notification
        return (
            self._languages.get((note.recipient_id, note.enterprise_id)) or settings.LANGUAGE_CODE
        )

    def message(self, row: Delivery) -> OutboundMessage:
        note = row.notification
        code = note.enterprise.code
        if row.channel == DeliveryChannel.ROBOT and note.kind != MessageKind.TEST:
            return OutboundMessage(
                kind=DIGEST,
                counts=digest.counts(note.enterprise),
                link=f"{settings.SITE_URL}{reverse('enterprise_home', args=[code])}",
            )
        link = f"{settings.SITE_URL}{reverse('notification_open', args=[code, note.pk])}"
        try:
            return OutboundMessage.of(note.kind, note.facts, link=link)
        except UnsafeFact:  # rows from before a change of the rules: say only that there is news
            return OutboundMessage(kind=MessageKind.NOTICE, link=link)

    def secrets(self, row: Delivery) -> dict:
        messenger = row.messenger
        if messenger is None or not messenger.is_active:
            raise PlatformError("the channel was switched off", permanent=True)
        if messenger.pk not in self._secrets:
            try:
                self._secrets[messenger.pk] = unseal(messenger.secret)
            except SecretUnreadable as exc:
                raise PlatformError(str(exc)) from None
        return self._secrets[messenger.pk]

    # -- sending -----------------------------------------------------------------------------

    def send(self, rows: list[Delivery]) -> None:
        self._read_languages(rows)
        by_channel: dict[str, list[Delivery]] = defaultdict(list)
        for row in rows:
            by_channel[row.channel].append(row)
        self._emails(by_channel.pop(DeliveryChannel.EMAIL, []))
        self._robots(by_channel.pop(DeliveryChannel.ROBOT, []))
        for channel_rows in by_channel.values():
            for row in channel_rows:
                try:
                    self._personal(row)
                except PlatformError as error:
                    self.failed(row, error)
                else:
                    self.done(row)

    def _read_languages(self, rows: list[Delivery]) -> None:
        users = {r.notification.recipient_id for r in rows}
        for user_id, enterprise_id, language in DeliveryPreference.objects.filter(
            membership__user_id__in=users
        ).values_list("membership__user_id", "membership__enterprise_id", "language"):
            self._languages[(user_id, enterprise_id)] = language

    def _emails(self, rows: list[Delivery]) -> None:
        if not rows:
            return
        connection = get_connection()
        try:
            connection.open()
        except Exception as exc:  # the mail server cannot be reached: each row waits its turn
            for row in rows:
                self.failed(row, PlatformError(f"mail server: {type(exc).__name__}"))
            return
        try:
            for row in rows:
                connection = self._email(connection, row)
        finally:
            connection.close()

    def _email(self, connection, row: Delivery):
        """Send one row's mail; the connection for the next rows (a new one after an error
        that may have broken it)."""
        message = self.message(row)
        language = self.language(row)
        mail = EmailMessage(message.title(language), message.text(language), None, [row.address])
        try:
            connection.send_messages([mail])
        except smtplib.SMTPResponseException as exc:  # 554/552 at DATA, 550 …
            self.failed(row, PlatformError(f"SMTP {exc.smtp_code}"))
        except smtplib.SMTPRecipientsRefused:
            self.failed(row, PlatformError("SMTP: recipient refused"))
        except (smtplib.SMTPException, OSError) as exc:
            self.failed(row, PlatformError(f"SMTP: {type(exc).__name__}"))
            connection.close()
            return get_connection()
        else:
            self.done(row)
        return connection

    def _personal(self, row: Delivery) -> None:
        secrets = self.secrets(row)
        messenger = row.messenger
        assert messenger is not None
        message, language = self.message(row), self.language(row)
        if row.channel == DeliveryChannel.SMS:
            self._sms_limit(row)
            sms.send(messenger, secrets, row.address, message)
            return
        address = row.address or self._look_up(row, secrets)
        APPS[row.channel].send(messenger, secrets, address, message, language)

    def _sms_limit(self, row: Delivery) -> None:
        hour_ago = timezone.now() - datetime.timedelta(hours=1)
        recent = Delivery.objects.filter(
            channel=DeliveryChannel.SMS,
            address=row.address,
            state=DeliveryState.SENT,
            sent_at__gte=hour_ago,
        )
        if recent.count() >= settings.SMS_PER_PHONE_PER_HOUR:
            raise PlatformError("SMS limit per phone and hour reached", rate_limited=True)

    def _look_up(self, row: Delivery, secrets: dict) -> str:
        """A WeCom or DingTalk user id found by the person's phone, kept on their membership."""
        note = row.notification
        membership = Membership.objects.filter(
            user_id=note.recipient_id, enterprise_id=note.enterprise_id
        ).first()
        phone = sms.normal_phone(membership.phone if membership else "")
        if not phone:
            raise PlatformError("no user id and no phone to look it up by", permanent=True)
        assert row.messenger is not None
        userid = APPS[row.channel].userid_by_mobile(row.messenger, secrets, phone)
        if not userid:
            raise PlatformError("nobody with this phone on the platform", permanent=True)
        field = "wecom_userid" if row.channel == DeliveryChannel.WECOM else "dingtalk_userid"
        Membership.objects.filter(pk=membership.pk).update(**{field: userid})
        Delivery.objects.filter(pk=row.pk).update(address=userid)
        return userid

    def _robots(self, rows: list[Delivery]) -> None:
        """One post per robot for all its digest rows; a test message is posted on its own."""
        groups: dict[tuple[int | None, bool], list[Delivery]] = defaultdict(list)
        for row in rows:
            groups[(row.messenger_id, row.notification.kind == MessageKind.TEST)].append(row)
        for group in groups.values():
            self._robot_post(group)

    def _robot_post(self, rows: list[Delivery]) -> None:
        first = rows[0]
        now = timezone.now()
        if _robot_posts_since(first.messenger_id, now) >= settings.ROBOT_MESSAGES_PER_MINUTE:
            for row in rows:
                self.postpone(row, now + datetime.timedelta(seconds=60), "robot limit per minute")
            return
        try:
            secrets = self.secrets(first)
            assert first.messenger is not None
            # A group reads the site's language, whoever's notification the post came with.
            robots.post(first.messenger, secrets, self.message(first), settings.LANGUAGE_CODE)
        except PlatformError as error:
            for row in rows:
                self.failed(row, error)
            return
        for row in rows:
            self.done(row, now)  # one post: the same time on every row (the limit counts posts)


def _robot_posts_since(messenger_id: int | None, now) -> int:
    """The posts of this robot in the minute before `now` (rows sent together are one post)."""
    return (
        Delivery.objects.filter(
            channel=DeliveryChannel.ROBOT,
            messenger_id=messenger_id,
            state=DeliveryState.SENT,
            sent_at__gte=now - datetime.timedelta(seconds=60),
        )
        .values("sent_at")
        .distinct()
        .count()
    )

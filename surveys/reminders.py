"""Step 7 reminders, decided by supervision's `remind` command into the same outbox.

Rounds past their last day are closed first (whoever did not answer is 未答复). In an open
round's last working day, each respondent with an account who has not answered is reminded
once, and the union is reminded of respondents it must call (named, without an account).
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from consult.roles import Action
from consult.selectors import members_who_may
from supervision.clocks import WorkingCalendar
from supervision.models import OutboxMessage
from surveys.models import RoundStatus, SurveyRound
from surveys.services import answer_url, rounds_close_overdue
from surveys.workflow import round_url


def _queue(key: str, survey_round: SurveyRound, user, subject: str, url: str) -> int:
    key = key[:120]
    if OutboxMessage.objects.filter(key=key).exists():
        return 0
    try:
        with transaction.atomic():
            OutboxMessage.objects.create(
                key=key,
                enterprise=survey_round.enterprise,
                recipient=user,
                subject=subject[:200],
                url=url,
            )
    except IntegrityError:  # another run decided the same message meanwhile
        return 0
    return 1


def decide(today: datetime.date) -> int:
    rounds_close_overdue(today=today)
    rounds = list(
        SurveyRound.objects.filter(status=RoundStatus.OPEN, closes_on__gte=today)
        .select_related("enterprise", "grievance")
        .prefetch_related("respondents__answer", "respondents__user")
    )
    calendar = WorkingCalendar([today, *[r.closes_on for r in rounds]])
    added = 0
    for r in rounds:
        if calendar.between(today, r.closes_on) > 1:
            continue
        waiting = [p for p in r.respondents.all() if not hasattr(p, "answer")]
        for p in waiting:
            if p.user_id is not None:
                added += _queue(
                    f"survey:r{r.pk}:p{p.pk}",
                    r,
                    p.user,
                    _("Satisfaction survey closes on %(day)s: %(number)s")
                    % {"day": r.closes_on.isoformat(), "number": r.grievance.number},
                    answer_url(r),
                )
        if any(p.user_id is None and not p.anonymous for p in waiting):
            for user in members_who_may(r.enterprise, Action.RUN_SURVEYS):
                added += _queue(
                    f"survey-call:r{r.pk}:u{user.pk}",
                    r,
                    user,
                    _("Call back for the satisfaction survey of %(number)s by %(day)s")
                    % {"number": r.grievance.number, "day": r.closes_on.isoformat()},
                    round_url(r),
                )
    return added

"""Step 7 reminders, decided by supervision's `remind` command into the same outbox.

Rounds past their last day are closed first (whoever did not answer is 未答复). In an open
round's last working day, each respondent with an account who has not answered is reminded
once, and the union is reminded of respondents it must call (named, without an account).
"""

import datetime

from django.utils.translation import gettext_lazy as _

from consult.audit import notify
from consult.models import MessageKind
from consult.roles import Action
from consult.selectors import members_who_may
from supervision.clocks import WorkingCalendar
from surveys.models import SurveyRound
from surveys.services import answer_url, rounds_close_overdue
from surveys.workflow import round_url


def _queue(key: str, survey_round: SurveyRound, users, subject, url: str, kind: str) -> int:
    number = survey_round.grievance.number
    written = notify(
        enterprise=survey_round.enterprise,
        recipients=users,
        subject=subject,  # shown in each reader's language
        params={"day": survey_round.closes_on.isoformat(), "number": number},
        url=url,
        kind=kind,
        # A respondent may be the item's requester: their message carries no number.
        facts={"date": survey_round.closes_on}
        | ({"number": number} if kind != MessageKind.SURVEY else {}),
        key=key,
    )
    return len(written)


def decide(today: datetime.date) -> int:
    rounds_close_overdue(today=today)
    rounds = list(
        SurveyRound.objects.taking_answers(today)
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
                    [p.user],
                    _("Satisfaction survey closes on %(day)s: %(number)s"),
                    answer_url(r),
                    MessageKind.SURVEY,
                )
        if any(p.user_id is None and not p.anonymous for p in waiting):
            added += _queue(
                f"survey-call:r{r.pk}",
                r,
                list(members_who_may(r.enterprise, Action.RUN_SURVEYS)),
                _("Call back for the satisfaction survey of %(number)s by %(day)s"),
                round_url(r),
                MessageKind.STEP,
            )
    return added

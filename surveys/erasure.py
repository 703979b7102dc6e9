"""Step 7's part of an erasure (个人信息保护法): the requester's answers keep their level (the
satisfaction ledger counts the same) but lose every link to the person."""

from consult.privacy import scrub_rows
from grievances.services.erasure import erase_audit_events, erase_notifications
from surveys.models import Answer, Respondent, RespondentKind, SurveyRound
from surveys.services import answer_url
from surveys.workflow import round_url


def erase_identity(sender, grievance, phrases, requester_id, **kwargs):
    """Receiver of consult.privacy.identity_erased, inside the erasing transaction."""
    rounds = list(SurveyRound.objects.filter(grievance=grievance).select_related("enterprise"))
    if not rounds:
        return
    Respondent.objects.filter(round__in=rounds, kind=RespondentKind.REQUESTER).update(
        user=None, name=""
    )
    scrub_rows(Answer.objects.filter(respondent__round__in=rounds), ("reason", "comment"), phrases)
    scrub_rows(SurveyRound.objects.filter(pk__in=[r.pk for r in rounds]), ("review",), phrases)
    erase_audit_events(SurveyRound._meta.label_lower, [r.pk for r in rounds], phrases, requester_id)
    urls = [url for r in rounds for url in (answer_url(r), round_url(r))]
    erase_notifications(grievance.enterprise, urls, phrases, requester_id)

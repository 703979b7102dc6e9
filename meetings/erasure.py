"""Steps 4–5's part of an erasure (个人信息保护法): the phrases that identified the requester go
from the minutes of their item's topic."""

from consult.privacy import scrub_rows
from meetings.models import AgendaItem, Decision


def erase_identity(sender, grievance, phrases, requester_id, **kwargs):
    """Receiver of consult.privacy.identity_erased, inside the erasing transaction."""
    if grievance.topic_id is None:
        return
    scrub_rows(
        AgendaItem.all_objects.filter(topic_id=grievance.topic_id),
        ("statement", "reply", "decision", "summary"),
        phrases,
    )
    scrub_rows(Decision.objects.filter(topic_id=grievance.topic_id), ("text",), phrases)

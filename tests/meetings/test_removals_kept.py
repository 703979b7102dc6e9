"""Removing a topic or a person from a draft meeting keeps the row for the record."""

from meetings import services
from meetings.models import AgendaItem, Participant


def test_removed_agenda_item_leaves_the_agenda_but_stays_on_record(meeting, queued_topic, user):
    chair = user("union_chair")
    topic = queued_topic("班车拥挤")
    item = services.meeting_add_topic(meeting=meeting, topic=topic, by=chair)
    services.meeting_remove_topic(item=item, by=chair)
    assert list(meeting.items.all()) == []
    kept = AgendaItem.all_objects.get(pk=item.pk)
    assert kept.removed_at is not None and kept.removed_by == chair
    topic.refresh_from_db()
    assert topic.status == "queued"
    # The topic can go back onto the same agenda.
    services.meeting_add_topic(meeting=meeting, topic=topic, by=chair)
    assert meeting.items.count() == 1


def test_removed_participant_leaves_the_list_but_stays_on_record(meeting, user):
    chair = user("union_chair")
    rep = user("employee_rep")
    participant = services.participant_add(
        meeting=meeting, by=chair, user=rep, group="representatives", label="机加工车间"
    )
    services.participant_remove(participant=participant, by=chair)
    assert not meeting.participants.filter(user=rep).exists()
    assert Participant.all_objects.get(pk=participant.pk).removed_by == chair
    services.participant_add(
        meeting=meeting, by=chair, user=rep, group="representatives", label="机加工车间"
    )
    assert meeting.participants.filter(user=rep).count() == 1

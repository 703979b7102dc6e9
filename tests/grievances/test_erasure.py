"""Erasing a requester's identity (issue 19, points 8 and 10): the name, phone, unit, account
link, attachments and the text the union marked go from the item and from every row kept
about it; the item itself, its figures and every row stay (nothing is deleted)."""

import io

import pytest
from django.apps import apps
from django.core import serializers
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from consult.models import AuditEvent, Notification
from consult.privacy import ERASED
from consult.workflow import StepRefused
from grievances import services
from grievances.choices import ErasureKind
from grievances.events import GrievanceEventType
from grievances.models import Attachment, Disclosure, Grievance, GrievanceEvent, Status
from supervision.models import RequesterTold, TrackingVisit
from surveys.models import Answer, Respondent, RespondentKind, SurveyRound
from tests import factories
from tests.grievances.closing import closed_item

NAME, PHONE = "郑秋菊", "13912345678"
MARKED = "三车间夜班唯一的女焊工"


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, format="PNG")
    return out.getvalue()


def rows_containing(*needles: str) -> dict[str, list[str]]:
    """{model: [needles found]} over every row of every model, as the backup dumps them."""
    found: dict[str, list[str]] = {}
    for model in apps.get_models():
        if model._meta.app_label in {"contenttypes", "sessions", "admin"}:
            continue
        text = serializers.serialize("json", model._base_manager.all(), ensure_ascii=False)
        hits = [n for n in needles if n in text]
        if hits:
            found[model._meta.label] = hits
    return found


def counts() -> dict[str, int]:
    return {
        m._meta.label: m._base_manager.count()
        for m in (Grievance, GrievanceEvent, Attachment, Answer, Respondent, SurveyRound)
    }


@pytest.fixture
def chair(member):
    return member("union_chair").user


@pytest.fixture
def registered(demo, chair):
    """A named item the union registered from a talk (no account), closed, with a photo and
    a phrase of its content marked as identifying."""
    g = closed_item(
        demo,
        requester_name=NAME,
        phone=PHONE,
        content=f"{MARKED}反映：食堂夜班关门太早。{NAME}",
        comment=f"{NAME}表示满意",
    )
    services.attachment_add(
        grievance=g, by=chair, upload=SimpleUploadedFile(f"{NAME}的照片.png", png(), "image/png")
    )
    services.grievance_mark_identifying(grievance=g, by=chair, text=f"{MARKED}\n")
    g.refresh_from_db()
    return g


def test_erasure_takes_the_identity_and_keeps_the_item(
    demo, chair, registered, settings, django_capture_on_commit_callbacks
):
    g = registered
    photo = Attachment.objects.get(grievance=g)
    on_disk = settings.MEDIA_ROOT / photo.file.name
    assert on_disk.is_file()
    before = counts()
    assert set(rows_containing(NAME, PHONE, MARKED)) >= {"grievances.Grievance"}

    with django_capture_on_commit_callbacks(execute=True):  # the file goes after the commit
        services.grievance_erase_identity(grievance=g, by=chair, kind="request", note="本人申请")
    with pytest.raises(StepRefused):  # the same item twice: refused, nothing more happens
        services.grievance_erase_identity(grievance=g, by=chair, kind="request", note="again")

    g.refresh_from_db()
    assert (g.requester_id, g.requester_name, g.requester_phone, g.requester_unit_id) == (
        None,
        "",
        "",
        None,
    )
    assert g.identity_erased_at is not None and g.identifying_text == ""
    # The content keeps what is not identifying.
    assert g.content == f"{ERASED}反映：食堂夜班关门太早。{ERASED}"
    assert g.status == Status.CLOSED and g.category_id and g.departments.exists()
    # The photo's file is gone from storage; its row stays, marked erased, without its name.
    photo.refresh_from_db()
    assert photo.erased_at is not None and not photo.file and photo.original_name == ""
    assert not on_disk.exists()
    # Nothing deleted: one more event, the erasure.
    events = "grievances.GrievanceEvent"
    assert counts() == {**before, events: before[events] + 1}
    event = g.events.get(action=GrievanceEventType.IDENTITY_ERASED)
    assert event.actor == chair and event.note == "本人申请"
    assert event.data["kind"] == ErasureKind.REQUEST and event.data["attachments"] == 1
    assert event.data["erased"] == ["name", "phone", "identifying_text"]
    # No row anywhere holds the name, the phone or the marked words any more.
    assert rows_containing(NAME, PHONE, MARKED) == {}
    # Satisfaction stays: the answer keeps its level, the visit and the told text their sense.
    answer = Answer.objects.get(respondent__round__grievance=g)
    assert answer.level == "satisfied" and answer.comment == f"{ERASED}表示满意"
    assert TrackingVisit.objects.get(task__grievances=g).findings == f"已与{ERASED}核实情况"
    assert RequesterTold.objects.get(grievance=g).text == f"已电话告知{ERASED}办理结果"


def test_an_online_requesters_account_is_no_longer_tied_to_the_item(demo, member):
    employee = member("employee").user
    g = closed_item(demo, disclosure=Disclosure.CONFIDENTIAL, comment="谢谢")
    assert g.requester == employee
    assert Notification.objects.filter(recipient=employee, url__contains=f"/{g.pk}/").exists()

    services.grievance_erase_identity(grievance=g, by=None, kind=ErasureKind.RETENTION)

    g.refresh_from_db()
    assert g.requester is None
    assert not g.events.filter(actor=employee).exists()
    rounds = SurveyRound.objects.filter(grievance=g)
    requester = Respondent.objects.get(round__in=rounds, kind=RespondentKind.REQUESTER)
    assert requester.user is None and requester.name == ""
    assert requester.answer.level == "satisfied"
    assert not AuditEvent.objects.filter(
        target_type="surveys.surveyround", target_id__in=rounds.values("pk"), actor=employee
    ).exists()
    # The person's notifications no longer name the item or lead to it.
    mine = Notification.objects.filter(recipient=employee)
    assert not mine.filter(url__contains=f"/{g.pk}/").exists()
    assert not [n.text for n in mine if g.number in n.text]
    # Their own pages no longer list it; the item answers 404 to them.
    client = factories_client(employee)
    assert client.get(f"/e/demo/grievances/{g.pk}/").status_code == 404


def factories_client(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def test_an_item_still_being_handled_is_refused_and_nothing_changes(demo, chair):
    g = factories.grievance("routed_department", enterprise=demo, disclosure=Disclosure.NAMED)
    before = counts()
    with pytest.raises(StepRefused, match="仍在办理中"):
        services.grievance_erase_identity(grievance=g, by=chair, kind="request", note="本人申请")
    g.refresh_from_db()
    assert g.requester is not None and g.requester_name and g.identity_erased_at is None
    assert counts() == before


def test_the_union_marks_identifying_text_only_where_it_may_see_the_requester(
    demo, member, registered
):
    from django.core.exceptions import PermissionDenied

    for username in ("admin_head", "supervisor", "dept_head", "employee"):
        with pytest.raises(PermissionDenied):
            services.grievance_mark_identifying(
                grievance=registered, by=member(username).user, text="别的"
            )
    registered.refresh_from_db()
    assert registered.identifying_text == MARKED
    event = registered.events.filter(action=GrievanceEventType.IDENTIFYING_TEXT_MARKED).get()
    # The event says how much was marked, not what.
    assert event.data == {"lines": 1} and MARKED not in event.note


def test_the_ledger_and_pages_show_erased_instead_of_an_empty_name(demo, login, registered):
    services.grievance_erase_identity(grievance=registered, by=None, kind="retention")
    page = login("union_chair").get(f"/e/demo/grievances/{registered.pk}/").content.decode()
    assert "已删除" in page and NAME not in page

"""Attachments (type by content, metadata stripped, served only through an access check),
unit collection registers, suggestions and notifications."""

import io
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from consult.models import Category, Notification
from grievances import services
from grievances.models import Attachment, CollectionRegister, Grievance, Status


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (8, 8), "red")
    exif = Image.Exif()
    exif[0x010F] = "SecretCameraMaker"  # Make
    exif[0x8825] = {1: "N", 2: (35.0, 42.0, 0.0)}  # GPS IFD
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def _token(client, url):
    return re.search(r'name="token" value="([0-9a-f]+)"', client.get(url).content.decode()).group(1)


def test_photo_is_stored_without_exif_and_served_only_to_those_who_see_the_item(demo, login):
    data = _jpeg_with_gps()
    assert b"SecretCameraMaker" in data
    client = login("employee")
    response = client.post(
        "/e/demo/grievances/new/",
        {
            "kind": "grievance",
            "content": "地面湿滑",
            "disclosure": "named",
            "token": _token(client, "/e/demo/grievances/new/"),
            "attachments": [SimpleUploadedFile("我的照片.png", data, "image/png")],
        },
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.content_type == "image/jpeg"  # by content, not by the name or header
    assert "照片" not in attachment.file.name and attachment.file.name.endswith(".jpg")
    stored = attachment.file.read()
    assert b"SecretCameraMaker" not in stored and b"Exif" not in stored

    url = f"/e/demo/grievances/{attachment.grievance_id}/attachments/{attachment.pk}/"
    assert client.get(url).status_code == 200
    assert login("employee_rep").get(url).status_code == 404


def test_file_that_lies_about_its_type_is_refused(demo, login):
    client = login("employee")
    response = client.post(
        "/e/demo/grievances/new/",
        {
            "kind": "grievance",
            "content": "附件测试",
            "disclosure": "named",
            "token": _token(client, "/e/demo/grievances/new/"),
            "attachments": [
                SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
            ],
        },
    )
    assert response.status_code == 400
    assert not Grievance.objects.exists()


def test_oversized_attachment_is_refused(demo, login, settings):
    settings.ATTACHMENT_MAX_BYTES = 1000
    client = login("employee")
    response = client.post(
        "/e/demo/grievances/new/",
        {
            "kind": "grievance",
            "content": "附件过大",
            "disclosure": "named",
            "token": _token(client, "/e/demo/grievances/new/"),
            "attachments": [SimpleUploadedFile("a.pdf", b"%PDF-1.4\n" + b"0" * 2000)],
        },
    )
    assert response.status_code == 400
    assert not Grievance.objects.exists()


def test_double_submit_by_an_employee_creates_one_grievance(demo, login):
    client = login("employee")
    data = {
        "kind": "grievance",
        "content": "重复点击",
        "disclosure": "named",
        "token": _token(client, "/e/demo/grievances/new/"),
    }
    client.post("/e/demo/grievances/new/", data)
    client.post("/e/demo/grievances/new/", data)
    assert Grievance.objects.filter(content="重复点击").count() == 1


def test_unit_register_is_entered_handed_up_and_turned_into_grievances(demo, login, member):
    collector = login("unit_collector")
    unit = member("unit_collector").unit
    form = {
        "unit": unit.pk,
        "rows-TOTAL_FORMS": "3",
        "rows-INITIAL_FORMS": "0",
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "50",
        "rows-0-name": "张三",
        "rows-0-content": "车间照明不足",
        "rows-0-raised_on": "2026-11-02",
        "rows-1-name": "李四",
        "rows-1-content": "工具柜不够用",
        "rows-1-raised_on": "2026-11-03",
    }
    response = collector.post("/e/demo/registers/new/", form)
    assert response.status_code == 302
    register = CollectionRegister.objects.get()
    assert register.rows.count() == 2

    pdf = collector.get(f"/e/demo/documents/register/{register.pk}.pdf")
    assert pdf.status_code == 200
    # Not handed up yet: the enterprise union does not see it.
    assert login("union_staff").get(f"/e/demo/registers/{register.pk}/").status_code == 404

    assert collector.post(f"/e/demo/registers/{register.pk}/hand-up/").status_code == 302
    staff = login("union_staff")
    assert staff.post(f"/e/demo/registers/{register.pk}/convert/").status_code == 302
    created = Grievance.objects.filter(register_row__register=register).order_by("serial")
    assert [g.content for g in created] == ["车间照明不足", "工具柜不够用"]
    assert created[0].channel == "register" and created[0].requester_name == "张三"
    # Converting twice does nothing more.
    staff.post(f"/e/demo/registers/{register.pk}/convert/")
    assert Grievance.objects.count() == 2


def test_classification_suggestion_is_shown_but_not_applied(demo, login, make_item):
    category = Category.objects.filter(enterprise=demo, parent__isnull=False).first()
    category.keywords = "食堂 饭菜"
    category.save()
    g = make_item("verified")
    page = login("union_staff").get(f"/e/demo/grievances/{g.pk}/").content.decode()
    assert "建议（未自动采用）" in page and category.name in page
    g.refresh_from_db()
    assert g.category is None and g.status == Status.VERIFIED


def test_named_requester_is_told_when_the_item_is_accepted_and_the_chair_when_to_sign(
    demo, member, make_item
):
    g = make_item("classified", disclosure="named")
    employee = member("employee").user
    chair = member("union_chair").user
    assert Notification.objects.filter(recipient=employee, subject__contains=g.number).exists()
    assert Notification.objects.filter(recipient=chair, subject__contains=g.number).exists()


def test_deputy_approves_in_admin(demo, login, make_item):
    g = make_item("opinion_signed")
    response = login("admin_deputy").post(
        f"/admin/grievances/grievance/{g.pk}/approval/", {"decision": "approve", "note": ""}
    )
    assert response.status_code == 302
    g.refresh_from_db()
    assert g.status == Status.ROUTED_DEPARTMENT


def test_merged_anonymous_requester_follows_the_survivor_on_track(demo, member, make_item):
    from django.test import Client

    survivor = make_item("submitted", disclosure="named")
    anon = services.grievance_submit_anonymous(enterprise=demo, kind="grievance", content="同上")
    services.grievance_merge(grievance=anon, into=survivor, by=member("union_staff").user)
    page = (
        Client()
        .post("/track/", {"code": anon.receipt_code, "secret": anon.receipt_secret})
        .content.decode()
    )
    assert survivor.number in page

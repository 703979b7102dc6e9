"""The whole step 3 as a new user would walk it: anonymous submission on the public page,
follow-up on /track/, verification, classification, opinion, approval in admin, answer."""

import re

from django.test import Client

from grievances.models import Grievance, Status


def _receipt(response):
    html = response.content.decode()
    code = re.search(r'id="receipt-code">([A-Z0-9]+)<', html).group(1)
    secret = re.search(r'id="receipt-secret">([A-Z0-9]+)<', html).group(1)
    return code, secret


def test_anonymous_item_goes_from_public_page_to_department_answer(demo, login, hr, wages):
    public = Client()
    page = public.get("/s/demo/")
    assert page.status_code == 200
    assert "/s/demo/submit/" in page.content.decode()
    form_token = re.search(r'name="token" value="([0-9a-f]+)"', page.content.decode()).group(1)

    response = public.post(
        "/s/demo/submit/",
        {"kind": "grievance", "content": "车间夏季高温，缺少防暑降温措施", "token": form_token},
    )
    assert response.status_code == 200
    code, secret = _receipt(response)
    grievance = Grievance.objects.get(receipt_code=code)
    assert grievance.number.startswith(f"{grievance.year}-")
    assert grievance.requester is None and grievance.requester_name == ""

    tracked = public.post("/track/", {"code": code, "secret": secret})
    assert tracked.status_code == 200
    assert "车间夏季高温" in tracked.content.decode()

    staff = login("union_staff")
    url = f"/e/demo/grievances/{grievance.pk}/"
    assert staff.get(url).status_code == 200
    assert staff.post(url + "verify/", {"outcome": "authentic"}).status_code == 302
    response = staff.post(
        url + "classify/",
        {"category": wages.pk, "departments": [hr.pk], "responsible_person": "郑芳"},
    )
    assert response.status_code == 302

    chair = login("union_chair")
    response = chair.post(url + "opinion/", {"route": "department", "opinion": "请人力资源部办理"})
    assert response.status_code == 302

    deputy = login("admin_deputy")
    change = deputy.get(f"/admin/grievances/grievance/{grievance.pk}/change/")
    assert change.status_code == 200
    approval = f"/admin/grievances/grievance/{grievance.pk}/approval/"
    assert approval in change.content.decode()
    assert deputy.post(approval, {"decision": "approve"}).status_code == 302
    grievance.refresh_from_db()
    assert grievance.status == Status.ROUTED_DEPARTMENT
    assert grievance.approved_by.username == "admin_deputy"

    dept = login("dept_head")
    queue = dept.get("/e/demo/grievances/queue/department/")
    assert grievance.number in queue.content.decode()
    response = dept.post(
        url + "answer/", {"outcome": "measures", "measures": "为车间加装空调", "due": "2030-07-01"}
    )
    assert response.status_code == 302
    grievance.refresh_from_db()
    assert grievance.status == Status.ANSWERED

    # Step 6: the union relays the result to the requester; the department's answer is not
    # shown on /track/ directly.
    tracked = public.post("/track/", {"code": code, "secret": secret}).content.decode()
    assert "为车间加装空调" not in tracked

    pdf = chair.get(f"/e/demo/documents/grievance_record/{grievance.pk}.pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"


def test_employee_submits_named_item_and_sees_it_in_my_grievances(demo, login):
    client = login("employee")
    form = client.get("/e/demo/grievances/new/")
    token = re.search(r'name="token" value="([0-9a-f]+)"', form.content.decode()).group(1)
    response = client.post(
        "/e/demo/grievances/new/",
        {"kind": "suggestion", "content": "建议增加班车", "disclosure": "named", "token": token},
    )
    assert response.status_code == 302
    mine = client.get("/e/demo/grievances/").content.decode()
    assert "建议增加班车" in mine

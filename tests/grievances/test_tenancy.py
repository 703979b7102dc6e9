"""Another enterprise's grievance id answers 404 on every page that takes an id."""

import pytest

from grievances.models import Attachment  # noqa: F401  (kept for the attachment URL below)

ID_URLS = [
    ("get", "/e/demo/grievances/{pk}/"),
    ("post", "/e/demo/grievances/{pk}/verify/"),
    ("post", "/e/demo/grievances/{pk}/classify/"),
    ("post", "/e/demo/grievances/{pk}/opinion/"),
    ("post", "/e/demo/grievances/{pk}/approval/"),
    ("post", "/e/demo/grievances/{pk}/answer/"),
    ("post", "/e/demo/grievances/{pk}/withdraw/"),
    ("get", "/e/demo/documents/grievance_record/{pk}.pdf"),
    ("get", "/e/demo/grievances/{pk}/attachments/1/"),
]


@pytest.fixture
def foreign_item(demo_b, member):
    from grievances import services

    return services.grievance_submit(
        enterprise=demo_b,
        by=member("b_employee", "demo-b").user,
        kind="grievance",
        content="另一企业的诉求",
        disclosure="named",
    )


@pytest.mark.parametrize("username", ["union_chair", "admin_deputy", "dept_head", "employee"])
@pytest.mark.parametrize("method,url", ID_URLS)
def test_another_enterprises_grievance_answers_404(
    demo, login, foreign_item, username, method, url
):
    client = login(username)
    response = getattr(client, method)(url.format(pk=foreign_item.pk))
    assert response.status_code == 404


def test_other_enterprises_code_answers_404(demo, login, foreign_item):
    client = login("union_chair")
    assert client.get(f"/e/demo-b/grievances/{foreign_item.pk}/").status_code == 404
    assert client.get("/e/demo-b/grievances/all/").status_code == 404


def test_employee_cannot_open_a_colleagues_item(demo, login, member):
    from grievances import services

    g = services.grievance_submit(
        enterprise=demo,
        by=member("employee_rep").user,
        kind="grievance",
        content="同事的诉求",
        disclosure="named",
    )
    assert login("employee").get(f"/e/demo/grievances/{g.pk}/").status_code == 404


def test_department_head_cannot_open_an_item_before_it_is_routed(demo, login, make_item):
    g = make_item("opinion_signed")
    assert login("dept_head").get(f"/e/demo/grievances/{g.pk}/").status_code == 404


def test_federation_sees_figures_of_the_enterprise_but_no_item_or_person(demo, login, make_item):
    make_item("submitted", disclosure="named")
    page = login("federation").get("/e/demo/").content.decode()
    assert "收到：1" in page
    assert "张三" not in page and "食堂" not in page
    assert login("federation").get("/e/demo/grievances/all/").status_code == 404

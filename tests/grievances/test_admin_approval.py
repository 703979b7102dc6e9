"""Approving the union's routing in Django admin (issue 13 points 5 and 6): the list shows what
is approved (content, route, the union's opinion), the change page shows the opinion above the
approve and return buttons, both ask first and both keep the comment (issue 18 point 5), there
is no bulk approval, people are named with their post, and a record the manager may not edit
offers no "保存"."""

from lxml import html

from grievances.models import Status

LIST = "/admin/grievances/grievance/"


def _page(response):
    assert response.status_code == 200
    return html.fromstring(response.content.decode())


def _text(element) -> str:
    return " ".join(element.text_content().split())


def test_list_shows_content_route_and_union_opinion(login, make_item):
    g = make_item("opinion_signed", content="食堂饭菜价格偏高，" + "希望降价" * 20)
    page = _page(login("admin_deputy").get(LIST))
    headers = [_text(th) for th in page.xpath("//table[@id='result_list']/thead//th")]
    assert {"内容", "办理方式", "工会办理意见"} <= set(headers), headers
    row = _text(page.xpath(f"//tr[.//a[contains(@href, '/{g.pk}/change/')]]")[0])
    assert "食堂饭菜价格偏高" in row
    assert "希望降价" * 20 not in row  # truncated
    assert str(g.get_route_display()) in row
    assert g.opinion[:10] in row


def test_change_page_shows_the_opinion_above_the_buttons_that_ask_first(login, make_item):
    g = make_item("opinion_signed")
    page = _page(login("admin_deputy").get(f"{LIST}{g.pk}/change/"))
    box = page.xpath("//*[@id='routing-approval']")[0]
    text = _text(box)
    assert g.opinion in text and str(g.get_route_display()) in text
    buttons = box.xpath(".//button")
    assert [b.get("value") for b in buttons] == ["approve", "return"]
    assert all("确定" in b.get("data-confirm") for b in buttons)
    # The comment box goes with both buttons.
    assert box.xpath(".//textarea[@name='note']")[0].get("form") == buttons[0].get("form")
    assert buttons[0].get("form") == buttons[1].get("form")
    # The opinion comes before the buttons.
    assert text.index(g.opinion) < text.index(_text(buttons[0]))
    assert page.xpath("//script[contains(@src, 'consult/confirm.js')]")


def test_approval_keeps_the_comment_typed_before_approving(login, make_item):
    g = make_item("opinion_signed")
    client = login("admin_deputy")
    response = client.post(
        f"{LIST}{g.pk}/approval/",
        {"decision": "approve", "note": "同意，请人力资源部两周内答复"},
        follow=True,
    )
    assert "已审批同意" in response.content.decode()
    g.refresh_from_db()
    assert g.status == Status.ROUTED_DEPARTMENT
    assert g.approval_note == "同意，请人力资源部两周内答复"
    assert g.events.get(action="routing_approved").note == "同意，请人力资源部两周内答复"


def test_a_comment_too_long_is_refused_by_name_and_nothing_moves(login, make_item):
    g = make_item("opinion_signed")
    response = login("admin_deputy").post(
        f"{LIST}{g.pk}/approval/", {"decision": "approve", "note": "长" * 2001}, follow=True
    )
    text = _text(_page(response).xpath("//ul[contains(@class, 'messagelist')]")[0])
    assert "意见" in text and "2000" in text
    g.refresh_from_db()
    assert g.status == Status.OPINION_SIGNED


def test_returning_needs_a_comment(login, make_item):
    g = make_item("opinion_signed")
    response = login("admin_deputy").post(
        f"{LIST}{g.pk}/approval/", {"decision": "return", "note": " "}, follow=True
    )
    assert "说明退回" in _text(_page(response)) or "退回" in _text(_page(response))
    g.refresh_from_db()
    assert g.status == Status.OPINION_SIGNED


def test_people_are_shown_by_name_and_post_not_login(login, make_item, member):
    g = make_item("routed_department")
    chair, deputy = member("union_chair"), member("admin_deputy")
    page = _page(login("admin_deputy").get(f"{LIST}{g.pk}/change/"))
    text = _text(page.xpath("//div[@id='content']")[0])
    for m in (chair, deputy):
        name = f"{m.user.last_name}{m.user.first_name}"
        assert f"{name}（{m.post}）" in text, text
        assert m.user.username not in text
    assert deputy.user.username not in _text(page.xpath("//div[@id='user-tools']")[0])


def test_no_save_button_and_no_false_success_for_the_deputy(login, make_item):
    g = make_item("opinion_signed")
    client = login("admin_deputy")
    page = _page(client.get(f"{LIST}{g.pk}/change/"))
    assert not page.xpath("//input[@name='_save'] | //input[@name='_continue']")
    response = client.post(f"{LIST}{g.pk}/change/", {"_save": "保存"}, follow=True)
    assert "成功修改" not in response.content.decode()
    g.refresh_from_db()
    assert g.status == Status.OPINION_SIGNED


def test_there_is_no_bulk_approval(login, make_item):
    """Approval is one item at a time, with its opinion read."""
    g = make_item("opinion_signed")
    client = login("admin_deputy")
    page = _page(client.get(LIST))
    assert not page.xpath("//select[@name='action']/option[@value='approve_routing']")
    client.post(LIST, {"action": "approve_routing", "_selected_action": [g.pk], "post": "yes"})
    g.refresh_from_db()
    assert g.status == Status.OPINION_SIGNED

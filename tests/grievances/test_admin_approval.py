"""Approving the union's routing in Django admin (issue 13 points 5 and 6): the list shows what
is approved (content, route, the union's opinion), the change page shows the opinion above the
approve and return buttons, both ask first, the bulk action goes through a confirmation page
listing the items, and a record the manager may not edit offers no "保存"."""

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
    approve = page.xpath("//form[@id='approve-routing-form']")[0]
    send_back = page.xpath("//form[@id='return-routing-form']")[0]
    assert "确定" in approve.get("data-confirm") and "确定" in send_back.get("data-confirm")
    buttons = box.xpath(".//button")
    assert [b.get("form") for b in buttons] == ["approve-routing-form", "return-routing-form"]
    # The opinion comes before the buttons.
    assert text.index(g.opinion) < text.index(_text(buttons[0]))
    assert page.xpath("//script[contains(@src, 'consult/confirm.js')]")


def test_no_save_button_and_no_false_success_for_the_deputy(login, make_item):
    g = make_item("opinion_signed")
    client = login("admin_deputy")
    page = _page(client.get(f"{LIST}{g.pk}/change/"))
    assert not page.xpath("//input[@name='_save'] | //input[@name='_continue']")
    response = client.post(f"{LIST}{g.pk}/change/", {"_save": "保存"}, follow=True)
    assert "成功修改" not in response.content.decode()
    g.refresh_from_db()
    assert g.status == Status.OPINION_SIGNED


def test_bulk_approval_asks_on_a_page_listing_the_items(login, make_item):
    first = make_item("opinion_signed", content="食堂饭菜价格偏高")
    second = make_item("opinion_signed", content="夜班班车太少")
    client = login("admin_deputy")
    response = client.post(
        LIST, {"action": "approve_routing", "_selected_action": [first.pk, second.pk]}
    )
    page = _page(response)
    text = _text(page)
    assert "确定" in text
    for g in (first, second):
        assert g.number in text and g.content in text and g.opinion[:10] in text
        g.refresh_from_db()
        assert g.status == Status.OPINION_SIGNED  # nothing happened yet

    form = page.xpath("//form[@id='approve-confirmation']")[0]
    data = {i.get("name"): i.get("value") for i in form.xpath(".//input[@type='hidden']")}
    data["_selected_action"] = [
        i.get("value") for i in form.xpath(".//input[@name='_selected_action']")
    ]
    response = client.post(LIST, data, follow=True)
    assert "已审批同意 2 项" in response.content.decode()
    for g in (first, second):
        g.refresh_from_db()
        assert g.status == Status.ROUTED_DEPARTMENT

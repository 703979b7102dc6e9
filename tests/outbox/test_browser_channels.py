"""Issue 21 as a new user does it, in a real browser (desktop): the union chair configures a
WeCom application and a DingTalk robot pointing at local fake servers and sends a test message;
then a new anonymous submission, a task falling due and a survey invitation arrive at the fakes
once the sender runs; WeCom answering 500 shows on the failed-deliveries page, and a retry
succeeds."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from grievances import services as grievance_services
from supervision import services as supervision_services
from supervision.models import Task
from tests.browser import DESKTOP, browser_page, log_in, screenshot
from tests.supervision.conftest import _routed_item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
User = get_user_model()


def _send():
    call_command("send_notifications", stdout=open("/dev/null", "w"))


def _as(page, live_server, username, path):
    page.context.clear_cookies()
    log_in(page, live_server.url, username)
    page.wait_for_url(re.compile(r".*/e/demo/.*"))
    page.goto(live_server.url + path)


def _save(page):
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def _user(username):
    return User.objects.get(username=username)


def _survey_invitation(demo):
    """The employee's named item, handled and told: its survey round opens and invites them."""
    hr = demo.departments.get(name="人力资源部")
    g = _routed_item(
        demo,
        _user,
        route="department",
        disclosure="named",
        content="更衣柜不够用",
        departments=[hr],
    )
    today = timezone.localdate()
    grievance_services.grievance_answer(
        grievance=g, by=_user("dept_head"), department=hr, measures="增加柜子", due=today
    )
    task = Task.objects.get(grievances=g)
    supervision_services.task_report(
        task=task,
        by=_user("dept_head"),
        department=hr,
        outcome="done",
        text="已增加",
        completed_on=today,
    )
    supervision_services.requester_tell(
        task=task, grievance=g, by=_user("union_staff"), method="phone", text="已增加柜子"
    )


def _task_due_today(demo):
    hr = demo.departments.get(name="人力资源部")
    g = _routed_item(
        demo,
        _user,
        route="department",
        disclosure="confidential",
        content="夜班补贴",
        departments=[hr],
    )
    grievance_services.grievance_answer(
        grievance=g, by=_user("dept_head"), department=hr, measures="核算", due=timezone.localdate()
    )
    Task.objects.filter(grievances=g).update(deadline=timezone.localdate())
    call_command("remind", stdout=open("/dev/null", "w"))


def test_the_chair_connects_wecom_and_a_dingtalk_robot_and_messages_arrive(
    live_server, demo, wecom, dingtalk
):
    wecom.open_directory = True  # every demo member is on WeCom, found by their phone
    with browser_page() as page:
        page.set_viewport_size(DESKTOP)
        _as(page, live_server, "union_chair", "/e/demo/")
        page.locator("#enterprise-nav").get_by_text("消息推送渠道").click()
        page.get_by_role("link", name="企业微信应用消息").click()
        page.fill("input[name=name]", "工会企业微信")
        page.fill("input[name=corp_id]", wecom.corp_id)
        page.fill("input[name=agent_id]", str(wecom.agent_id))
        page.fill("input[name=secret_secret]", wecom.secret)
        screenshot(page, "outbox-0-wecom-form")
        _save(page)
        page.get_by_role("link", name="钉钉自定义机器人").click()
        page.fill("input[name=name]", "工会工作群")
        page.fill(
            "input[name=secret_webhook]",
            f"{dingtalk.base}/robot/send?access_token=fake-robot-token",
        )
        page.fill("input[name=secret_sign_secret]", "SECfake-signing-secret")
        _save(page)
        table = page.locator("#messengers").inner_text()
        assert "企业微信应用消息" in table and "钉钉自定义机器人" in table
        assert wecom.secret not in page.content() and "…cret" in table
        # The test message of the WeCom application, to the chair's own WeCom.
        with page.expect_navigation():
            page.locator("tr[data-kind=wecom_app] button[type=submit]").click()
        assert "测试消息已进入发送队列" in page.locator("main").inner_text()
        screenshot(page, "outbox-1-channels")
        _send()
        assert [c["title"] for c in wecom.delivered] == ["测试消息：此渠道可用"]

        # A new anonymous submission on the public page.
        page.context.clear_cookies()
        page.goto(live_server.url + "/s/demo/")
        page.fill("textarea[name=content]", "车间通风不好，夏天太热")
        page.get_by_role("button", name="匿名提交").click()
        page.locator("#receipt-code").wait_for()
        _send()
        new_item = [c for c in wecom.delivered if "待核实" in c["title"]]
        assert new_item  # to the union office's WeCom
        posts = [m for m in dingtalk.delivered if m["to"] == "robot"]
        assert posts and "待核实" in posts[-1]["content"]

        # A task falling due, and a survey invitation.
        _task_due_today(demo)
        _survey_invitation(demo)
        _send()
        titles = [c["title"] for c in wecom.delivered]
        assert any("到期" in t for t in titles)
        assert any(t.startswith("满意度测评等待您答复") for t in titles)
        assert "车间通风" not in str(wecom.delivered) + str(dingtalk.delivered)

        # WeCom answers 500: the union office sees it, retries, and it goes.
        wecom.fail_next(50, status=500)
        grievance_services.grievance_submit_anonymous(
            enterprise=demo, kind="grievance", content="宿舍热水不稳定"
        )
        _send()
        wecom._failures.clear()
        _as(page, live_server, "union_staff", "/e/demo/")
        page.locator("#enterprise-nav").get_by_text("消息投递").click()
        rows = page.locator("#deliveries tbody tr[data-state=failed]")
        assert rows.count() >= 1 and "HTTP 500" in rows.first.inner_text()
        screenshot(page, "outbox-2-failed")
        page.on("dialog", lambda dialog: dialog.accept())
        while page.locator("#deliveries tbody tr[data-state=failed]").count():
            with page.expect_navigation():
                page.locator("#deliveries tbody tr[data-state=failed] button").first.click()
        _send()
        page.reload()
        assert "没有发送失败的消息" in page.locator("#deliveries").inner_text()
        screenshot(page, "outbox-3-retried")
        assert len([c for c in wecom.delivered if "待核实" in c["title"]]) > len(new_item)

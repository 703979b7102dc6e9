"""Survey steps say what happened and who acts next (issue 18 point 14), not only "已保存。"."""

from lxml import html

from surveys import services
from surveys.workflow import round_url


def _flash(response) -> str:
    assert response.status_code == 200
    doc = html.fromstring(response.content.decode())
    return " ".join(" ".join(doc.xpath("//*[contains(@class, 'alert')]//text()")).split())


def test_signing_and_reviewing_say_what_comes_next(told, user, login):
    g, r = told()
    services.answer_record(
        respondent=r.respondents.get(),
        by=user("union_staff"),
        level="very_satisfied",
        method="phone",
        answered_at=None,
    )
    said = _flash(login("supervisor").post(round_url(r) + "sign/", follow=True))
    assert "督办人已签字" in said and "下一步" in said and "工会审阅反馈" in said
    said = _flash(
        login("union_chair").post(
            round_url(r) + "review/", {"review": "办理及时，职工满意。"}, follow=True
        )
    )
    assert "已办结" in said and "已保存" not in said

"""Lists open on what is open and due first (issue 18 point 12): the survey list shows the
rounds still waiting for a step, the earliest closing first; reviewed rounds are a filter
away."""

from django.urls import reverse
from lxml import html

from surveys import services


def _numbers(client, **params) -> list[str]:
    body = client.get(reverse("survey_list", args=["demo"]), params).content.decode()
    return [a.text_content() for a in html.fromstring(body).xpath("//table[@id='rounds']//td/a")]


def test_the_list_opens_on_rounds_waiting_for_a_step(told, user, login):
    done, r = told(content="宿舍热水不稳定")
    services.answer_record(
        respondent=r.respondents.get(),
        by=user("union_staff"),
        level="satisfied",
        method="phone",
        answered_at=None,
    )
    services.round_sign(survey_round=r, by=user("supervisor"))
    services.round_review(survey_round=r, by=user("union_chair"), review="职工满意。")
    waiting, _round = told(content="班车太少")
    client = login("union_staff")
    assert _numbers(client) == [waiting.number]
    assert set(_numbers(client, status="all")) == {waiting.number, done.number}
    assert _numbers(client, status="reviewed") == [done.number]

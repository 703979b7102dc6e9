"""Issue 18 point 2: the installation admin enters a year's State Council holiday schedule in
one form (holiday ranges and make-up workdays), sees the year's working days before saving, and
only those who can act on an unknown year are warned about it.

The schedules here are INVENTED (2099 is far beyond any published notice); none of them is the
State Council's real schedule of any year.
"""

import datetime
import types

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from consult import workdays
from consult.models import CalendarOverride, CalendarSchedule
from consult.workdays import add_working_days, is_working_day, uncovered_years
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
D = datetime.date
YEAR = 2099
URL = reverse("calendar_schedule", args=[YEAR])

# An invented schedule of 2099, as the notice would list it.
INVENTED = [
    ("元旦", "2099-01-01", "2099-01-03", "1月4日"),
    ("春节", "2099-02-16", "2099-02-22", "2月14日、2099-02-28"),
    ("国庆节", "2099-10-01", "2099-10-07", "9月26日, 10月10日"),
]


def post_data(rows, **extra):
    data = {"form-TOTAL_FORMS": str(len(rows)), "form-INITIAL_FORMS": "0", **extra}
    for i, (name, first, last, make_up) in enumerate(rows):
        data.update(
            {f"form-{i}-name": name, f"form-{i}-first": first, f"form-{i}-last": last}
            | {f"form-{i}-make_up": make_up}
        )
    return data


@pytest.fixture
def root(client, demo):
    get_user_model().objects.create_superuser("root", "root@example.invalid", PASSWORD)
    assert client.login(username="root", password=PASSWORD)
    return client


def enter(client, rows, year=YEAR):
    """Preview, then save what the preview showed (as the page's two buttons do)."""
    url = reverse("calendar_schedule", args=[year])
    preview = client.post(url, post_data(rows, action="preview"))
    assert preview.status_code == 200, preview.content.decode()[:2000]
    return client.post(url, post_data(rows, action="save", checked=preview.context["checked"]))


def test_the_preview_shows_the_years_working_days_and_saves_nothing(root):
    page = root.post(URL, post_data(INVENTED, action="preview"))
    assert page.status_code == 200
    body = page.content.decode()
    # February 2099: 20 weekdays, 5 of them off (16–20), two Saturdays worked (14, 28).
    assert "2月：17个工作日" in body
    assert "2-14 上班 · 春节调休上班" in body and "2-16 放假 · 春节" in body
    assert 'id="save-schedule"' in body
    assert not CalendarOverride.objects.filter(date__year=YEAR).exists()
    assert not CalendarSchedule.objects.exists()


def test_saved_schedule_moves_deadlines_and_is_recorded(root):
    response = enter(root, INVENTED)
    assert response.status_code == 302
    assert add_working_days(D(2099, 2, 13), 1) == D(2099, 2, 14)  # a make-up Saturday
    assert add_working_days(D(2099, 2, 15), 1) == D(2099, 2, 23)  # over the Spring Festival
    assert not is_working_day(D(2099, 10, 5))
    assert uncovered_years([D(2099, 6, 1)]) == []
    schedule = CalendarSchedule.objects.get(year=YEAR)  # who entered which schedule
    assert schedule.entered_by.username == "root"
    assert [h["name"] for h in schedule.holidays] == ["元旦", "春节", "国庆节"]
    assert (
        "2099年" in root.get(reverse("calendar_years") + "?year=2099", follow=True).content.decode()
    )


def test_saving_what_the_preview_did_not_show_saves_nothing(root):
    preview = root.post(URL, post_data(INVENTED, action="preview"))
    changed = [*INVENTED[:2], ("国庆节", "2099-10-01", "2099-10-08", "9月26日")]
    page = root.post(URL, post_data(changed, action="save", checked=preview.context["checked"]))
    assert page.status_code == 200 and 'id="preview"' in page.content.decode()
    assert not CalendarOverride.objects.exists() and not CalendarSchedule.objects.exists()


def test_entering_a_year_again_replaces_its_days_and_keeps_the_earlier_entry(root):
    enter(root, INVENTED)
    enter(root, INVENTED[:1])
    assert is_working_day(D(2099, 10, 5))  # the National Day of the first entry is gone
    assert not is_working_day(D(2099, 1, 2))
    assert CalendarSchedule.objects.filter(year=YEAR).count() == 2
    latest = CalendarSchedule.objects.filter(year=YEAR).latest("pk")
    assert ["2099-10-05", False, "国庆节"] in latest.replaced
    form = root.get(URL).content.decode()  # the form opens on the latest entry
    assert 'value="2099-01-03"' in form and 'value="2099-10-07"' not in form


BAD = [
    ([("春节", "2099-02-22", "2099-02-16", "")], "结束日期（2099-02-16）早于开始日期"),
    ([("元旦", "2098-12-31", "2099-01-02", "")], "2098-12-31不在2099年内"),
    ([("春节", "2099-02-16", "2099-02-22", "2100-02-14")], "2100-02-14不在2099年内"),
    ([INVENTED[1], ("元宵", "2099-02-22", "2099-02-23", "")], "春节和元宵的日期重叠"),
    ([("春节", "2099-02-16", "2099-02-22", "2月21日")], "2099-02-21既是春节的调休上班日"),
    (
        [INVENTED[1], ("元旦", "2099-01-01", "2099-01-03", "2月21日")],
        "2099-02-21既是元旦的调休上班日，又是春节的放假日",
    ),
    (
        [INVENTED[0], ("春节", "2099-02-16", "2099-02-22", "1月4日")],
        "2099-01-04被重复填写为调休上班日",
    ),
    ([("春节", "2099-02-16", "2099-02-22", "2月13日")], "2099-02-13是工作日"),
    ([("春节", "2099-02-16", "2099-02-22", "二月十四")], "“二月十四”不是日期"),
    ([("", "2099-02-16", "2099-02-22", "")], "请填写节日名称"),
    ([("春节", "2099-02-16", "", "")], "请填写节日放假的第一天和最后一天"),
    ([("元旦", "", "", "")], "请至少填写一个节日"),
]


@pytest.mark.parametrize("rows,message", BAD)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_is_saved(root, rows, message):
    for action in ("preview", "save"):
        response = root.post(URL, post_data(rows, action=action, checked="x"))
        assert response.status_code == 400
        assert message in response.content.decode()
    assert not CalendarOverride.objects.exists() and not CalendarSchedule.objects.exists()


def test_the_refusal_reads_in_english_for_an_english_reader(root):
    root.post(reverse("set_language"), {"language": "en"})
    response = root.post(URL, post_data([INVENTED[1], ("元宵", "2099-02-22", "2099-02-23", "")]))
    assert response.status_code == 400
    assert "春节 and 元宵 overlap: 2099-02-22 is in both." in response.content.decode()


@pytest.mark.parametrize("username", ["union_chair", "union_staff", "admin_head", "employee"])
def test_only_the_installation_admin_enters_a_schedule(login, username):
    client = login(username)
    assert client.get(reverse("calendar_years")).status_code == 403
    assert client.get(URL).status_code == 403
    response = client.post(URL, post_data(INVENTED, action="save", checked="x"))
    assert response.status_code == 403
    assert not CalendarOverride.objects.exists()


def test_the_schedule_page_is_on_the_superusers_home_and_in_the_admin(root):
    home = root.get(reverse("home")).content.decode()
    assert reverse("calendar_years") in home
    assert 'id="holiday-schedule-link"' in root.get(reverse("admin:index")).content.decode()


# --- Who is warned about a year nobody knows --------------------------------------------------
# 2099-12-20: the deadlines of the coming weeks reach 2100, which no release knows.


@pytest.fixture
def late_in_2099(time_machine):
    time_machine.move_to("2099-12-20 10:00 +08:00")


@pytest.mark.parametrize(
    "username", ["employee", "employee_rep", "dept_head", "supervisor", "admin_head", "federation"]
)
def test_people_who_cannot_act_on_an_unknown_year_are_not_warned(login, late_in_2099, username):
    page = login(username).get(reverse("enterprise_home", args=["demo"])).content.decode()
    assert 'id="calendar-warning"' not in page


def test_the_union_office_is_warned_and_told_whom_to_ask(login, late_in_2099):
    page = login("union_staff").get(reverse("enterprise_home", args=["demo"])).content.decode()
    assert 'id="calendar-warning"' in page and "2100" in page
    assert "请本系统的管理员" in page and reverse("calendar_years") not in page


def test_the_installation_admin_is_warned_with_a_link_to_the_form(late_in_2099, root):
    page = root.get(reverse("home")).content.decode()
    assert 'id="calendar-warning"' in page
    assert reverse("calendar_schedule", args=[2099]) in page


def test_no_warning_once_the_years_are_entered(late_in_2099, login, root):
    enter(root, INVENTED)
    enter(root, [("元旦", "2100-01-01", "2100-01-01", "")], year=2100)
    page = login("union_chair").get(reverse("enterprise_home", args=["demo"])).content.decode()
    assert 'id="calendar-warning"' not in page


# --- chinesecalendar and the overrides --------------------------------------------------------


@pytest.fixture
def library_ships_2099(monkeypatch):
    """As if a release of chinesecalendar knew 2099, with 2099-03-02 (a Monday) off."""
    real = workdays.chinese_calendar

    def is_workday(day):
        if day.year == YEAR:
            return day.weekday() < 5 and day != D(2099, 3, 2)
        return real.is_workday(day)

    monkeypatch.setattr(workdays, "chinese_calendar", types.SimpleNamespace(is_workday=is_workday))
    workdays.library_covers.cache_clear()
    workdays._year_table.cache_clear()
    yield
    monkeypatch.undo()
    workdays.library_covers.cache_clear()
    workdays._year_table.cache_clear()


def test_once_the_library_ships_a_year_it_wins_where_no_day_was_entered(root, library_ships_2099):
    enter(root, INVENTED)
    assert not is_working_day(D(2099, 3, 2))  # the library's day off, not entered here
    assert is_working_day(D(2099, 2, 14))  # an entered make-up Saturday wins
    assert not is_working_day(D(2099, 2, 16))  # an entered day off wins


def test_an_override_wins_over_the_library_in_a_year_it_knows():
    # 2026 is shipped: 5 October is a National Day holiday, 9 October a plain Friday.
    CalendarOverride.objects.create(date=D(2026, 10, 9), is_working_day=False, name="x")
    assert not is_working_day(D(2026, 10, 9))
    assert not is_working_day(D(2026, 10, 5))  # no override: the library says
    assert add_working_days(D(2026, 10, 8), 1) == D(2026, 10, 10)  # the library's make-up day

"""Issue 13 point 25: English mode numbers meetings in English; the language menu names each
language in that language."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _options(html):
    return dict(re.findall(r'<option value="([^"]+)"[^>]*>([^<]+)</option>', html))


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_language_menu_names_languages_in_their_own_language(login, language):
    client = login("employee")
    client.post(reverse("set_language"), {"language": language})
    html = client.get(reverse("enterprise_home", args=["demo"])).content.decode()
    options = _options(html)
    assert options["zh-hans"] == "中文" and options["en"] == "English"


def test_meeting_numbers_read_in_english_in_english_mode(login):
    from meetings.models import Meeting

    client = login("union_chair")
    client.post(
        reverse("meeting_create", args=["demo"]),
        {
            "kind": "special",
            "date": "2099-12-03",
            "time": "09:30",
            "place": "三楼会议室",
            "host": "",
            "reply_by": "2099-12-01",
        },
    )
    meeting = Meeting.objects.get()
    url = reverse("meeting_detail", args=["demo", meeting.pk])
    assert "2099年第1次" in client.get(url).content.decode()
    client.post(reverse("set_language"), {"language": "en"})
    assert "No. 1 of 2099" in client.get(url).content.decode()

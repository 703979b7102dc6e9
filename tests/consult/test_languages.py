from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

PO_FILES = sorted(Path(settings.BASE_DIR).glob("*/locale/zh_Hans/LC_MESSAGES/django.po"))


def test_there_are_chinese_translations():
    assert PO_FILES


@pytest.mark.parametrize("path", PO_FILES, ids=lambda p: p.parts[-5])
def test_every_interface_string_has_a_chinese_translation(path):
    po = polib.pofile(str(path))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert untranslated == [] and fuzzy == []


@pytest.mark.django_db
def test_interface_is_chinese_by_default_and_english_on_request(login):
    client = login("union_chair")
    page = client.get(reverse("leading_group", args=["demo"])).content.decode()
    assert "领导小组成立文件" in page and 'lang="zh-hans"' in page
    client.post(reverse("set_language"), {"language": "en"})
    page = client.get(reverse("leading_group", args=["demo"])).content.decode()
    assert "Formation document" in page and 'lang="en"' in page


@pytest.mark.django_db
def test_an_english_browser_still_gets_chinese_until_the_person_switches(login):
    client = login("employee")
    page = client.get(reverse("leading_group", args=["demo"]), HTTP_ACCEPT_LANGUAGE="en-US")
    assert "领导小组成立文件" in page.content.decode()

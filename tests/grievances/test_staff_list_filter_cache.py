"""The staff list's empty filter form is kept as HTML in the cache (issue 22 point 5): what it
offers must still follow the enterprise's lists, the language and the person at once."""

import re

from django.urls import reverse

from consult.models import Category
from tests import factories

LIST = "/e/demo/grievances/all/"


def _options(page: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', page, re.S)
    assert select, name
    return re.findall(r"<option[^>]*>([^<]*)</option>", select.group(0))


def _selected(page: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', page, re.S).group(0)
    return re.findall(r'<option value="([^"]*)" selected>', select)


def test_a_renamed_category_is_offered_at_once(demo, login):
    client = login("union_staff")
    category = Category.objects.filter(enterprise=demo, parent__isnull=False).first()
    assert any(category.name in o for o in _options(client.get(LIST).content.decode(), "category"))
    category.name = "新的小类名称"
    category.save()
    offered = _options(client.get(LIST).content.decode(), "category")
    assert any("新的小类名称" in o for o in offered)


def test_the_form_is_in_the_persons_language(demo, login):
    client = login("union_staff")
    chinese = client.get(LIST).content.decode()
    assert 'for="id_status" class="form-label">状态' in chinese
    client.post(reverse("set_language"), {"language": "en"})
    english = client.get(LIST).content.decode()
    assert 'for="id_status" class="form-label">status' in english
    assert "状态" not in re.search(r'<form method="get" class="row.*?</form>', english, re.S)[0]


def test_the_unit_filter_is_offered_only_to_whom_it_was_before(demo, login):
    """Union staff see requesters, a supervisor does not: each gets their own form."""
    assert 'name="unit"' in login("union_staff").get(LIST).content.decode()
    assert 'name="unit"' not in login("supervisor").get(LIST).content.decode()
    assert 'name="unit"' in login("union_staff").get(LIST).content.decode()


def test_a_filtered_list_shows_what_was_chosen_and_the_empty_list_does_not(demo, login):
    client = login("union_staff")
    client.get(LIST)
    filtered = client.get(LIST + "?status=submitted&q=食堂").content.decode()
    assert _selected(filtered, "status") == ["submitted"]
    assert 'name="q" value="食堂"' in filtered
    empty = client.get(LIST).content.decode()
    assert _selected(empty, "status") == [""] and 'value="食堂"' not in empty


def test_the_rows_labels_follow_the_language(demo, login):
    """Statuses and who acts next are translated once per list or per language, not kept in
    the language of whoever asked first."""
    factories.grievance("submitted", enterprise=demo)
    client = login("union_staff")
    chinese = client.get(LIST).content.decode()
    assert "已提交" in chinese and "工会工作人员" in chinese
    client.post(reverse("set_language"), {"language": "en"})
    english = client.get(LIST).content.decode()
    assert ">Submitted<" in english and "Union staff" in english
    assert "已提交" not in english and "工会工作人员" not in english

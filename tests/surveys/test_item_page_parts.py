"""The item's page reads its tasks and survey rounds only when it has some (the item's query
says which parts it has: grievances.sections.has_part); an item that has them shows them."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from supervision.models import Task
from surveys.models import SurveyRound
from tests import factories


def _page(client, g):
    client.get(f"/e/demo/grievances/{g.pk}/")
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(f"/e/demo/grievances/{g.pk}/").content.decode()
    return html, [q["sql"] for q in ctx.captured_queries]


def _reads(sql: list[str], model) -> int:
    return len([q for q in sql if re.match(rf'SELECT "{model._meta.db_table}"\."id"', q)])


def test_an_item_with_a_task_and_a_round_shows_both(told, login):
    g, survey_round = told()
    html, sql = _page(login("union_staff"), g)
    assert 'id="supervision"' in html and 'id="surveys"' in html
    assert _reads(sql, Task) >= 1 and _reads(sql, SurveyRound) >= 1


def test_an_item_without_them_reads_neither(demo, login):
    g = factories.grievance("classified", enterprise=demo)
    html, sql = _page(login("union_staff"), g)
    assert 'id="supervision"' not in html and 'id="surveys"' not in html
    assert _reads(sql, Task) == 0 and _reads(sql, SurveyRound) == 0

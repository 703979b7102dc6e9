"""A task's page follows the reader's language (issue 18 point 10): the meeting a task comes
from reads "No. 1 of 2026" in English, 2026年第1次 in Chinese, in its source and its timeline."""

from django.urls import reverse
from lxml import html

from .conftest import url


def _main(client, task) -> str:
    doc = html.fromstring(client.get(url("task_detail", task.pk)).content.decode())
    return " ".join(doc.xpath("//main")[0].text_content().split())


def test_the_source_meeting_reads_in_the_readers_language(decided_task, login):
    task = decided_task()
    client = login("union_chair")
    assert "2026年第1次" in _main(client, task)
    client.post(reverse("set_language"), {"language": "en"})
    text = _main(client, task)
    assert "No. 1 of 2026" in text and "年第" not in text

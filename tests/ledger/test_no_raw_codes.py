"""No document or export prints a stored code ("cannot_solve", "routed_department", "site"…)
where the handbook's words belong: a quarter with items in every state is printed through every
registered document and export, and their text is scanned for the values of every model's
choices."""

import datetime
import io
import os
import re
import subprocess

import openpyxl
import pytest
from django.apps import apps
from django.core.management import call_command
from docx import Document

from consult.models import Department
from grievances import services as grievance_services
from grievances.models import Grievance, Status
from ledger.periods import last_quarters
from ledger.texts import STATUS_PRINT
from tests import factories

from .conftest import archive_zip, at

# Any day of January: the four quarters before it are the previous year's, which seed_ledger
# fills (its second quarter carries an item handed up to the parent body).
NOW = datetime.date(datetime.date.today().year + 1, 1, 6)
WORD = re.compile(r"(?<![A-Za-z0-9_./@-])[a-z][a-z0-9]*(?:_[a-z0-9]+)*(?![A-Za-z0-9_/@-])")


def choice_codes() -> set[str]:
    """The stored values of every model field's choices (those that look like codes)."""
    codes = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            for value, _label in getattr(field, "flatchoices", None) or ():
                if isinstance(value, str) and WORD.fullmatch(value):
                    codes.add(value)
    return codes


def pdf_text(content: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


def docx_text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def xlsx_text(content: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return "\n".join(
        str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v
    )


def html_text(content: bytes) -> str:
    """What a reader sees of a page's content (not the menu naming the reader's login): no
    tags, attributes, scripts or styles."""
    main = re.search(r"<main\b.*?</main>", content.decode(), flags=re.S)
    assert main, "the page has a <main>"
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", main.group(0), flags=re.S)
    return re.sub(r"<[^>]+>", " ", text)


READERS = {".pdf": pdf_text, ".docx": docx_text, ".xlsx": xlsx_text, ".txt": bytes.decode}


def raw_codes(text: str, codes: set[str]) -> set[str]:
    return {word for word in WORD.findall(text) if word in codes}


def test_every_status_has_its_printed_words():
    assert set(STATUS_PRINT) == set(Status)


@pytest.fixture
def quarter_in_every_state(demo, user):
    """The previous year seeded by seed_ledger, and in its second quarter also an item a
    department cannot solve, one rejected and one withdrawn."""
    with at(NOW), open(os.devnull, "w") as quiet:
        call_command("seed_ledger", stdout=quiet)
        period = last_quarters(5, NOW)[1]
    hr = Department.objects.get(enterprise=demo, name="人力资源部")
    with at(period.start + datetime.timedelta(days=20)):
        g = factories.grievance("routed_department", enterprise=demo, content="宿舍空调损坏")
        grievance_services.grievance_cannot_solve(
            grievance=g, by=user("dept_head"), department=hr, note="涉及全公司预算"
        )
        rejected = factories.grievance("verified", enterprise=demo, content="与本企业无关的事")
        grievance_services.grievance_reject(
            grievance=rejected, by=user("union_staff"), reason="不属于受理范围"
        )
        withdrawn = factories.grievance("submitted", enterprise=demo, content="班车时间")
        grievance_services.grievance_withdraw(grievance=withdrawn, by=user("employee"))
    assert Grievance.objects.filter(status=Status.CANNOT_SOLVE).exists()
    return period


def test_no_document_or_export_of_a_quarter_prints_a_stored_code(quarter_in_every_state, login):
    period, codes = quarter_in_every_state, choice_codes()
    query = f"?year={period.year}&quarter={period.quarter}"
    chair = login("union_chair")
    with at(NOW):
        archive = archive_zip(chair, query)
        texts = {
            name: READERS[os.path.splitext(name)[1]](archive.read(name))
            for name in archive.namelist()
        }
        for name, url in {
            "ledger page": f"/e/demo/ledger/{query}",
            "summary page": f"/e/demo/ledger/summary/?year={period.year}",
            "survey figures": f"/e/demo/surveys/figures/{query}",
        }.items():
            response = chair.get(url)
            assert response.status_code == 200, url
            texts[name] = html_text(response.content)
        assessment = login("federation").get(f"/e/demo/ledger/assessment.xlsx?year={period.year}")
        assert assessment.status_code == 200
        texts["assessment"] = xlsx_text(b"".join(assessment.streaming_content))
    assert len(texts) > 30  # every step's documents are in the archive
    assert any("涉及全公司预算" in t or "宿舍空调损坏" in t for t in texts.values())
    found = {name: raw_codes(text, codes) for name, text in texts.items()}
    assert {name: words for name, words in found.items() if words} == {}

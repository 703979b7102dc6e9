"""Documents printed with production's static settings (DEBUG off, hashed manifest after
collectstatic) keep their print stylesheet."""

import subprocess

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from weasyprint import HTML

from consult.rendering import StaticOnlyFetcher, render_pdf

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("production_static")]


def pdf_text(content: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


def test_the_static_tag_gives_a_hashed_name_in_production():
    html = render_to_string("consult/print/base_print.html", {})
    assert "print/print.css" not in html  # print/print.<hash>.css
    assert "print/print." in html


def test_the_document_fetcher_serves_the_hashed_stylesheet():
    html = render_to_string("consult/print/base_print.html", {})
    href = html.split('href="')[1].split('"')[0]
    body = StaticOnlyFetcher().fetch("http://consult.invalid" + href).read()
    assert b"@page" in body


def test_a_pdf_printed_in_production_carries_the_print_stylesheets_page_numbers(login):
    # The page counter "1 / 1" at the foot of each page comes only from print.css.
    response = login("union_chair").get(
        reverse("enterprise_document", args=["demo", "leading_group", "pdf"])
    )
    assert response.status_code == 200
    assert "1/1" in pdf_text(response.content)


def test_without_the_stylesheet_a_form_has_no_page_numbers():
    # So the check above notices a stylesheet left out (as production printed until now).
    html = render_to_string("consult/print/duties.html", {"duties": [], "enterprise": None})
    bare = HTML(string=html.split('<link rel="stylesheet"')[0] + "<body>x</body>").write_pdf()
    assert "1/1" not in pdf_text(bare)
    assert "1/1" in pdf_text(render_pdf("consult/print/duties.html", {"duties": []}))

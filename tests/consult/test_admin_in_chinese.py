"""The Chinese admin speaks Chinese (issue 13 point 6): no English field or model names, no
"X object (28)", no raw status codes, in every admin page an approving manager or an
installation admin opens."""

import re

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from lxml import html

from tests import factories
from tests.consult.test_admin_coverage import _in_admin

LATIN = re.compile(r"[A-Za-z]{2,}")


def test_every_admin_model_and_field_has_a_chinese_name():
    english = []
    with translation.override("zh-hans"):
        for model in _in_admin():
            if model._meta.app_label in {"auth"}:
                continue
            for name in (model._meta.verbose_name, model._meta.verbose_name_plural):
                if LATIN.search(str(name)):
                    english.append(f"{model._meta.label}: {name}")
            for field in model._meta.get_fields():
                if field.auto_created or not hasattr(field, "verbose_name"):
                    continue
                if LATIN.search(str(field.verbose_name)):
                    english.append(f"{model._meta.label}.{field.name}: {field.verbose_name}")
    assert english == [], "\n".join(english)


def test_every_admin_model_names_its_rows():
    nameless = [
        model._meta.label
        for model in _in_admin()
        if model._meta.app_label != "auth" and model.__str__ is models.Model.__str__
    ]
    assert nameless == [], nameless


def _texts(page, xpath):
    return [" ".join(e.text_content().split()) for e in page.xpath(xpath)]


def _visible_english(body: str, usernames=frozenset()) -> list[str]:
    """Headers, labels and cells an admin page shows that are English or raw codes (login
    names are what people type to log in, and stay as they are)."""
    page = html.fromstring(body)
    hidden_xpath = "//*[contains(@class, 'visually-hidden') or contains(@class, 'hidden')]"
    for hidden in page.xpath(hidden_xpath):
        hidden.drop_tree()  # screen-reader captions, Django's own (untranslated in 5.2)
    for choice in page.xpath("//select"):
        choice.drop_tree()  # choices of people are login names
    found = []
    for text in _texts(page, "//th[not(ancestor::tbody)] | //label | //h1 | //h2 | //caption"):
        if LATIN.search(text) and text not in usernames:
            found.append(text)
    for text in _texts(page, "//td | //div[@class='readonly'] | //p"):
        if text in usernames:
            continue
        if re.search(r"\bobject \(\d+\)", text) or re.search(r"\b[a-z]+(_[a-z]+)+\b", text):
            found.append(text)
    return found


def _admin_pages(client):
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        try:
            url = reverse("admin:{}_{}_changelist".format(*info))
        except NoReverseMatch:
            continue
        response = client.get(url)
        if response.status_code != 200:
            continue
        yield url, response
        obj = model_admin.get_queryset(response.wsgi_request).order_by("-pk").first()
        if obj is not None:
            change = reverse("admin:{}_{}_change".format(*info), args=[obj.pk])
            yield change, client.get(change)


@pytest.fixture
def superuser_client(client, demo):
    user = get_user_model().objects.create_superuser("root", "root@example.invalid", "x-pass-2026")
    client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["admin_deputy", "union_chair", "superuser"])
def test_admin_pages_show_no_english_or_codes(login, superuser_client, demo, who):
    for step in ("opinion_signed", "answered", "decided"):
        factories.grievance(step, enterprise=demo)
    client = superuser_client if who == "superuser" else login(who)
    client.cookies["django_language"] = "zh-hans"
    seen = 0
    problems = {}
    usernames = frozenset(get_user_model().objects.values_list("username", flat=True))
    for url, response in _admin_pages(client):
        assert response.status_code == 200, url
        seen += 1
        if english := _visible_english(response.content.decode(), usernames):
            problems[url] = english
    assert seen > 3
    assert problems == {}, "\n".join(f"{u}: {p}" for u, p in problems.items())


@pytest.mark.django_db
def test_admin_header_is_the_apps_and_uses_its_colours(login):
    body = login("admin_deputy").get(reverse("admin:index")).content.decode()
    page = html.fromstring(body)
    assert "协商" in _texts(page, "//*[@id='site-name']")[0]
    assert "协商" in _texts(page, "//title")[0]
    assert "consult/admin.css" in body
    assert not re.search(r'(src|href)="(https?:)?//', body)  # nothing from a CDN


@pytest.mark.django_db
def test_leading_group_member_choices_are_the_enterprises_own_people(login):
    from consult.models import LeadingGroup

    group = LeadingGroup.objects.get(enterprise__code="demo")
    body = login("union_chair").get(f"/admin/consult/leadinggroup/{group.pk}/change/")
    assert body.status_code == 200
    assert "b_admin_deputy" not in body.content.decode()

"""The enterprise menu is kept as HTML in the cache (issue 22 point 5), keyed by what the
person may do there: a change of roles, of designation or of language shows at once."""

import re

from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.urls import reverse

from consult import fragment_cache
from consult.models import MembershipRole
from consult.roles import Role

HOME = "/e/demo/"


def _menu(client) -> list[str]:
    page = client.get(HOME).content.decode()
    menu = re.search(r'<ul class="nav nav-pills[^"]*" id="enterprise-nav">.*?</ul>', page, re.S)
    assert menu, "no enterprise menu"
    return re.findall(r'class="nav-link" href="[^"]*">([^<]*)</a>', menu.group(0))


def test_a_role_given_adds_its_links_at_once(login, member):
    client = login("union_staff")
    assert "待审批" not in _menu(client)
    MembershipRole.objects.create(membership=member("union_staff"), role=Role.ADMIN_HEAD)
    assert "待审批" in _menu(client)


def test_designation_by_the_chair_shows_the_roster_link_at_once(login, member):
    """The same roles, but what they allow changes with the chair's designation."""
    client = login("union_staff")
    assert "花名册" not in _menu(client)
    staff = member("union_staff")
    staff.identity_access = True
    staff.save()
    assert "花名册" in _menu(client)


def test_each_person_gets_the_menu_of_their_own_roles(login):
    staff, employee = _menu(login("union_staff")), _menu(login("employee"))
    assert "待审批" not in staff and "诉求" in " ".join(staff)
    assert len(employee) < len(staff)
    assert _menu(login("union_staff")) == staff


def test_the_menu_follows_the_language(login):
    client = login("union_staff")
    chinese = _menu(client)
    client.post(reverse("set_language"), {"language": "en"})
    english = _menu(client)
    assert "Home" in english and "Home" not in chinese and len(english) == len(chinese)


def test_a_menu_cached_before_an_upgrade_is_not_shown_after_it(login, monkeypatch):
    """The key carries the moment the process started: the old code's copy, still in Redis
    after a restart, is never read by the new code."""
    client = login("union_staff")
    menu = _menu(client)
    page = client.get(HOME)
    old_copy = (
        '<ul class="nav nav-pills" id="enterprise-nav">'
        '<li><a class="nav-link" href="/">旧菜单</a></li></ul>'
    )
    key = make_template_fragment_key("enterprise_nav", [page.context["nav_key"]])
    cache.set(key, old_copy, 300)
    assert _menu(client) == ["旧菜单"]  # the copy is what the cache serves
    monkeypatch.setattr(fragment_cache, "_STARTED", "after-the-upgrade")
    assert _menu(client) == menu

"""The example roster newcomers import (`manage.py example_roster`, written by bin/serve)."""

import io

import pytest
from django.core.management import call_command

from consult.models import Membership, RosterImport
from tests.consult.roster_files import confirm, upload

pytestmark = pytest.mark.django_db


def _example(tmp_path, name="roster.xlsx", **options):
    path = tmp_path / name
    call_command("example_roster", out=str(path), stdout=io.StringIO(), **options)
    return path.read_bytes()


def test_the_example_roster_imports_with_its_bad_rows_refused_and_the_personas_kept(
    tmp_path, login, demo
):
    client = login("union_chair")
    upload(client, _example(tmp_path, rows=800, bad=6))
    record = RosterImport.objects.get()
    # The eleven people set up by hand are matched by name and phone, not created again.
    assert record.counts["changed"] == 11
    assert record.counts["new"] == 799  # E00001 is also on a bad row: both refused
    assert record.counts["refused"] == 7
    assert record.counts["leaving"] == 0
    confirm(client, record)
    employee = Membership.objects.get(enterprise=demo, user__username="employee")
    assert employee.employee_no.startswith("P")
    assert Membership.objects.filter(enterprise=demo, is_active=True).count() == 810
    # Written again (as bin/serve does on every start) and imported again: nothing changes.
    upload(client, _example(tmp_path, rows=800, bad=6))
    again = RosterImport.objects.latest("id")
    assert (again.counts["new"], again.counts["changed"], again.counts["leaving"]) == (0, 0, 0)


def test_the_example_as_gb18030_csv_reads_the_same(tmp_path, login):
    client = login("union_chair")
    upload(client, _example(tmp_path, "roster.csv", rows=60, bad=6), "roster.csv")
    record = RosterImport.objects.get()
    assert (record.counts["new"], record.counts["changed"], record.counts["refused"]) == (
        59,
        11,
        7,
    )

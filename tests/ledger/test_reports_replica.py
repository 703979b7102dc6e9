"""Reports read from the replica (issue 22 point 3): the ledger's pages and exports, the archive
and the federation's assessment read from the `replica` database, here Django's test mirror of
the primary; nothing is ever written there, and everything else stays on the primary."""

import pytest
from django.db import InternalError, connections, transaction
from django.test.utils import CaptureQueriesContext

from consult.models import Category
from consult.replica import reading_reports
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])

REPORTS = {
    "union_chair": [
        "/e/demo/ledger/",
        "/e/demo/ledger/summary/",
        "/e/demo/ledger/dashboard/",
        "/e/demo/ledger/download/work_ledger.xlsx",
        "/e/demo/ledger/archive.zip",
    ],
    "federation": ["/e/demo/ledger/assessment/", "/e/demo/ledger/assessment.xlsx"],
}
ITEMS = '"grievances_grievance"'


def _selects(queries, table: str) -> list[str]:
    """Reads of `table` (a plain SELECT, or a server-side cursor's DECLARE … FOR SELECT)."""
    reads = (q["sql"] for q in queries if q["sql"].split()[0] in {"SELECT", "DECLARE"})
    return [sql for sql in reads if table in sql]


def _writes(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].split()[0] in {"INSERT", "UPDATE", "DELETE"}]


def _read(client, url):
    """The answer, its streamed body consumed (the archive is written after the view returns),
    and the queries each database received meanwhile."""
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    return response, primary.captured_queries, replica.captured_queries


@pytest.fixture
def items(demo):
    return [factories.grievance(step, enterprise=demo) for step in ("submitted", "verified")]


def test_ledger_pages_exports_archive_and_assessment_read_their_items_from_the_replica(
    demo, login, items, settings
):
    settings.REPLICA_FOR_REPORTS = True
    for username, urls in REPORTS.items():
        client = login(username)
        for url in urls:
            response, primary, replica = _read(client, url)
            assert response.status_code == 200, url
            assert _selects(replica, ITEMS), f"{url} read no item from the replica"
            assert not _selects(primary, ITEMS), f"{url} read items from the primary"
            # Who may read the report was decided on the primary.
            assert not _selects(replica, '"consult_membershiprole"'), url
            assert not _selects(replica, '"consult_federationmembership"'), url
            assert not _writes(replica), url


def test_other_pages_and_every_write_stay_on_the_primary(demo, login, items, settings):
    settings.REPLICA_FOR_REPORTS = True
    response, primary, replica = _read(login("union_staff"), "/e/demo/grievances/all/")
    assert response.status_code == 200 and _selects(primary, ITEMS) and not replica

    with reading_reports(), CaptureQueriesContext(connections["replica"]) as replica:
        category = Category.objects.filter(enterprise=demo).first()  # read from the replica
        assert category._state.db == "replica"
        category.name = "改名"
        category.save()  # written to the primary
        Category.objects.create(enterprise=demo, name="新类别")
    assert not _writes(replica.captured_queries)
    assert Category.objects.using("default").filter(name__in=["改名", "新类别"]).count() == 2
    if connections["replica"].vendor == "postgresql":  # and the replica refuses writes anyway
        with pytest.raises(InternalError, match="read-only"):
            Category.objects.using("replica").create(enterprise=demo, name="不该写入")


def test_reports_read_the_primary_when_the_replica_is_off_or_inside_a_transaction(
    demo, login, items, settings
):
    client = login("union_chair")
    settings.REPLICA_FOR_REPORTS = False
    _response, primary, replica = _read(client, "/e/demo/ledger/")
    assert _selects(primary, ITEMS) and not replica

    settings.REPLICA_FOR_REPORTS = True
    with transaction.atomic(), reading_reports():
        with CaptureQueriesContext(connections["replica"]) as replica:
            list(Category.objects.filter(enterprise=demo))
    assert not replica.captured_queries

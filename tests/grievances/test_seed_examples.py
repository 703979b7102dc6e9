import os
from collections import Counter

import pytest
from django.core.management import call_command

from grievances.models import Grievance, Topic

pytestmark = pytest.mark.django_db


def test_examples_fill_every_step_once_and_number_without_gaps(demo):
    call_command("seed_examples", stdout=open(os.devnull, "w"))
    call_command("seed_examples", stdout=open(os.devnull, "w"))
    statuses = Counter(Grievance.objects.filter(enterprise=demo).values_list("status", flat=True))
    assert statuses == {
        "submitted": 3,
        "classified": 1,
        "opinion_signed": 1,
        "routed_department": 1,
        "routed_meeting": 2,
    }
    # Numbered per year without gaps: in the first days of January the item registered from a
    # call two days earlier is last year's first (the test must pass on any day).
    numbers = Grievance.objects.filter(enterprise=demo).values_list("year", "serial")
    per_year = Counter(year for year, _serial in numbers)
    assert sum(per_year.values()) == 8
    for year, count in per_year.items():
        serials = sorted(serial for y, serial in numbers if y == year)
        assert serials == list(range(1, count + 1)), year
    assert Topic.objects.filter(enterprise=demo, status="queued").count() == 2


def test_examples_keep_the_anonymous_item_anonymous(demo):
    call_command("seed_examples", stdout=open(os.devnull, "w"))
    anonymous = Grievance.objects.get(disclosure="anonymous")
    assert anonymous.requester_id is None and anonymous.requester_name == ""

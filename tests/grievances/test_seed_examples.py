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
    serials = sorted(Grievance.objects.filter(enterprise=demo).values_list("serial", flat=True))
    assert serials == list(range(1, 9))
    assert Topic.objects.filter(enterprise=demo, status="queued").count() == 2


def test_examples_keep_the_anonymous_item_anonymous(demo):
    call_command("seed_examples", stdout=open(os.devnull, "w"))
    anonymous = Grievance.objects.get(disclosure="anonymous")
    assert anonymous.requester_id is None and anonymous.requester_name == ""

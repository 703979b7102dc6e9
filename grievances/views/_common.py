"""Shared by the step 3 pages: response codes and item URLs (lists page with consult.pagination)."""

from django.urls import reverse

from grievances.models import Grievance

INVALID = 400  # a form that cannot be taken is shown again with this status
CONFLICT = 409  # a step that does not follow from the item's status


def _detail_url(grievance: Grievance) -> str:
    return reverse("grievance_detail", args=[grievance.enterprise.code, grievance.pk])

"""Shared by the step 3 pages: response codes, page size, event labels, item URLs."""

from django.urls import reverse

from consult.pagination import PAGE_SIZE, IdFirstPaginator, query_without_page
from grievances.models import Grievance

__all__ = ["CONFLICT", "INVALID", "PAGE_SIZE", "IdFirstPaginator", "query_without_page"]

INVALID = 400  # a form that cannot be taken is shown again with this status
CONFLICT = 409  # a step that does not follow from the item's status


def _detail_url(grievance: Grievance) -> str:
    return reverse("grievance_detail", args=[grievance.enterprise.code, grievance.pk])

"""Step 3 downloads: attachments, the record form and the summary table."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from consult.access import get_enterprise_for
from consult.roles import Action
from grievances import documents
from grievances.selectors import (
    get_grievance_for,
)
from grievances.views.item import _answering_department


@login_required
def attachment_download(request, code, pk, attachment_pk):
    access, grievance = get_grievance_for(request.user, code, pk)
    attachment = get_object_or_404(grievance.attachments, pk=attachment_pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{grievance.number}-{attachment.pk}{attachment.extension}",
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def grievance_record_pdf(request, code, pk):
    access, grievance = get_grievance_for(request.user, code, pk)
    if not (access.may(Action.VIEW_ALL_GRIEVANCES) or _answering_department(access, grievance)):
        raise PermissionDenied
    return documents.record_form(grievance, access=access, viewer=request.user, request=request)


@login_required
def summary_table(request, code, fmt):
    access = get_enterprise_for(request.user, code, action=Action.VIEW_ALL_GRIEVANCES)
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = None
    return documents.summary_table(access.enterprise, fmt=fmt, year=year, request=request)

"""Step 3 downloads: attachments (printable documents are served by consult.docregistry)."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from grievances.selectors import get_grievance_for


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

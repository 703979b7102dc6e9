"""Step 3 downloads and clearing of attachments (printable documents are served by
consult.docregistry)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consult.roles import Action
from consult.storage import file_response
from grievances import services
from grievances.selectors import get_grievance_for, visible_attachments
from grievances.views._common import _detail_url


@login_required
def attachment_download(request, code, pk, attachment_pk):
    access, grievance = get_grievance_for(request.user, code, pk)
    # An attachment the user may not see answers 404 like one that does not exist.
    attachment = get_object_or_404(
        visible_attachments(grievance, access, request.user), pk=attachment_pk
    )
    # Streamed from the disk or the bucket, or a redirect to a URL signed for under a minute.
    return file_response(
        attachment.file,
        filename=f"{grievance.number}-{attachment.pk}{attachment.extension}",
        content_type=attachment.content_type,
    )


@require_POST
@login_required
def attachment_clear(request, code, pk, attachment_pk):
    access, grievance = get_grievance_for(request.user, code, pk, action=Action.VERIFY_GRIEVANCE)
    attachment = get_object_or_404(
        visible_attachments(grievance, access, request.user), pk=attachment_pk
    )
    services.attachment_clear(attachment=attachment, by=request.user)
    messages.success(
        request, _("Attachment cleared: others who work on the item can now see and open it.")
    )
    return redirect(_detail_url(grievance))

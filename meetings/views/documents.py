"""Steps 4–5: the meeting's archive (its documents are served by consult.docregistry)."""

from django.contrib.auth.decorators import login_required

from consult.docregistry import DocumentContext, document_response
from meetings import documents
from meetings.selectors import get_meeting_for


@login_required
def archive(request, code, pk):
    access, meeting, _mine = get_meeting_for(request.user, code, pk)
    ctx = DocumentContext(access=access, user=request.user, request=request)
    return document_response(documents.archive(meeting, ctx))

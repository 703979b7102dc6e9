"""Steps 4–5: the meeting's documents and their archive."""

from django.contrib.auth.decorators import login_required

from meetings import documents
from meetings.selectors import (
    get_meeting_for,
)


@login_required
def document(request, code, pk, kind, fmt):
    _access, meeting, _mine = get_meeting_for(request.user, code, pk)
    return documents.response(meeting, kind, fmt)


@login_required
def archive(request, code, pk):
    _access, meeting, _mine = get_meeting_for(request.user, code, pk)
    return documents.archive_response(meeting)

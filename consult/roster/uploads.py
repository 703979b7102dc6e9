"""Uploading a spreadsheet to preview it: the roster (花名册) and the office's earlier ledgers
(ledger.history) take their files the same way — a size limit with the file's size in the
message (413), the reader's refusals on the file field (400), then the preview page."""

from collections.abc import Callable

from django import forms
from django.conf import settings
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat

from consult.roster.errors import RosterFileError

TOO_LARGE = 413
INVALID = 400


class SpreadsheetUploadForm(forms.Form):
    """A file of at most ROSTER_MAX_BYTES; subclasses set the field's label and `too_large`
    (a message with %(size)s and %(limit)s)."""

    too_large = ""
    file = forms.FileField(widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,.txt"}))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.ROSTER_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                self.too_large
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
                code="too_large",
            )
        return upload


def upload_to_preview(request, form: SpreadsheetUploadForm, preview: Callable, to: str, code: str):
    """(response, status): a redirect to the preview `to` once `preview(file_name=, data=)`
    made a record; otherwise no response and the status to show the form again with."""
    if request.method != "POST":
        return None, 200
    if not form.is_valid():
        return None, TOO_LARGE if form.has_error("file", "too_large") else INVALID
    upload = form.cleaned_data["file"]
    try:
        record = preview(file_name=upload.name, data=upload.read())
    except RosterFileError as refused:
        form.add_error("file", refused.message)
        return None, INVALID
    return redirect(to, code=code, pk=record.pk), 200

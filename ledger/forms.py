from django import forms
from django.utils.translation import gettext_lazy as _

from ledger.models import Rhythm


class PreferenceForm(forms.Form):
    rhythm = forms.ChoiceField(
        label=_("Keep the work ledger"),
        choices=Rhythm.choices,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )

from django import forms
from django.utils.translation import gettext_lazy as _

from consult.models import IntegrationScope


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("name"),
        max_length=80,
        help_text=_("Which system uses it, e.g. “企业OA” or “职工之家小程序”."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("what it may do"),
        choices=IntegrationScope.choices,
        widget=forms.CheckboxSelectMultiple,
    )

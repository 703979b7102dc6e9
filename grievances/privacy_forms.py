"""Forms of personal data over time (个人信息保护法): the text the union marks as identifying,
and the chair's erasure on request."""

from django import forms
from django.utils.translation import gettext_lazy as _


class IdentifyingTextForm(forms.Form):
    """What of the item's texts would identify its requester (个人信息保护法), one per line."""

    text = forms.CharField(
        label=_("identifying text"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Words or sentences in this item's content, notes or answers that would identify the "
            "requester (a nickname, a post, a description), one per line. Nothing is hidden now: "
            "when the identity is erased they are replaced by ■■■ wherever they occur. The name "
            "and phone are always replaced."
        ),
    )


class ErasureRequestForm(forms.Form):
    """The union chair's erasure on request: which items, and why."""

    items = forms.TypedMultipleChoiceField(
        label=_("items"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(
        label=_("reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Who asked, when and how, e.g. a written request received on a date."),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = [(c.grievance.pk, c.grievance.number) for c in candidates]


class IdentityViewFilter(forms.Form):
    """Who saw which protected requester: by the person who looked, the item, and the dates."""

    viewer = forms.ModelChoiceField(label=_("who looked"), queryset=None, required=False)
    number = forms.CharField(label=_("item number"), max_length=20, required=False)
    since = forms.DateField(
        label=_("from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, viewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["viewer"].queryset = viewers
        self.fields["viewer"].label_from_instance = lambda u: (
            f"{u.last_name}{u.first_name}".strip() or u.get_username()
        )

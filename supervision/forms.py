from django import forms
from django.utils.translation import gettext_lazy as _

from consult.forms import NamedLengthErrors
from consult.models import Department
from grievances.models import Disclosure
from supervision.models import Outcome, TellMethod, VisitMethod

DATE = {"type": "date"}


def _date(label, **kwargs):
    return forms.DateField(
        label=label, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"), **kwargs
    )


class ProgressForm(NamedLengthErrors, forms.Form):
    text = forms.CharField(
        label=_("progress"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReportForm(NamedLengthErrors, forms.Form):
    outcome = forms.ChoiceField(
        label=_("outcome"),
        choices=[
            (Outcome.DONE, Outcome.DONE.label),
            (Outcome.IMPOSSIBLE, Outcome.IMPOSSIBLE.label),
        ],
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("what was done, or why it cannot be done"),
        help_text=_("The union relays this to the requester."),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    completed_on = _date(_("completed on"))


class VisitForm(NamedLengthErrors, forms.Form):
    visited_on = _date(_("date"))
    method = forms.ChoiceField(label=_("method"), choices=VisitMethod.choices)
    union_members = forms.CharField(label=_("from the union"), max_length=100, required=False)
    management_members = forms.CharField(label=_("from management"), max_length=100, required=False)
    representatives = forms.CharField(
        label=_("employee representatives"), max_length=100, required=False
    )
    findings = forms.CharField(
        label=_("findings"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    status = forms.ChoiceField(label=_("status found"), choices=Outcome.choices)


class RequireVisitsForm(NamedLengthErrors, forms.Form):
    count = forms.IntegerField(label=_("visits required"), min_value=0, max_value=20)


class TellForm(NamedLengthErrors, forms.Form):
    grievance = forms.TypedChoiceField(label=_("item"), coerce=int)
    method = forms.ChoiceField(label=_("how"), choices=TellMethod.choices)
    text = forms.CharField(
        label=_("what the requester is told"),
        help_text=_(
            "The process and the result; for an anonymous item this appears on the tracking page."
        ),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, grievances=(), **kwargs):
        super().__init__(*args, **kwargs)
        grievances = list(grievances)
        self.anonymous = {g.pk for g in grievances if g.disclosure == Disclosure.ANONYMOUS}
        self.fields["grievance"].choices = [
            (g.pk, f"{g.number} · {g.get_disclosure_display()}") for g in grievances
        ]
        if grievances and all(g.pk in self.anonymous for g in grievances):
            # Nobody can be met or called: an anonymous requester reads the answer online.
            self.fields["method"].choices = [(TellMethod.ONLINE, TellMethod.ONLINE.label)]

    def clean(self):
        data = super().clean()
        if data.get("grievance") in self.anonymous and data.get("method") != TellMethod.ONLINE:
            self.add_error(
                "method",
                _("An anonymous requester can only be told online (on the tracking page)."),
            )
        return data


class EscalateForm(NamedLengthErrors, forms.Form):
    to = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("reason"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class HandUpForm(NamedLengthErrors, forms.Form):
    reason = forms.CharField(
        label=_("why this level cannot solve it either"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AnswerEscalationForm(NamedLengthErrors, forms.Form):
    answer = forms.CharField(
        label=_("answer"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )


class BulletinForm(NamedLengthErrors, forms.Form):
    title = forms.CharField(label=_("title"), max_length=200)
    addressee = forms.CharField(label=_("addressed to"), max_length=100)
    body = forms.CharField(label=_("text"), widget=forms.Textarea(attrs={"rows": 10}))
    signature = forms.CharField(label=_("signed"), max_length=100)
    dated = _date(_("date"))
    on_public_page = forms.BooleanField(label=_("also on the public page"), required=False)


class BulletinIssueForm(forms.Form):
    """The explicit step before a bulletin is issued (it cannot be changed afterwards)."""

    confirm = forms.BooleanField(
        label=_("I have read the bulletin: issue it now. It can no longer be changed."),
        error_messages={"required": _("Tick the box to confirm that the bulletin is issued.")},
    )


class QueueFilterForm(NamedLengthErrors, forms.Form):
    OPEN, FINISHED, ALL = "", "finished", "all"
    show = forms.ChoiceField(
        label=_("show"),
        required=False,
        choices=[
            (OPEN, _("Open tasks, the earliest due first")),
            (FINISHED, _("Finished tasks")),
            (ALL, _("All tasks")),
        ],
    )
    department = forms.ModelChoiceField(
        label=_("department"), queryset=Department.objects.none(), required=False
    )
    clock = forms.ChoiceField(
        label=_("clock"),
        required=False,
        choices=[
            ("", "—"),
            ("1", _("Clock 1: waiting for the department's report")),
            ("2", _("Clock 2: waiting for the requester to be told")),
        ],
    )
    overdue = forms.BooleanField(label=_("overdue only"), required=False)
    meeting = forms.TypedChoiceField(
        label=_("meeting"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, enterprise, meetings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(enterprise=enterprise)
        self.fields["meeting"].choices = [("", "—")] + [(m.pk, m.label) for m in meetings]

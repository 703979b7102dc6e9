from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from consult.accounts.logins import normalise_phone
from consult.models import Department, Enterprise, Federation, OrgUnit, code_validator
from consult.roles import ASSIGNABLE_ROLES, Role


class ActivationForm(forms.Form):
    """Login name (or phone) and the slip's code, then a password chosen twice. The code is
    checked by the view (through the throttle), the password by Django's validators."""

    login = forms.CharField(
        label=_("Login name or phone number"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    code = forms.CharField(
        label=_("Activation code"),
        max_length=40,
        help_text=_("As printed on your slip, e.g. K7PM-3QXH-9RTA."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "characters"}
        ),
    )
    password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


class EnterpriseCreateForm(forms.Form):
    name = forms.CharField(label=_("Enterprise name"), max_length=100)
    code = forms.CharField(
        label=_("Code"),
        max_length=30,
        validators=[code_validator],
        help_text=_(
            "2–30 lowercase letters, digits or hyphens; the public page is /s/<code>/ and every "
            "login name of the enterprise starts with it."
        ),
    )
    parent = forms.ModelChoiceField(
        label=_("Parent enterprise (group), if any"),
        queryset=Enterprise.objects.none(),
        required=False,
    )
    chair_name = forms.CharField(label=_("Union chair's name"), max_length=40)
    chair_phone = forms.CharField(label=_("Union chair's mobile phone"), max_length=30)
    chair_employee_no = forms.CharField(
        label=_("Union chair's employee number (工号), if known"), max_length=30, required=False
    )

    def __init__(self, *args, federation: Federation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Enterprise.objects.filter(
            federation=federation, is_active=True
        ).order_by("name")

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if Enterprise.objects.filter(code=code).exists():
            raise forms.ValidationError(_("This code is taken: choose another."))
        return code

    def clean_chair_phone(self):
        phone = normalise_phone(self.cleaned_data["chair_phone"])
        if not phone:
            raise forms.ValidationError(_("Enter an 11-digit mainland mobile number."))
        return phone

    def clean_chair_employee_no(self):
        value = self.cleaned_data["chair_employee_no"].strip()
        if value and not all(ch.isascii() and (ch.isalnum() or ch in "-_.") for ch in value):
            raise forms.ValidationError(_("Use letters, digits, hyphens or dots only."))
        return value


class RoleChangeForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[(r.value, r.label) for r in Role if r in ASSIGNABLE_ROLES],
    )
    unit = forms.ModelChoiceField(
        label=_("Unit (for a unit union leader)"), queryset=OrgUnit.objects.none(), required=False
    )
    department = forms.ModelChoiceField(
        label=_("Department (for a department head)"),
        queryset=Department.objects.none(),
        required=False,
    )

    def __init__(self, *args, enterprise: Enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.filter(enterprise=enterprise, is_active=True)
        self.fields["department"].queryset = Department.objects.filter(
            enterprise=enterprise, is_active=True
        )


class SlipUnitForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label=_("Everyone not yet activated"),
    )

    def __init__(self, *args, enterprise: Enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.filter(enterprise=enterprise, is_active=True)

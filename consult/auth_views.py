"""The login pages (the app's and admin's) with the lockout message of consult.login_throttle."""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from consult.login_throttle import AMBIGUOUS_ATTR, LOCKED_ATTR, minutes_left

TOO_MANY = 429


class _LockoutMessage:
    error_messages = {
        "locked_out": _(
            "Too many failed log-in attempts. Please wait %(minutes)d minute(s) and try again."
        ),
        "ambiguous_phone": _(
            "This phone number belongs to more than one account. Log in with the login name "
            "printed on your activation slip."
        ),
    }

    def clean(self):
        try:
            return super().clean()
        finally:
            until = getattr(self.request, LOCKED_ATTR, None) if self.request else None
            if until:  # replaces "wrong password" (and a right one: it does not log in)
                self.user_cache = None
                raise ValidationError(
                    self.error_messages["locked_out"],
                    code="locked_out",
                    params={"minutes": minutes_left(until)},
                )
            if self.request is not None and getattr(self.request, AMBIGUOUS_ATTR, False):
                raise ValidationError(
                    self.error_messages["ambiguous_phone"], code="ambiguous_phone"
                )


class ThrottledAuthenticationForm(_LockoutMessage, AuthenticationForm):
    error_messages = {**AuthenticationForm.error_messages, **_LockoutMessage.error_messages}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # consult.accounts.logins: a login name (acme-1024) or a mobile phone number.
        self.fields["username"].label = _("Login name or phone number")


class ThrottledAdminAuthenticationForm(_LockoutMessage, AdminAuthenticationForm):
    error_messages = {**AdminAuthenticationForm.error_messages, **_LockoutMessage.error_messages}


def _is_locked_out(form) -> bool:
    return any(e.code == "locked_out" for e in form.errors.as_data().get("__all__", []))


class LoginView(auth_views.LoginView):
    authentication_form = ThrottledAuthenticationForm

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if _is_locked_out(form):
            response.status_code = TOO_MANY
        return response

"""The forms of the outbox: a message channel (its fields depend on the platform), a test
message's address, a person's channels."""

import re

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from consult.models import DeliveryChannel, MessageKind, Messenger, MessengerKind
from consult.outbox import robots, sms

K = MessengerKind
# Per platform: the fields that may be shown again, and the secret ones (entered once).
PUBLIC: dict[str, list[tuple[str, object]]] = {
    K.WECOM_APP: [("corp_id", _("Corp ID (企业ID)")), ("agent_id", _("AgentId"))],
    K.DINGTALK_APP: [("app_key", _("Client ID (AppKey)")), ("agent_id", _("AgentId"))],
    K.WECOM_ROBOT: [],
    K.DINGTALK_ROBOT: [],
    K.FEISHU_ROBOT: [],
    K.SMS_ALIYUN: [
        ("access_key_id", _("AccessKey ID")),
        ("sign_name", _("SMS signature (签名)")),
        ("region", _("Region (e.g. cn-hangzhou)")),
    ],
    K.SMS_TENCENT: [
        ("access_key_id", _("SecretId")),
        ("sdk_app_id", _("SmsSdkAppId")),
        ("sign_name", _("SMS signature (签名)")),
        ("region", _("Region (e.g. ap-guangzhou)")),
    ],
}
SECRET: dict[str, list[tuple[str, object]]] = {
    K.WECOM_APP: [("secret", _("Secret"))],
    K.DINGTALK_APP: [("secret", _("Client Secret (AppSecret)"))],
    K.WECOM_ROBOT: [("webhook", _("Webhook address"))],
    K.DINGTALK_ROBOT: [
        ("webhook", _("Webhook address")),
        ("sign_secret", _("Signing secret (SEC…)")),
    ],
    K.FEISHU_ROBOT: [("webhook", _("Webhook address")), ("sign_secret", _("Signing secret"))],
    K.SMS_ALIYUN: [("secret", _("AccessKey Secret"))],
    K.SMS_TENCENT: [("secret", _("SecretKey"))],
}
REQUIRED_SECRETS = {"secret", "webhook"}
OPTIONAL = {"region"}
SMS_KINDS = (K.SMS_ALIYUN, K.SMS_TENCENT)
DIGITS = re.compile(r"^\d{1,12}$")
PLAIN = re.compile(r"^[\w.\-@()\u4e00-\u9fff]{1,100}$")


def _kept(instance):
    return _("Stored encrypted; leave empty to keep the one saved (ends with %(hint)s).") % {
        "hint": instance.secret_hint or "…"
    }


def _initial(instance: Messenger | None) -> dict:
    """The stored channel's name, state, settings and template codes (secrets never)."""
    if instance is None:
        return {"is_active": True}
    initial = {"name": instance.name, "is_active": instance.is_active, **instance.config}
    for k, code in (instance.config.get("templates") or {}).items():
        initial[f"template_{k}"] = code
    return initial


class MessengerForm(forms.Form):
    """One channel. Secret fields render empty (a password input never shows its value); left
    empty on a channel that has one, the stored secret is kept."""

    name = forms.CharField(label=_("name"), max_length=60, required=False)
    is_active = forms.BooleanField(label=_("active"), required=False, initial=True)

    def __init__(self, *args, kind: str, instance: Messenger | None = None, **kwargs):
        self.kind = kind
        self.instance = instance
        super().__init__(*args, initial=_initial(instance), **kwargs)
        for key, label in PUBLIC[kind]:
            self.fields[key] = forms.CharField(
                label=label, max_length=100, required=key not in OPTIONAL
            )
        self._add_secret_fields()
        if kind in SMS_KINDS:
            for message_kind in sms.KINDS:
                self.fields[f"template_{message_kind}"] = forms.CharField(
                    label=_("Template code: %(kind)s") % {"kind": MessageKind(message_kind).label},
                    max_length=40,
                    required=False,
                )

    def _add_secret_fields(self) -> None:
        """Password inputs, required only while nothing is stored."""
        stored = bool(self.instance and self.instance.secret)
        for key, label in SECRET[self.kind]:
            self.fields[f"secret_{key}"] = forms.CharField(
                label=label,
                max_length=500,
                required=key in REQUIRED_SECRETS and not stored,
                widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
                help_text=_kept(self.instance)
                if stored
                else _("Stored encrypted and never shown again."),
            )

    def clean(self):
        data = super().clean()
        if (
            "agent_id" in self.fields
            and data.get("agent_id")
            and not DIGITS.match(data["agent_id"])
        ):
            self.add_error("agent_id", _("The AgentId is a number."))
        for key, _label in PUBLIC[self.kind]:
            value = data.get(key) or ""
            if value and not PLAIN.match(value):
                self.add_error(key, _("Letters, digits, dots and dashes only."))
        self._check_webhook(data.get("secret_webhook") or "")
        if not settings.CHANNEL_SECRET_KEY and any(
            data.get(f"secret_{k}") for k, _label in SECRET[self.kind]
        ):
            raise forms.ValidationError(
                _("Secrets cannot be stored: CHANNEL_SECRET_KEY is not set on the server.")
            )
        return data

    def _check_webhook(self, webhook: str) -> None:
        """Only the platform's own webhook addresses (no other host is ever called)."""
        if webhook and not webhook.startswith(robots.webhook_prefix(self.kind)):
            self.add_error(
                "secret_webhook",
                _("The webhook address must start with %(prefix)s")
                % {"prefix": robots.webhook_prefix(self.kind)},
            )

    def config(self) -> dict:
        out: dict = {key: self.cleaned_data.get(key) or "" for key, _label in PUBLIC[self.kind]}
        if self.kind in SMS_KINDS:
            out["templates"] = {
                k: self.cleaned_data[f"template_{k}"].strip()
                for k in sms.KINDS
                if self.cleaned_data.get(f"template_{k}", "").strip()
            }
        return out

    def secrets(self) -> dict[str, str]:
        return {
            key: (self.cleaned_data.get(f"secret_{key}") or "").strip()
            for key, _label in SECRET[self.kind]
        }


class TestForm(forms.Form):
    address = forms.CharField(
        label=_("Send to (user id or mobile; empty: your own)"), max_length=64, required=False
    )


CHANNEL_LABELS = dict(DeliveryChannel.choices)


class PreferenceForm(forms.Form):
    """The channels a person may choose are those that can reach them."""

    use_defaults = forms.BooleanField(
        label=_("Use the defaults of my roles"), required=False, initial=True
    )
    channels = forms.MultipleChoiceField(
        label=_("Send my notifications also by"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    language = forms.ChoiceField(
        label=_("Language of messages"),
        required=False,
        choices=[("", _("The site's language"))] + list(settings.LANGUAGES),
    )

    def __init__(self, *args, options: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channels"].choices = [(c, CHANNEL_LABELS[c]) for c in options]

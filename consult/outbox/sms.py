"""SMS through a provider: Alibaba Cloud (dysmsapi SendSms, RPC signature HMAC-SHA1) or Tencent
Cloud (SendSms 2021-01-11, TC3-HMAC-SHA256).

SMS in mainland China goes out only with a signature (签名) and a template (模板) that the
provider approved beforehand; the text is the template's, filled with parameters. So each
message kind that may go by SMS has a template code configured on the channel, with these
parameters (the README lists suggested template texts):

    activation_code, password_reset: ${code}
    survey, task_due, task_overdue, inform_due: ${date}
    test: none

No link and no item number goes into an SMS parameter (providers refuse links in variables, and
a number tells nobody anything without the app): the approved template names the app's address.
"""

import base64
import datetime
import hashlib
import hmac
import json
import re
import urllib.parse
import uuid

from django.conf import settings

from consult.models import MessageKind, Messenger, MessengerKind
from consult.outbox.http import PlatformError, call
from consult.outbox.texts import OutboundMessage

# Each kind's parameters, in the order a Tencent template numbers them ({1}, {2}…).
PARAMS: dict[str, tuple[str, ...]] = {
    MessageKind.ACTIVATION_CODE: ("code",),
    MessageKind.PASSWORD_RESET: ("code",),
    MessageKind.SURVEY: ("date",),
    MessageKind.TASK_DUE: ("date",),
    MessageKind.TASK_OVERDUE: ("date",),
    MessageKind.INFORM_DUE: ("date",),
    MessageKind.TEST: (),
}
KINDS = tuple(PARAMS)
PHONE = re.compile(r"^1\d{10}$")


def template_for(messenger: Messenger, kind: str) -> str:
    return str((messenger.config.get("templates") or {}).get(kind) or "")


def normal_phone(phone: str) -> str:
    """An 11-digit mainland mobile number, or "" (spaces, dashes and +86 are dropped)."""
    digits = re.sub(r"[\s-]", "", phone or "")
    if digits.startswith("+86"):
        digits = digits[3:]
    return digits if PHONE.match(digits) else ""


def send(messenger: Messenger, secrets: dict, phone: str, message: OutboundMessage) -> None:
    template = template_for(messenger, message.kind)
    if not template:
        raise PlatformError(f"no SMS template for {message.kind}", permanent=True)
    values = {name: message.values()[name] for name in PARAMS[message.kind]}
    if messenger.kind == MessengerKind.SMS_ALIYUN:
        _aliyun(messenger, secrets, phone, template, values)
    else:
        _tencent(messenger, secrets, phone, template, list(values.values()))


# -- Alibaba Cloud ----------------------------------------------------------------------------


def _percent(value: str) -> str:
    return urllib.parse.quote(value, safe="~")


def aliyun_signature(params: dict[str, str], secret: str, method: str = "POST") -> str:
    query = "&".join(f"{_percent(k)}={_percent(v)}" for k, v in sorted(params.items()))
    to_sign = f"{method}&{_percent('/')}&{_percent(query)}"
    digest = hmac.new(f"{secret}&".encode(), to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def _aliyun(messenger, secrets, phone, template, values) -> None:
    params = _aliyun_params(messenger, phone, template, values)
    params["Signature"] = aliyun_signature(params, secrets["secret"])
    answer = call("POST", f"{settings.ALIYUN_SMS_BASE}/", form=params)
    code = str(answer.get("Code", ""))
    if code != "OK":
        raise PlatformError(
            f"Alibaba Cloud SendSms: {code[:60] or 'refused'}",
            rate_limited=code == "isv.BUSINESS_LIMIT_CONTROL",
            permanent=code == "isv.MOBILE_NUMBER_ILLEGAL",
        )


def _aliyun_params(messenger, phone, template, values) -> dict[str, str]:
    """SendSms's parameters, before they are signed."""
    params = {
        "AccessKeyId": messenger.config.get("access_key_id", ""),
        "Action": "SendSms",
        "Format": "JSON",
        "RegionId": messenger.config.get("region") or "cn-hangzhou",
        "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": uuid.uuid4().hex,
        "SignatureVersion": "1.0",
        "Timestamp": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "Version": "2017-05-25",
        "PhoneNumbers": phone,
        "SignName": messenger.config.get("sign_name", ""),
        "TemplateCode": template,
    }
    if values:
        params["TemplateParam"] = json.dumps(values, ensure_ascii=False)
    return params


# -- Tencent Cloud ----------------------------------------------------------------------------


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _hmac(key: bytes, msg: str) -> bytes:
    return hmac.new(key, msg.encode(), hashlib.sha256).digest()


def tc3_authorization(
    *, secret_id: str, secret_key: str, host: str, body: bytes, timestamp: int
) -> str:
    date = datetime.datetime.fromtimestamp(timestamp, datetime.UTC).strftime("%Y-%m-%d")
    canonical = "\n".join(
        [
            "POST",
            "/",
            "",
            f"content-type:application/json; charset=utf-8\nhost:{host}\n",
            "content-type;host",
            _sha256(body),
        ]
    )
    scope = f"{date}/sms/tc3_request"
    to_sign = "\n".join(["TC3-HMAC-SHA256", str(timestamp), scope, _sha256(canonical.encode())])
    key = _hmac(_hmac(_hmac(f"TC3{secret_key}".encode(), date), "sms"), "tc3_request")
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    return (
        f"TC3-HMAC-SHA256 Credential={secret_id}/{scope}, "
        f"SignedHeaders=content-type;host, Signature={signature}"
    )


def _tencent(messenger, secrets, phone, template, values: list[str]) -> None:
    body = json.dumps(
        {
            "PhoneNumberSet": [f"+86{phone}"],
            "SmsSdkAppId": messenger.config.get("sdk_app_id", ""),
            "SignName": messenger.config.get("sign_name", ""),
            "TemplateId": template,
            "TemplateParamSet": values,
        },
        ensure_ascii=False,
    ).encode()
    base = settings.TENCENT_SMS_BASE
    headers = _tencent_headers(
        messenger, secrets["secret"], urllib.parse.urlsplit(base).netloc, body
    )
    answer = call("POST", f"{base}/", data=body, headers=headers).get("Response") or {}
    _tencent_check(answer)


def _tencent_headers(messenger, secret: str, host: str, body: bytes) -> dict[str, str]:
    """SendSms's headers, signed (TC3-HMAC-SHA256) at this second."""
    now = int(datetime.datetime.now(datetime.UTC).timestamp())
    return {
        "Content-Type": "application/json; charset=utf-8",
        "Host": host,
        "X-TC-Action": "SendSms",
        "X-TC-Version": "2021-01-11",
        "X-TC-Timestamp": str(now),
        "X-TC-Region": messenger.config.get("region") or "ap-guangzhou",
        "Authorization": tc3_authorization(
            secret_id=messenger.config.get("access_key_id", ""),
            secret_key=secret,
            host=host,
            body=body,
            timestamp=now,
        ),
    }


def _tencent_check(answer: dict) -> None:
    """PlatformError unless Tencent Cloud accepted the message."""
    if "Error" in answer:
        code = str(answer["Error"].get("Code", ""))
        raise PlatformError(
            f"Tencent Cloud SendSms: {code[:60]}", rate_limited=code.startswith("LimitExceeded")
        )
    status = (answer.get("SendStatusSet") or [{}])[0]
    code = str(status.get("Code", ""))
    if code != "Ok":
        raise PlatformError(
            f"Tencent Cloud SendSms: {code[:60] or 'no status'}",
            rate_limited=code.startswith("LimitExceeded"),
            permanent=code == "InvalidParameterValue.IncorrectPhoneNumber",
        )

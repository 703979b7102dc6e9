"""Fake SMS providers: Alibaba Cloud dysmsapi SendSms and Tencent Cloud SendSms (2021-01-11).

Alibaba Cloud (RPC, signature version 1.0): every request parameter but Signature, sorted,
percent-encoded (RFC 3986), joined with & into the canonical query; StringToSign =
METHOD + "&" + enc("/") + "&" + enc(query); Signature = base64(HMAC-SHA1(secret + "&",
StringToSign)). The fake checks the signature (SignatureDoesNotMatch, HTTP 400), the
Timestamp (within 15 minutes), that a SignatureNonce is never used twice, the approved
signature (isv.SMS_SIGNATURE_ILLEGAL) and template (isv.SMS_TEMPLATE_ILLEGAL), that
TemplateParam holds exactly the template's variables (isv.TEMPLATE_MISSING_PARAMETERS), the
phone (isv.MOBILE_NUMBER_ILLEGAL) and a per-phone limit per hour
(isv.BUSINESS_LIMIT_CONTROL).

Tencent Cloud (TC3-HMAC-SHA256): CanonicalRequest = "POST\\n/\\n\\n" + "content-type:…\\nhost:…\\n"
+ "\\ncontent-type;host\\n" + hex(sha256(body)); StringToSign = "TC3-HMAC-SHA256\\n" + timestamp +
"\\n" + date/sms/tc3_request + "\\n" + hex(sha256(CanonicalRequest)); the key is derived
HMAC("TC3"+SecretKey, date) → "sms" → "tc3_request". The fake checks Authorization
(AuthFailure.SignatureFailure), X-TC-Action/Version, the timestamp (AuthFailure.SignatureExpire
after 5 minutes), the app id, signature and template, the number of template parameters, the
+86 phone, and answers per-number status (LimitExceeded.PhoneNumberOneHourLimit).
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import json
import re
import time
import urllib.parse

from tests.fakes.base import Answer, FakeServer, Received, require

PHONE = re.compile(r"^1\d{10}$")
AUTHORIZATION = re.compile(
    r"TC3-HMAC-SHA256 Credential=([^/]+)/(\d{4}-\d{2}-\d{2})/sms/tc3_request, "
    r"SignedHeaders=content-type;host, Signature=([0-9a-f]{64})$"
)


def _enc(value: str) -> str:
    return urllib.parse.quote(value, safe="~")


class FakeAliyunSms(FakeServer):
    name = "Alibaba Cloud SMS"

    def __init__(
        self,
        *,
        key_id: str = "LTAI-fake",
        secret: str = "fake-aliyun-secret",
        sign_name: str = "协商平台",
        templates: dict[str, tuple[str, ...]] | None = None,
        per_phone_hour: int = 5,
        port: int = 0,
    ):
        super().__init__(port)
        self.key_id, self.secret, self.sign_name = key_id, secret, sign_name
        # template code -> its variables
        self.templates = dict(
            templates or {"SMS_0001": ("code",), "SMS_0002": ("date",), "SMS_0000": ()}
        )
        self.per_phone_hour = per_phone_hour
        self.nonces: set[str] = set()

    def handle(self, request: Received) -> dict:
        params = request.form if request.method == "POST" else dict(request.query)
        signature = params.pop("Signature", "")
        query = "&".join(f"{_enc(k)}={_enc(v)}" for k, v in sorted(params.items()))
        to_sign = f"{request.method}&{_enc('/')}&{_enc(query)}"
        digest = hmac.new(f"{self.secret}&".encode(), to_sign.encode(), hashlib.sha1).digest()
        require(
            params.get("AccessKeyId") == self.key_id, 404, {"Code": "InvalidAccessKeyId.NotFound"}
        )
        require(
            signature == base64.b64encode(digest).decode(),
            400,
            {
                "Code": "SignatureDoesNotMatch",
                "Message": "Specified signature is not matched with our calculation.",
            },
        )
        for key, value in (
            ("Action", "SendSms"),
            ("Version", "2017-05-25"),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureVersion", "1.0"),
        ):
            require(params.get(key) == value, 400, {"Code": "InvalidParameter", "Message": key})
        stamp = datetime.datetime.strptime(
            params.get("Timestamp", ""), "%Y-%m-%dT%H:%M:%SZ"
        ).replace(tzinfo=datetime.UTC)
        require(
            abs(time.time() - stamp.timestamp()) < 900, 400, {"Code": "InvalidTimeStamp.Expired"}
        )
        nonce = params.get("SignatureNonce", "")
        require(bool(nonce) and nonce not in self.nonces, 400, {"Code": "SignatureNonceUsed"})
        self.nonces.add(nonce)
        require(
            params.get("SignName") == self.sign_name,
            200,
            {"Code": "isv.SMS_SIGNATURE_ILLEGAL", "Message": "签名不合法"},
        )
        template = params.get("TemplateCode", "")
        require(
            template in self.templates,
            200,
            {"Code": "isv.SMS_TEMPLATE_ILLEGAL", "Message": "模板不合法"},
        )
        values = json.loads(params["TemplateParam"]) if params.get("TemplateParam") else {}
        require(
            set(values) == set(self.templates[template]),
            200,
            {"Code": "isv.TEMPLATE_MISSING_PARAMETERS"},
        )
        require(
            all(len(str(v)) <= 35 for v in values.values()), 200, {"Code": "isv.PARAM_LENGTH_LIMIT"}
        )
        phone = params.get("PhoneNumbers", "")
        require(bool(PHONE.match(phone)), 200, {"Code": "isv.MOBILE_NUMBER_ILLEGAL"})
        require(
            self.recent(phone, 3600) < self.per_phone_hour,
            200,
            {"Code": "isv.BUSINESS_LIMIT_CONTROL", "Message": "触发小时级流控Permits:5"},
        )
        self.accept(
            {"_key": phone, "_at": time.time(), "to": phone, "template": template, "values": values}
        )
        return {
            "Code": "OK",
            "Message": "OK",
            "BizId": f"biz{len(self.delivered)}",
            "RequestId": "fake",
        }


class FakeTencentSms(FakeServer):
    name = "Tencent Cloud SMS"

    def __init__(
        self,
        *,
        secret_id: str = "AKID-fake",
        secret_key: str = "fake-tencent-key",
        app_id: str = "1400000000",
        sign_name: str = "协商平台",
        templates: dict[str, int] | None = None,
        per_phone_hour: int = 5,
        port: int = 0,
    ):
        super().__init__(port)
        self.secret_id, self.secret_key, self.app_id, self.sign_name = (
            secret_id,
            secret_key,
            app_id,
            sign_name,
        )
        self.templates = dict(templates or {"1001": 1, "1002": 1, "1000": 0})  # id -> parameters
        self.per_phone_hour = per_phone_hour

    def _error(self, code: str) -> Answer:
        return Answer(
            200, {"Response": {"Error": {"Code": code, "Message": code}, "RequestId": "fake"}}
        )

    def _check_signature(self, request: Received) -> None:
        auth = request.headers.get("authorization", "")
        match = AUTHORIZATION.match(auth)
        if not match:
            raise self._error("AuthFailure.SignatureFailure")
        secret_id, date, signature = match.groups()
        if secret_id != self.secret_id:
            raise self._error("AuthFailure.SecretIdNotFound")
        stamp = int(request.headers.get("x-tc-timestamp", "0"))
        if abs(time.time() - stamp) > 300:
            raise self._error("AuthFailure.SignatureExpire")
        if datetime.datetime.fromtimestamp(stamp, datetime.UTC).strftime("%Y-%m-%d") != date:
            raise self._error("AuthFailure.SignatureFailure")
        canonical = "\n".join(
            [
                "POST",
                "/",
                "",
                f"content-type:{request.headers.get('content-type', '')}\n"
                f"host:{request.headers.get('host', '')}\n",
                "content-type;host",
                hashlib.sha256(request.body).hexdigest(),
            ]
        )
        to_sign = "\n".join(
            [
                "TC3-HMAC-SHA256",
                str(stamp),
                f"{date}/sms/tc3_request",
                hashlib.sha256(canonical.encode()).hexdigest(),
            ]
        )

        def mac(key: bytes, msg: str) -> bytes:
            return hmac.new(key, msg.encode(), hashlib.sha256).digest()

        key = mac(mac(mac(f"TC3{self.secret_key}".encode(), date), "sms"), "tc3_request")
        if hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest() != signature:
            raise self._error("AuthFailure.SignatureFailure")

    def handle(self, request: Received) -> dict:
        self._check_signature(request)
        if (
            request.headers.get("x-tc-action") != "SendSms"
            or request.headers.get("x-tc-version") != "2021-01-11"
        ):
            raise self._error("InvalidAction")
        body = request.json or {}
        if body.get("SmsSdkAppId") != self.app_id:
            raise self._error("FailedOperation.SmsSdkAppIdVerifyFail")
        if body.get("SignName") != self.sign_name:
            raise self._error("FailedOperation.SignatureIncorrectOrUnapproved")
        template = str(body.get("TemplateId", ""))
        if template not in self.templates:
            raise self._error("FailedOperation.TemplateIncorrectOrUnapproved")
        params = body.get("TemplateParamSet") or []
        if len(params) != self.templates[template]:
            raise self._error("InvalidParameterValue.TemplateParameterFormatError")
        statuses = []
        for number in body.get("PhoneNumberSet") or []:
            phone = number[3:] if number.startswith("+86") else ""
            if not PHONE.match(phone):
                code = "InvalidParameterValue.IncorrectPhoneNumber"
            elif self.recent(phone, 3600) >= self.per_phone_hour:
                code = "LimitExceeded.PhoneNumberOneHourLimit"
            else:
                code = "Ok"
                self.accept(
                    {
                        "_key": phone,
                        "_at": time.time(),
                        "to": phone,
                        "template": template,
                        "values": params,
                    }
                )
            statuses.append(
                {
                    "SerialNo": f"s{len(self.delivered)}",
                    "PhoneNumber": number,
                    "Fee": 1,
                    "Code": code,
                    "Message": code,
                }
            )
        return {"Response": {"SendStatusSet": statuses, "RequestId": "fake"}}

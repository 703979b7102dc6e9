"""Group robots of a union staff group: WeCom group robot (webhook key), DingTalk custom robot
(webhook with an HMAC-SHA256 signature of timestamp + "\\n" + secret), Feishu custom bot
(signature of timestamp + "\\n" + secret as the HMAC key). They post counts and a link only
(`OutboundMessage` with `counts`), at most ROBOT_MESSAGES_PER_MINUTE a minute (the sender).

Needs: a group of the union staff with the robot added (WeCom: 群机器人 → 添加; DingTalk: 群设置 →
机器人 → 自定义, security setting 加签; Feishu: 群设置 → 群机器人 → 自定义机器人, 签名校验), and its
webhook address (and signing secret) entered in the channel form.
"""

import base64
import hashlib
import hmac
import time
import urllib.parse

from django.conf import settings

from consult.models import Messenger, MessengerKind
from consult.outbox.http import PlatformError, call, clip
from consult.outbox.texts import OutboundMessage


def webhook_prefix(kind: str) -> str:
    """The start every webhook address of this kind must have (no other host is called)."""
    return {
        MessengerKind.WECOM_ROBOT: f"{settings.WECOM_API_BASE}/cgi-bin/webhook/send?key=",
        MessengerKind.DINGTALK_ROBOT: f"{settings.DINGTALK_OAPI_BASE}/robot/send?access_token=",
        MessengerKind.FEISHU_ROBOT: f"{settings.FEISHU_API_BASE}/open-apis/bot/v2/hook/",
    }[kind]


def dingtalk_sign(timestamp_ms: int, secret: str) -> str:
    to_sign = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), to_sign, hashlib.sha256).digest()
    return urllib.parse.quote_plus(base64.b64encode(digest))


def feishu_sign(timestamp: int, secret: str) -> str:
    key = f"{timestamp}\n{secret}".encode()
    return base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()


def _text(message: OutboundMessage, language: str) -> str:
    return message.text(language)


def post(messenger: Messenger, secrets: dict, message: OutboundMessage, language: str) -> None:
    webhook = secrets.get("webhook", "")
    if not webhook.startswith(webhook_prefix(messenger.kind)):
        raise PlatformError("the webhook address is not the platform's", permanent=True)
    text = _text(message, language)
    if messenger.kind == MessengerKind.WECOM_ROBOT:
        _wecom_post(webhook, text)
    elif messenger.kind == MessengerKind.DINGTALK_ROBOT:
        _dingtalk_post(webhook, secrets, text, title=message.title(language))
    else:
        _feishu_post(webhook, secrets, text)


def _wecom_post(webhook: str, text: str) -> None:
    answer = call(
        "POST", webhook, json_body={"msgtype": "text", "text": {"content": clip(text, 2048)}}
    )
    _check(answer, "WeCom robot", code=answer.get("errcode", 0), rate={45009})


def _dingtalk_post(webhook: str, secrets: dict, text: str, *, title: str) -> None:
    url = webhook
    if secrets.get("sign_secret"):
        now = int(time.time() * 1000)
        url = f"{webhook}&timestamp={now}&sign={dingtalk_sign(now, secrets['sign_secret'])}"
    body = {
        "msgtype": "markdown",
        "markdown": {"title": clip(title, 100), "text": clip(text, 4000)},
    }
    answer = call("POST", url, json_body=body)
    _check(answer, "DingTalk robot", code=answer.get("errcode", 0), rate={130101, 410100})


def _feishu_post(webhook: str, secrets: dict, text: str) -> None:
    body: dict = {"msg_type": "text", "content": {"text": clip(text, 4000)}}
    if secrets.get("sign_secret"):
        now = int(time.time())
        body = {"timestamp": str(now), "sign": feishu_sign(now, secrets["sign_secret"]), **body}
    answer = call("POST", webhook, json_body=body)
    _check(
        answer,
        "Feishu bot",
        code=answer.get("code", answer.get("StatusCode", 0)),
        rate={9499, 11232},
    )


def _check(answer: dict, what: str, *, code, rate: set[int]) -> None:
    if code:
        raise PlatformError(f"{what}: code {code}", rate_limited=code in rate)

"""WeCom (企业微信) application messages: gettoken → message/send (a text card) to a user id;
user/getuserid finds a user id by mobile number.

Needs, in the WeCom admin console: a self-built application (自建应用) whose visible range
(可见范围) covers the people to reach, its AgentId and Secret, the corp id; for the look-up by
phone, the application needs read access to the address book (通讯录) of those people, and the
server's address in the application's trusted IPs (企业可信IP).
"""

from django.conf import settings

from consult.models import Messenger
from consult.outbox.http import PlatformError, call, clip
from consult.outbox.texts import OutboundMessage
from consult.outbox.tokens import post_with_token

TOKEN_ERRORS = {40014, 42001}
RATE_ERRORS = {45009, 45033}
NO_USER = {46004, 60111, 81013}


def _fetch(messenger: Messenger, secrets: dict):
    def fetch():
        answer = call(
            "GET",
            f"{settings.WECOM_API_BASE}/cgi-bin/gettoken",
            params={"corpid": messenger.config.get("corp_id", ""), "corpsecret": secrets["secret"]},
        )
        _check(answer, "gettoken")
        return answer["access_token"], answer.get("expires_in", 7200)

    return fetch


def _check(answer: dict, what: str) -> None:
    code = answer.get("errcode", 0)
    if code:
        raise PlatformError(
            f"WeCom {what}: errcode {code}",
            token_expired=code in TOKEN_ERRORS,
            rate_limited=code in RATE_ERRORS,
            permanent=code in NO_USER,
        )


def _with_token(messenger: Messenger, secrets: dict, path: str, body: dict, what: str) -> dict:
    url = f"{settings.WECOM_API_BASE}{path}"
    return post_with_token(
        messenger, _fetch(messenger, secrets), url, body, lambda answer: _check(answer, what)
    )


def payload(messenger: Messenger, userid: str, message: OutboundMessage, language: str) -> dict:
    """A text card (title ≤128 bytes, description ≤512 bytes, a link and its button)."""
    return {
        "touser": userid,
        "msgtype": "textcard",
        "agentid": int(messenger.config.get("agent_id") or 0),
        "textcard": {
            "title": clip(message.title(language), 128),
            "description": clip(message.text(language).split("\n")[0], 512),
            "url": message.link,
            "btntxt": "详情" if language.startswith("zh") else "Open",
        },
        "enable_duplicate_check": 0,
    }


def send(
    messenger: Messenger, secrets: dict, userid: str, message: OutboundMessage, language: str
) -> None:
    answer = _with_token(
        messenger,
        secrets,
        "/cgi-bin/message/send",
        payload(messenger, userid, message, language),
        "message/send",
    )
    if answer.get("invaliduser"):
        raise PlatformError("WeCom message/send: the user id is not valid", permanent=True)


def userid_by_mobile(messenger: Messenger, secrets: dict, mobile: str) -> str:
    answer = _with_token(
        messenger, secrets, "/cgi-bin/user/getuserid", {"mobile": mobile}, "user/getuserid"
    )
    return str(answer.get("userid") or "")

"""DingTalk (钉钉) work notifications: oauth2/accessToken → topapi asyncsend_v2 to a user id;
topapi/v2/user/getbymobile finds a user id by mobile number.

Needs, in the DingTalk developer console: an internal application (企业内部应用) with its
AgentId, Client ID (AppKey) and Client Secret (AppSecret); the permission to send work
notifications (企业内部应用发送工作通知); for the look-up by phone, the address book permission
"根据手机号获取成员基本信息" (qyapi_get_member_by_mobile); the server's address in the
application's allowed outbound IPs if that list is used.
"""

from django.conf import settings

from consult.models import Messenger
from consult.outbox.http import PlatformError, call, clip
from consult.outbox.texts import OutboundMessage
from consult.outbox.tokens import post_with_token

TOKEN_ERRORS = {40014, 42001, 88}
RATE_ERRORS = {90018, 90006, 143105}
NO_USER = {60121, 33012}


def _fetch(messenger: Messenger, secrets: dict):
    def fetch():
        answer = call(
            "POST",
            f"{settings.DINGTALK_API_BASE}/v1.0/oauth2/accessToken",
            json_body={
                "appKey": messenger.config.get("app_key", ""),
                "appSecret": secrets["secret"],
            },
        )
        if "accessToken" not in answer:
            raise PlatformError(f"DingTalk accessToken: {str(answer.get('code', 'refused'))[:60]}")
        return answer["accessToken"], answer.get("expireIn", 7200)

    return fetch


def _check(answer: dict, what: str) -> None:
    code = answer.get("errcode", 0)
    if code:
        raise PlatformError(
            f"DingTalk {what}: errcode {code}",
            token_expired=code in TOKEN_ERRORS,
            rate_limited=code in RATE_ERRORS,
            permanent=code in NO_USER,
        )


def _with_token(messenger: Messenger, secrets: dict, path: str, body: dict, what: str) -> dict:
    url = f"{settings.DINGTALK_OAPI_BASE}{path}"
    return post_with_token(
        messenger, _fetch(messenger, secrets), url, body, lambda answer: _check(answer, what)
    )


def payload(messenger: Messenger, userid: str, message: OutboundMessage, language: str) -> dict:
    """An action card: a title, a line of markdown and one button to the app (≤2048 bytes)."""
    title = clip(message.title(language), 128)
    return {
        "agent_id": int(messenger.config.get("agent_id") or 0),
        "userid_list": userid,
        "msg": {
            "msgtype": "action_card",
            "action_card": {
                "title": title,
                "markdown": clip(f"**{title}**", 1024),
                "single_title": "查看详情" if language.startswith("zh") else "Open",
                "single_url": message.link,
            },
        },
    }


def send(
    messenger: Messenger, secrets: dict, userid: str, message: OutboundMessage, language: str
) -> None:
    _with_token(
        messenger,
        secrets,
        "/topapi/message/corpconversation/asyncsend_v2",
        payload(messenger, userid, message, language),
        "asyncsend_v2",
    )


def userid_by_mobile(messenger: Messenger, secrets: dict, mobile: str) -> str:
    answer = _with_token(
        messenger, secrets, "/topapi/v2/user/getbymobile", {"mobile": mobile}, "getbymobile"
    )
    return str((answer.get("result") or {}).get("userid") or "")

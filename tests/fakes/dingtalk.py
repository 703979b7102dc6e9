"""Fake DingTalk (钉钉) and Feishu (飞书) servers.

DingTalk, as its open platform documents:
- POST /v1.0/oauth2/accessToken {"appKey","appSecret"} → {"accessToken","expireIn": 7200}; a
  wrong pair: HTTP 400 {"code": "invalidClientIdOrSecret"}.
- POST /topapi/message/corpconversation/asyncsend_v2?access_token: unknown token 40014, expired
  42001 (the legacy token errors); body agent_id (this app's), userid_list (≤100 ids, comma
  separated), msg with a msgtype of text/markdown/link/action_card/oa, msg ≤2048 bytes; answers
  {"errcode":0,"task_id":…}. An unknown user id is accepted and dropped (asynchronous send),
  as the real one does.
- POST /topapi/v2/user/getbymobile {"mobile"} → {"result":{"userid"}}, or 60121.
- POST /robot/send?access_token&timestamp&sign: the custom robot with 加签: sign must be
  urlencode(base64(HMAC-SHA256(secret, timestamp + "\\n" + secret))), timestamp in ms within an
  hour (else 310000 "sign not match"); markdown/text ≤ 20000 bytes; 20 messages a minute per
  robot (410100 "send too fast" after).

Feishu custom bot (自定义机器人), POST /open-apis/bot/v2/hook/<token> with "签名校验": body
timestamp (seconds, within an hour) and sign = base64(HMAC-SHA256(key = timestamp + "\\n" +
secret, message = "")), else code 19021; msg_type text (content.text) or post; ≤20 KB;
100 a minute per bot (code 9499).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
import urllib.parse

from tests.fakes.base import Answer, FakeServer, Received, require, utf8_len


class FakeDingTalk(FakeServer):
    name = "DingTalk"

    def __init__(
        self,
        *,
        app_key: str = "ding-fake-app",
        app_secret: str = "fake-dingtalk-secret",
        agent_id: int = 2000001,
        users: dict[str, str] | None = None,
        robots: dict[str, str] | None = None,
        open_directory: bool = False,
        port: int = 0,
    ):
        super().__init__(port)
        self.app_key, self.app_secret, self.agent_id = app_key, app_secret, agent_id
        self.users = dict(users or {})  # mobile -> userid
        self.robots = dict(robots or {"fake-robot-token": "SECfake-signing-secret"})
        self.open_directory = open_directory

    def handle(self, request: Received) -> dict:
        route = {
            "/v1.0/oauth2/accessToken": self._token_new,
            "/topapi/message/corpconversation/asyncsend_v2": self._send,
            "/topapi/v2/user/getbymobile": self._getbymobile,
            "/robot/send": self._robot,
        }.get(request.path)
        if route is None:
            raise Answer(404, {"errcode": 404, "errmsg": "not found"})
        return route(request)

    def _token_new(self, request: Received) -> dict:
        body = request.json or {}
        require(
            body.get("appKey") == self.app_key and body.get("appSecret") == self.app_secret,
            400,
            {"code": "invalidClientIdOrSecret", "message": "无效的clientId或者clientSecret"},
        )
        return {"accessToken": self.issue_token(), "expireIn": 7200}

    def _token(self, request: Received) -> None:
        state = self.token_state(request.query.get("access_token", ""))
        require(state != "invalid", 200, {"errcode": 40014, "errmsg": "不合法的access_token"})
        require(state != "expired", 200, {"errcode": 42001, "errmsg": "access_token超时"})

    def _send(self, request: Received) -> dict:
        self._token(request)
        body = request.json or {}
        require(
            body.get("agent_id") == self.agent_id,
            200,
            {"errcode": 40056, "errmsg": "agentid不合法"},
        )
        users = [u for u in str(body.get("userid_list", "")).split(",") if u]
        require(0 < len(users) <= 100, 200, {"errcode": 40035, "errmsg": "userid_list不合法"})
        msg = body.get("msg") or {}
        kind = msg.get("msgtype")
        require(
            kind in ("text", "markdown", "link", "action_card", "oa")
            and isinstance(msg.get(kind), dict),
            200,
            {"errcode": 40035, "errmsg": "msg不合法"},
        )
        require(utf8_len(msg) <= 2048, 200, {"errcode": 40035, "errmsg": "消息内容超长"})
        if kind == "action_card":
            card = msg[kind]
            require(
                bool(card.get("title") and card.get("markdown")),
                200,
                {"errcode": 40035, "errmsg": "action_card不完整"},
            )
        for user in users:
            if self.open_directory or user in self.users.values():
                self.accept({"_key": ("user", user), "_at": time.time(), "to": user, **msg[kind]})
        return {"errcode": 0, "errmsg": "ok", "task_id": len(self.received), "request_id": "fake"}

    def _getbymobile(self, request: Received) -> dict:
        self._token(request)
        mobile = (request.json or {}).get("mobile", "")
        userid = self.users.get(mobile) or (f"dd{mobile}" if self.open_directory and mobile else "")
        require(bool(userid), 200, {"errcode": 60121, "errmsg": "找不到该用户"})
        return {"errcode": 0, "errmsg": "ok", "result": {"userid": userid}}

    def _robot(self, request: Received) -> dict:
        token = request.query.get("access_token", "")
        require(token in self.robots, 200, {"errcode": 300001, "errmsg": "token is not exist"})
        secret = self.robots[token]
        if secret:
            stamp = request.query.get("timestamp", "")
            require(stamp.isdigit(), 200, {"errcode": 310000, "errmsg": "sign not match"})
            require(
                abs(time.time() * 1000 - int(stamp)) < 3600 * 1000,
                200,
                {"errcode": 310000, "errmsg": "timestamp expired"},
            )
            digest = hmac.new(
                secret.encode(), f"{stamp}\n{secret}".encode(), hashlib.sha256
            ).digest()
            expected = base64.b64encode(digest).decode()
            # The query was parsed (percent-decoded) once: `sign` is the base64 text itself.
            require(
                request.query.get("sign") == expected,
                200,
                {"errcode": 310000, "errmsg": "sign not match"},
            )
        body = request.json or {}
        kind = body.get("msgtype")
        require(
            kind in ("text", "markdown", "link", "actionCard"),
            200,
            {"errcode": 400105, "errmsg": "不支持的消息类型"},
        )
        require(utf8_len(body) <= 20000, 200, {"errcode": 460101, "errmsg": "message too long"})
        require(
            self.recent(("robot", token), 60) < 20,
            200,
            {"errcode": 410100, "errmsg": "send too fast, exceed 20 times per minute"},
        )
        part = body[kind]
        self.accept(
            {
                "_key": ("robot", token),
                "_at": time.time(),
                "to": "robot",
                "content": part.get("text") or part.get("content", ""),
            }
        )
        return {"errcode": 0, "errmsg": "ok"}


def dingtalk_robot_url(base: str, token: str) -> str:
    return f"{base}/robot/send?access_token={urllib.parse.quote(token)}"


class FakeFeishu(FakeServer):
    name = "Feishu"

    def __init__(self, *, bots: dict[str, str] | None = None, port: int = 0):
        super().__init__(port)
        self.bots = dict(bots or {"fake-hook": "fake-feishu-secret"})

    def handle(self, request: Received) -> dict:
        prefix = "/open-apis/bot/v2/hook/"
        require(request.path.startswith(prefix), 404, {"code": 404, "msg": "not found"})
        hook = request.path[len(prefix) :]
        require(
            hook in self.bots,
            200,
            {"code": 19001, "msg": "param invalid: incoming webhook access token invalid"},
        )
        body = request.json or {}
        secret = self.bots[hook]
        if secret:
            stamp = str(body.get("timestamp", ""))
            require(
                stamp.isdigit() and abs(time.time() - int(stamp)) < 3600,
                200,
                {
                    "code": 19021,
                    "msg": "sign match fail or timestamp is not within one hour from current time",
                },
            )
            key = f"{stamp}\n{secret}".encode()
            expected = base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
            require(
                body.get("sign") == expected,
                200,
                {
                    "code": 19021,
                    "msg": "sign match fail or timestamp is not within one hour from current time",
                },
            )
        require(
            body.get("msg_type") in ("text", "post", "interactive"),
            200,
            {"code": 19002, "msg": "params error, msg_type need"},
        )
        require(utf8_len(body) <= 20 * 1024, 200, {"code": 9499, "msg": "request body too large"})
        require(
            self.recent(("bot", hook), 60) < 100, 200, {"code": 9499, "msg": "too many request"}
        )
        text = (body.get("content") or {}).get("text", "")
        self.accept({"_key": ("bot", hook), "_at": time.time(), "to": "bot", "content": text})
        return {"code": 0, "msg": "success", "data": {}}

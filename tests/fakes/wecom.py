"""Fake WeCom (企业微信) server: gettoken, message/send (text card), user/getuserid, and the group
robot's webhook/send, as the WeCom server API documents them.

- gettoken?corpid&corpsecret → access_token, expires_in 7200; a wrong pair: errcode 40001.
- message/send?access_token: an unknown token answers 40014, an expired one 42001. The body
  must be a text card: touser, msgtype "textcard", agentid (this app's), textcard.title ≤128
  bytes, description ≤512 bytes, url ≤2048 bytes, btntxt ≤4 characters; anything else 40008
  (invalid message type) or 44004/45002 (empty or too long). A user id the fake does not know
  comes back in `invaliduser`, as WeCom does; all invalid: 81013. The app may send a member 30
  messages a minute (45033 after).
- user/getuserid {"mobile"} → userid, or 46004 (no such member).
- webhook/send?key: text (content ≤2048 bytes) or markdown (≤4096 bytes); a robot may post 20
  messages a minute (45009 after); a wrong key 93000.
"""

from __future__ import annotations

import time

from tests.fakes.base import Answer, FakeServer, Received, require, utf8_len


class FakeWeCom(FakeServer):
    name = "WeCom"

    def __init__(
        self,
        *,
        corp_id: str = "ww-fake-corp",
        secret: str = "fake-wecom-secret",
        agent_id: int = 1000002,
        users: dict[str, str] | None = None,
        robot_keys: tuple[str, ...] = ("fake-robot-key",),
        open_directory: bool = False,
        port: int = 0,
    ):
        super().__init__(port)
        self.corp_id, self.secret, self.agent_id = corp_id, secret, agent_id
        self.users = dict(users or {})  # mobile -> userid
        self.robot_keys = set(robot_keys)
        self.open_directory = open_directory  # any user id and any phone exist (bin/serve)

    def handle(self, request: Received) -> dict:
        route = {
            "/cgi-bin/gettoken": self._gettoken,
            "/cgi-bin/message/send": self._send,
            "/cgi-bin/user/getuserid": self._getuserid,
            "/cgi-bin/webhook/send": self._robot,
        }.get(request.path)
        if route is None:
            raise Answer(404, {"errcode": 404, "errmsg": "not found"})
        return route(request)

    def _gettoken(self, request: Received) -> dict:
        require(
            request.query.get("corpid") == self.corp_id
            and request.query.get("corpsecret") == self.secret,
            200,
            {"errcode": 40001, "errmsg": "invalid credential"},
        )
        return {
            "errcode": 0,
            "errmsg": "ok",
            "access_token": self.issue_token(),
            "expires_in": 7200,
        }

    def _token(self, request: Received) -> None:
        state = self.token_state(request.query.get("access_token", ""))
        require(state != "invalid", 200, {"errcode": 40014, "errmsg": "invalid access_token"})
        require(state != "expired", 200, {"errcode": 42001, "errmsg": "access_token expired"})

    def _known(self, userid: str) -> bool:
        return self.open_directory or userid in self.users.values()

    def _send(self, request: Received) -> dict:
        require(request.method == "POST", 200, {"errcode": 43004, "errmsg": "require POST"})
        self._token(request)
        body = request.json
        require(isinstance(body, dict), 200, {"errcode": 47001, "errmsg": "data format error"})
        require(
            body.get("agentid") == self.agent_id,
            200,
            {"errcode": 40056, "errmsg": "invalid agentid"},
        )
        require(
            body.get("msgtype") == "textcard",
            200,
            {"errcode": 40008, "errmsg": "invalid message type"},
        )
        card = body.get("textcard") or {}
        for key, limit in (("title", 128), ("description", 512), ("url", 2048)):
            require(bool(card.get(key)), 200, {"errcode": 44004, "errmsg": f"empty {key}"})
            require(
                utf8_len(card[key]) <= limit, 200, {"errcode": 45002, "errmsg": f"{key} too long"}
            )
        require(
            len(card.get("btntxt", "")) <= 4, 200, {"errcode": 45002, "errmsg": "btntxt too long"}
        )
        users = [u for u in str(body.get("touser", "")).split("|") if u]
        invalid = [u for u in users if not self._known(u)]
        require(len(invalid) < len(users), 200, {"errcode": 81013, "errmsg": "all user invalid"})
        for user in users:
            if user in invalid:
                continue
            require(
                self.recent(("member", user), 60) < 30,
                200,
                {"errcode": 45033, "errmsg": "api concurrent out of limit"},
            )
            self.accept({"_key": ("member", user), "_at": time.time(), "to": user, **card})
        answer = {"errcode": 0, "errmsg": "ok", "msgid": f"m{len(self.delivered)}"}
        if invalid:
            answer["invaliduser"] = "|".join(invalid)
        return answer

    def _getuserid(self, request: Received) -> dict:
        self._token(request)
        mobile = (request.json or {}).get("mobile", "")
        userid = self.users.get(mobile) or (f"wx{mobile}" if self.open_directory and mobile else "")
        require(bool(userid), 200, {"errcode": 46004, "errmsg": "user no exist"})
        return {"errcode": 0, "errmsg": "ok", "userid": userid}

    def _robot(self, request: Received) -> dict:
        key = request.query.get("key", "")
        require(key in self.robot_keys, 200, {"errcode": 93000, "errmsg": "invalid webhook url"})
        body = request.json or {}
        kind = body.get("msgtype")
        require(
            kind in ("text", "markdown"), 200, {"errcode": 40008, "errmsg": "invalid message type"}
        )
        content = (body.get(kind) or {}).get("content", "")
        require(bool(content), 200, {"errcode": 44004, "errmsg": "empty content"})
        limit = 2048 if kind == "text" else 4096
        require(utf8_len(content) <= limit, 200, {"errcode": 45002, "errmsg": "content too long"})
        require(
            self.recent(("robot", key), 60) < 20,
            200,
            {"errcode": 45009, "errmsg": "api freq out of limit"},
        )
        self.accept({"_key": ("robot", key), "_at": time.time(), "to": "robot", "content": content})
        return {"errcode": 0, "errmsg": "ok"}

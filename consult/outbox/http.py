"""The few HTTP calls the platforms need, with the standard library's urllib.

urllib rather than requests or httpx: each platform needs two or three JSON calls, the project
has no HTTP client dependency, and nothing here needs sessions, retries or async (the sender
retries by itself, with back-off, across runs). Errors name the host and the platform's code,
never the URL's query or the body, which carry tokens, webhook keys and phone numbers.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings


class PlatformError(Exception):
    """A call that did not deliver. `rate_limited`: the platform asked us to slow down (the
    delivery waits without counting an attempt); `token_expired`: the access token must be
    fetched again; `permanent`: trying again cannot help (no such user)."""

    def __init__(
        self,
        message: str,
        *,
        rate_limited: bool = False,
        token_expired: bool = False,
        permanent: bool = False,
    ):
        super().__init__(message[:280])
        self.rate_limited = rate_limited
        self.token_expired = token_expired
        self.permanent = permanent


def _host(url: str) -> str:
    return urllib.parse.urlsplit(url).netloc or "?"


def call(
    method: str,
    url: str,
    *,
    params: dict | None = None,
    json_body=None,
    form: dict | None = None,
    data: bytes | None = None,
    headers: dict | None = None,
) -> dict:
    """One request; the JSON answer as a dict (also for 4xx answers that carry JSON)."""
    if params:
        url = f"{url}{'&' if '?' in url else '?'}{urllib.parse.urlencode(params)}"
    data, all_headers = _encoded(data, headers, json_body=json_body, form=form)
    request = urllib.request.Request(url, data=data, method=method, headers=all_headers)
    return _answer(request, url)


def _encoded(data: bytes | None, headers: dict | None, *, json_body, form: dict | None):
    """The body (JSON, a form, or `data` as given) and the headers with its content type."""
    all_headers = dict(headers or {})
    if json_body is not None:
        data = json.dumps(json_body, ensure_ascii=False).encode()
        all_headers.setdefault("Content-Type", "application/json; charset=utf-8")
    elif form is not None:
        data = urllib.parse.urlencode(form).encode()
        all_headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
    return data, all_headers


def _answer(request: urllib.request.Request, url: str) -> dict:
    """The JSON answer; PlatformError when the host cannot be reached, fails (5xx, 429 or 4xx
    without JSON) or answers something else than JSON."""
    try:
        with urllib.request.urlopen(request, timeout=settings.CHANNEL_HTTP_TIMEOUT) as response:
            raw = response.read()
    except urllib.error.HTTPError as exc:
        answer = _json(exc.read())
        if answer is None or exc.code >= 500:
            raise PlatformError(
                f"{_host(url)} answered HTTP {exc.code}", rate_limited=exc.code == 429
            ) from None
        return {**answer, "_status": exc.code}
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise PlatformError(f"cannot reach {_host(url)}: {type(reason).__name__}") from None
    answer = _json(raw)
    if answer is None:
        raise PlatformError(f"{_host(url)} answered something that is not JSON")
    return answer


def _json(raw: bytes) -> dict | None:
    try:
        value = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def clip(text: str, limit: int) -> str:
    """`text` cut to at most `limit` UTF-8 bytes (the platforms count bytes, not characters)."""
    raw = text.encode()
    if len(raw) <= limit:
        return text
    return raw[:limit].decode("utf-8", errors="ignore")

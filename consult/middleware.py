import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.deprecation import MiddlewareMixin

API_PREFIX = "/api/"


class LanguageMiddleware(MiddlewareMixin):
    """Simplified Chinese unless the person chose another language with the header switch.

    Unlike Django's LocaleMiddleware the browser's Accept-Language is not consulted: an
    enterprise intranet shows Chinese on every machine, whatever the system language. The API
    (/api/) is the exception: a program has no language cookie, so it answers in the language
    its Accept-Language header asks for (Chinese when it asks for none we have).
    """

    def process_request(self, request):
        if request.path.startswith(API_PREFIX):
            translation.activate(translation.get_language_from_request(request))
            request.LANGUAGE_CODE = translation.get_language()
            return
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class SecurityHeadersMiddleware(MiddlewareMixin):
    """A Content-Security-Policy on every response (static files included), and no caching
    of anything a signed-in person is shown.

    Placed right after SecurityMiddleware, so it also sees WhiteNoise's static responses; those
    keep their long cache headers (no user is attached to them). Pages of signed-in people,
    their documents, exports and attachments are marked no-store so that a shared computer's
    browser cache or a proxy keeps no copy.
    """

    def process_response(self, request, response):
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


_LAST_SEEN = "_consult_last_seen"
# The session (and its expiry) is written again at most this often, not on every request.
_REFRESH_SECONDS = 60


@receiver(user_logged_in)
def _session_starts_now(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[_LAST_SEEN] = int(time.time())


class SessionIdleMiddleware:
    """Signs a person out after SESSION_IDLE_SECONDS without a request.

    Each request moves the session's expiry on, but the session row is written at most once a
    minute (SESSION_SAVE_EVERY_REQUEST would write it on every request). The session's own
    expiry (SESSION_COOKIE_AGE = the idle time) ends it on the server as well.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get(_LAST_SEEN)
            if last is not None and now - last > settings.SESSION_IDLE_SECONDS:
                logout(request)
            elif last is None or now - last >= _REFRESH_SECONDS:
                request.session[_LAST_SEEN] = now
        return self.get_response(request)

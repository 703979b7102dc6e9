from django.conf import settings
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.deprecation import MiddlewareMixin


class LanguageMiddleware(MiddlewareMixin):
    """Simplified Chinese unless the person chose another language with the header switch.

    Unlike Django's LocaleMiddleware the browser's Accept-Language is not consulted: an
    enterprise intranet shows Chinese on every machine, whatever the system language.
    """

    def process_request(self, request):
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

"""Answers that replace a failing view: a refused step (409), and the server's own error pages
(500, and 503 while the database cannot be reached) in the reader's language."""

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils import translation

from consult.workflow import StepRefused

logger = logging.getLogger(__name__)

# How long a browser or proxy is told to wait before asking again while the database is down.
RETRY_AFTER_SECONDS = 60


class StepRefusedMiddleware:
    """Views that re-show their page handle `StepRefused` themselves; any other view that lets
    it through answers with this page instead of a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, StepRefused):
            return render(
                request,
                "step_refused.html",
                {"message": exception.message},
                status=StepRefused.status_code,
            )
        return None


def reader_language(request) -> str:
    """The language the reader chose (the header's switch sets the cookie), else Chinese: the
    same rule as consult.middleware.LanguageMiddleware, read again here because an error page
    may answer before any middleware ran."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    supported = {code for code, _name in settings.LANGUAGES}
    return chosen if chosen in supported else settings.LANGUAGE_CODE


def _database_unreachable(exc: BaseException | None) -> bool:
    return isinstance(exc, OperationalError | InterfaceError)


# Shown if even the error page cannot be rendered (a missing template or static manifest).
_PLAIN = (
    "服务暂时不可用，本次操作未保存，请稍后再试。\n"
    "The service is not available just now; nothing was saved. Please try again later.\n"
)


def server_error(request, template_name="500.html"):
    """handler500: our own page, in the reader's language, without the database, the session or
    any context processor. A database that cannot be reached answers 503 with Retry-After."""
    unavailable = _database_unreachable(sys.exc_info()[1])
    status = 503 if unavailable else 500
    try:
        with translation.override(reader_language(request)):
            html = loader.get_template(f"{status}.html").render({"path": request.path})
    except Exception:  # the page of last resort must not fail in turn
        logger.exception("the error page could not be rendered")
        html = _PLAIN
        response = HttpResponse(html, status=status, content_type="text/plain; charset=utf-8")
    else:
        response = HttpResponse(html, status=status)
    if unavailable:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response

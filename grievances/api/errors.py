"""The API's refusals: a 4xx with {"detail", "errors"} in the language the request asks for
(Accept-Language, consult.middleware.LanguageMiddleware), never Ninja's English defaults."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError, ValidationError

BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, TOO_MANY = 400, 401, 403, 404, 429


class Refusal(HttpError):
    def __init__(self, status: int, message: str, errors: dict | None = None) -> None:
        super().__init__(status, message)
        self.errors = errors or {}


def refuse_form(form) -> Refusal:
    """A refused Django form, with the form's own messages (the pages' rules, one place)."""
    errors = {
        ("request" if field == "__all__" else field): [str(m) for m in messages]
        for field, messages in form.errors.items()
    }
    first = next(iter(errors.values()))[0]
    return Refusal(BAD_REQUEST, first, errors)


def _field(loc) -> str:
    # ("body", "payload", "person", "phone") → "person.phone"
    names = [str(part) for part in loc[2:]]
    return ".".join(names) or "body"


def _message(error: dict) -> str:
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind == "string_too_long":
        return _("This text is too long: at most %(limit)d characters.") % {
            "limit": ctx.get("max_length", 0)
        }
    if kind in ("literal_error", "enum"):
        choices = _("Select a valid choice. That choice is not one of the available choices.")
        return f"{choices} ({ctx.get('expected', '')})"
    if kind == "extra_forbidden":
        return _("This field is not taken here.")
    return _("Enter a valid value.")


def _validation(request, exc: ValidationError, api):
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        loc = tuple(error.get("loc", ()))
        if loc[:2] == ("body", "payload") and len(loc) == 2:
            message = _("The request needs a JSON object as its body.")
        else:
            message = _message(error)
        errors.setdefault(_field(loc), []).append(message)
    first_field, messages = next(iter(errors.items()))
    detail = f"{first_field}: {messages[0]}"
    return api.create_response(request, {"detail": detail, "errors": errors}, status=BAD_REQUEST)


def _http(request, exc: HttpError, api):
    if isinstance(exc, Refusal):
        body = {"detail": exc.message, "errors": exc.errors}
    elif isinstance(exc, AuthenticationError):
        body = {"detail": _("The API token is missing, unknown or revoked."), "errors": {}}
    elif exc.status_code == BAD_REQUEST:  # Ninja's "Cannot parse request body"
        body = {"detail": _("The request body is not valid JSON."), "errors": {}}
    else:
        body = {"detail": str(exc), "errors": {}}
    return api.create_response(request, body, status=exc.status_code)


def _not_found(request, exc, api):
    body = {"detail": _("Not found."), "errors": {}}
    return api.create_response(request, body, status=NOT_FOUND)


def _forbidden(request, exc, api):
    body = {"detail": _("This token may not do that."), "errors": {}}
    return api.create_response(request, body, status=FORBIDDEN)


def install(api) -> None:
    api.add_exception_handler(ValidationError, lambda r, e: _validation(r, e, api))
    api.add_exception_handler(HttpError, lambda r, e: _http(r, e, api))
    api.add_exception_handler(Http404, lambda r, e: _not_found(r, e, api))
    api.add_exception_handler(PermissionDenied, lambda r, e: _forbidden(r, e, api))

from django.conf import settings
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from consult.access import user_access
from consult.dashboard import nav_links_for
from consult.fragment_cache import fragment_key
from consult.models import Notification
from consult.roles import Action


def consult(request):
    """The enterprises in the header switcher and the unread notification count; the language
    menu, each language named in its own words (settings.LANGUAGES, untranslated)."""
    menu = {"language_menu": settings.LANGUAGES}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return menu
    match = getattr(request, "resolver_match", None)
    code = match.kwargs.get("code") if match else None
    access = user_access(user)
    current = access.by_code.get(code) if code else None
    links = _links(current, user)
    return {
        **menu,
        "my_accesses": list(access.by_code.values()),
        "current_access": current,
        "unread_notifications": _unread(user, current),
        # Read when the menu is rendered, not when it comes from the cache (base.html).
        "nav_links": SimpleLazyObject(lambda: nav_links_for(current)) if current else [],
        "nav_key": _nav_key(current, links) if current else "",
        "nav_seconds": settings.NAV_CACHE_SECONDS,
        **links,
    }


def _nav_key(current, links: dict[str, bool]) -> str:
    """What the enterprise menu is made of, as the key of its cached HTML: the enterprise, the
    language and what the person may do there (each app's links ask `access.may` only, see
    consult.dashboard.register_nav), with the set-up links shown. Building and rendering the
    menu took 0.8 ms of every signed-in page."""
    granted = sorted(a for a in current.actions if current.may(a))
    shown = sorted(name for name, show in links.items() if show)
    return fragment_key(
        current.enterprise.code, get_language(), current.aggregate_only, granted, shown
    )


def _unread(user, current) -> int:
    if current is None:
        return 0
    if current.unread is not None:  # read with the person's memberships (consult.access)
        return current.unread
    return Notification.objects.filter(
        recipient=user, enterprise=current.enterprise, read_at__isnull=True
    ).count()


def _links(current, user) -> dict[str, bool]:
    """Which of the header's set-up links the person sees in the current enterprise."""
    return {
        "show_roster_link": bool(
            current and not current.aggregate_only and current.may(Action.IMPORT_ROSTER)
        ),
        "show_identity_link": bool(current and current.may(Action.DESIGNATE_IDENTITY_ACCESS)),
        "show_roles_link": bool(current and current.may(Action.ASSIGN_ROLES)),
        "show_slips_link": bool(current and current.may(Action.ISSUE_ACTIVATION_CODES)),
        "show_deliveries_link": bool(current and current.may(Action.SEE_DELIVERIES)),
        "show_messaging_link": bool(current and current.may(Action.MANAGE_MESSAGING)),
        "show_integrations_link": bool(current and current.may(Action.MANAGE_INTEGRATIONS)),
        "show_admin_link": bool(current and current.may(Action.USE_ADMIN) and user.is_staff),
    }

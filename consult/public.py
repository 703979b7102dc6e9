"""What later apps add to the enterprise's public page (the online form, the tracking link).

A provider takes (request, enterprise) and returns {"template": name, "context": {...}} or
None; the page includes each template with its context.
"""

from collections.abc import Callable

_providers: list[Callable] = []


def register(provider: Callable) -> Callable:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def public_page_extras(request, enterprise) -> list[dict]:
    return [extra for extra in (p(request, enterprise) for p in _providers) if extra]

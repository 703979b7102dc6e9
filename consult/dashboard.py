"""What is waiting for a person, per enterprise.

`consult` cannot import the apps to its right, so each app registers a panel provider here
from its AppConfig.ready(); the dashboard asks every provider. A provider takes the request
and the user's `EnterpriseAccess` and returns a Panel or None when it has nothing to say.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from consult.aggregates import Figures


@dataclass
class PanelItem:
    label: str
    url: str = ""
    note: str = ""
    urgent: bool = False


@dataclass
class Panel:
    title: str
    items: list[PanelItem] = field(default_factory=list)
    total: int | None = None
    more_url: str = ""
    empty_text: str = ""
    order: int = 50
    # The panel's main action, shown as a button (e.g. "反映诉求或建议" on the employee's items).
    action_label: str = ""
    action_url: str = ""
    # A template the panel includes below its items, given `ctx` (e.g. a table and a chart).
    template: str = ""
    context: dict = field(default_factory=dict)
    # Figures read from consult.aggregates: the panel says when they were counted.
    figures: Figures | None = None


_providers: list[Callable] = []


def register(provider: Callable) -> Callable:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def panels_for(request, access) -> list[Panel]:
    panels = [p for p in (provider(request, access) for provider in _providers) if p]
    return sorted(panels, key=lambda p: p.order)


@dataclass
class NavLink:
    label: str
    url: str


_nav_providers: list[Callable] = []


def register_nav(provider: Callable) -> Callable:
    """Register fn(access) -> list[NavLink] for the enterprise menu. The links may depend on
    the enterprise and on `access.may` (and `aggregate_only`) only: the menu's HTML is cached
    under those (consult.context_processors)."""
    if provider not in _nav_providers:
        _nav_providers.append(provider)
    return provider


def nav_links_for(access) -> list[NavLink]:
    links: list[NavLink] = []
    for provider in _nav_providers:
        links.extend(provider(access) or [])
    return links

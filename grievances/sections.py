"""What apps to the right add to a grievance's page and to /track/ (supervision's clocks,
the result the union told the requester).

A detail provider takes (request, access, grievance); a track provider takes (grievance).
Each returns {"template": name, "context": {...}} or None; the page includes each template.
"""

from collections.abc import Callable

_detail: list[Callable] = []
_track: list[Callable] = []


def register_detail(provider: Callable) -> Callable:
    if provider not in _detail:
        _detail.append(provider)
    return provider


def register_track(provider: Callable) -> Callable:
    if provider not in _track:
        _track.append(provider)
    return provider


def detail_sections(request, access, grievance) -> list[dict]:
    return [s for s in (p(request, access, grievance) for p in _detail) if s]


def track_sections(grievance) -> list[dict]:
    return [s for s in (p(grievance) for p in _track) if s]

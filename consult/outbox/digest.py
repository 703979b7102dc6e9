"""What a group robot posts: counts of waiting work and a link, nothing else.

Apps register what they count (a grievance app: items waiting for verification; supervision:
requesters to be told); the sender asks for the counts of one enterprise when it posts.
"""

from collections.abc import Callable

from consult.models import Enterprise
from consult.outbox.texts import COUNT_LABELS

_counters: dict[str, Callable[[Enterprise], int]] = {}


def register(key: str, label, count: Callable[[Enterprise], int]) -> None:
    """`label` is a lazy text with %(n)d ("%(n)d waiting for verification")."""
    COUNT_LABELS[key] = label
    _counters[key] = count


def counts(enterprise: Enterprise) -> tuple[tuple[str, int], ...]:
    return tuple((key, int(count(enterprise))) for key, count in _counters.items())

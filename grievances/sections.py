"""What apps to the right add to a grievance's page and to /track/ (supervision's clocks,
the result the union told the requester).

A detail provider takes (request, access, grievance); a track provider takes (grievance).
Each returns {"template": name, "context": {...}} or None; the page includes each template.
"""

from collections.abc import Callable

from django.db.models import QuerySet

from consult.raw_sql import has_rows

_detail: list[Callable] = []
_track: list[Callable] = []
# Parts an item may have rows of, each read only when the item has some: {name: (table,
# column naming the item)}.
_parts: dict[str, tuple[str, str]] = {}


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


# ---------------------------------------------------------------------------------------------
# Which parts an item has, asked with the item itself
# ---------------------------------------------------------------------------------------------
#
# The item page reads the item with one EXISTS per part (its tasks, survey rounds,
# attachments, merged items); a section or list of a part the item has none of then reads
# nothing. Most items have few of them, and each read cost about as much to build as the
# page's own work (issue 22 point 5). The EXISTS are written as SQL (consult.raw_sql).


def register_part(name: str, table: str, column: str) -> None:
    """The item has part `name` when `table` has a row whose `column` is its id."""
    _parts[name] = (table, column)


def with_parts(items: QuerySet) -> QuerySet:
    """`items` with a `has_<name>` flag for each registered part."""
    return items.annotate(
        **{
            f"has_{name}": has_rows(table, column, items.model)
            for name, (table, column) in _parts.items()
        }
    )


def has_part(grievance, name: str) -> bool:
    """False only when the item was read `with_parts` and has no `name`: read otherwise (a
    form re-shown after a refusal), the section reads as before."""
    return getattr(grievance, f"has_{name}", True)

"""The timeline on an item's page: the newest events, oldest of them first, or all of them.

An item can gather hundreds of events (supplementary material, visits, notes); rendering all of
them made the page slow and long. The page shows the newest `TIMELINE_PAGE` and says how many
earlier ones it leaves out, with a link (`?events=all`) that shows every event. Either way the
events are read in one query, so the page's query count does not grow with the timeline.
"""

from dataclasses import dataclass

from django.db.models import Count, Window

from grievances.models import Grievance, GrievanceEvent

TIMELINE_PAGE = 50
ALL_EVENTS = "all"  # the value of ?events= that shows every event


@dataclass(frozen=True)
class Timeline:
    events: list[GrievanceEvent]  # chronological, oldest shown first
    earlier: int  # events left out, older than the first one shown


def timeline_of(grievance: Grievance, *, public_only: bool, show_all: bool) -> Timeline:
    """The events the viewer may see (only public ones for `public_only`), their actor loaded."""
    events = grievance.events.select_related("actor").defer("data", "changes")
    if public_only:
        events = events.filter(public=True)
    if show_all:
        return Timeline(list(events.order_by("created_at", "id")), 0)
    # COUNT(*) OVER () counts every matching event before the LIMIT: the page and the number
    # left out come in the same query.
    newest = list(
        events.annotate(total=Window(Count("id"))).order_by("-created_at", "-id")[:TIMELINE_PAGE]
    )
    earlier = newest[0].total - len(newest) if newest else 0
    newest.reverse()
    return Timeline(newest, earlier)

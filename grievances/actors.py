"""Who acted, as the reader may see them (CONVENTIONS rule 18).

Timelines, records, signatures on pages and printed forms, and admin's columns (events,
answers, a notification's recipient) name a person who acted. When that person is the
requester of an item the event serves, naming them would say who the requester is
("网上答复 · 张三" on a survey round of a 保密 item). So such an actor is shown only to a reader
whom the identity rule shows the requester (`grievances.selectors.identifies`: 实名 to the
union, the approving managers and routed departments; 保密 to the chair and designated staff on
the item's own pages, logged; 匿名 to nobody), and otherwise as nobody, like an anonymous
visitor's step. An event may serve several items (a task, a meeting, a survey round): its
actor is hidden when they are the requester of any item the reader may not identify.
`actor_display` is the rule; `Actors` applies it to the many events of one page, and
`ActorsByTarget` to rows about many objects (admin lists, notifications).

Each app says which items its objects serve (`register_served`, for the objects its events
are recorded on), which links name such an object (`register_link`), and which of its events
are a person's own answer on a list that names them anyway (`register_roster_events`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from django.db.models import F, QuerySet
from django.urls import Resolver404, resolve

from consult.access import EnterpriseAccess, access_for
from consult.models import display_name
from grievances.models import Grievance
from grievances.selectors import identifies

GRIEVANCE = "grievances.grievance"
# {object id: the grievances it serves}, for a batch of ids of one object type.
Resolver = Callable[[list[int]], dict[int, list[Grievance]]]
_SERVED: dict[str, Resolver] = {}
_LINKS: dict[str, str] = {}  # URL name → the object type its `pk` names
# Steps a person takes on their own place in a list that names them to the same readers (a
# meeting's roster: their answer to the invitation, their sign-in; the event's note names them
# too). They say nothing about who raised an item, and hiding their actor alone would mark the
# requester among the names of the list, so their actor is always named.
_ROSTER_EVENTS: set[str] = set()


def register_served(target_type: str, resolver: Resolver) -> None:
    """`target_type` ("surveys.surveyround") serves the grievances `resolver` finds."""
    _SERVED[target_type] = resolver


def register_link(url_name: str, target_type: str) -> None:
    """Pages named `url_name` show the object of type `target_type` whose id is `pk`."""
    _LINKS[url_name] = target_type


def register_roster_events(*actions: str) -> None:
    """Events of these types always name their actor (see `_ROSTER_EVENTS`)."""
    _ROSTER_EVENTS.update(actions)


def served_by(qs: QuerySet[Grievance], path: str) -> dict[int, list[Grievance]]:
    """{id at the end of `path`: grievances} from a query over the grievances (a resolver's
    one query; `path` is the lookup from a grievance to the serving object's id)."""
    found: dict[int, list[Grievance]] = defaultdict(list)
    for g in qs.annotate(served_id=F(path)).order_by():
        found[g.served_id].append(g)
    return found


def served_grievances(target_type: str, ids: Iterable[int]) -> dict[int, list[Grievance]]:
    """The grievances each object serves; nothing for objects that serve none (set-up)."""
    resolver = _SERVED.get(target_type)
    wanted = sorted({i for i in ids if i is not None})
    if resolver is None or not wanted:
        return {}
    return resolver(wanted)


def target_of_link(url: str) -> tuple[str, int] | None:
    """(object type, id) of the object an in-app link shows, if it serves grievances."""
    try:
        match = resolve(url.split("#")[0].split("?")[0])
    except Resolver404:
        return None
    target_type = _LINKS.get(match.url_name or "")
    pk = match.kwargs.get("pk")
    return (target_type, int(pk)) if target_type and pk is not None else None


class Actors:
    """How one reader sees the people who acted on objects serving `grievances`.

    `context` is the item's own page ("detail", "admin", a document printed from it), where
    the chair and designated staff see a 保密 requester (and the look is logged); elsewhere
    it is empty and a 保密 requester who acted is hidden from everyone but themselves.
    """

    def __init__(
        self,
        grievances: Iterable[Grievance],
        access: EnterpriseAccess | None,
        viewer,
        *,
        context: str = "",
    ):
        self._requested: dict[int, list[Grievance]] = defaultdict(list)
        for g in grievances:
            if g.requester_id:
                self._requested[g.requester_id].append(g)
        self.access, self.viewer, self.context = access, viewer, context
        self._hidden: dict[int, bool] = {}

    def hides(self, person_id: int | None) -> bool:
        """Whether this person is a requester of a served item the reader may not identify."""
        if person_id is None or person_id not in self._requested:
            return False
        if person_id not in self._hidden:
            self._hidden[person_id] = any(
                not identifies(g, self.access, self.viewer, context=self.context)
                for g in self._requested[person_id]
            )
        return self._hidden[person_id]

    def name(self, person, action: str = "") -> str:
        """The person's name for this reader beside a step `action` (an event type, or ""
        for a signature or record); "" for nobody or a hidden requester."""
        if person is None or (action not in _ROSTER_EVENTS and self.hides(person.pk)):
            return ""
        return display_name(person)


def actor_display(
    actor,
    grievances: Iterable[Grievance],
    access: EnterpriseAccess | None,
    viewer,
    *,
    context: str = "",
    action: str = "",
) -> str:
    """The one rule: `actor`'s name as `viewer` may see it beside an event of type `action`
    (or a signature, a record) that serves `grievances`; "" when there is no actor or they
    must not be named."""
    return Actors(grievances, access, viewer, context=context).name(actor, action)


class ActorsByTarget:
    """`Actors` for rows about many objects (an admin list, notifications): the grievances of
    each object are read once, in one query per object type when `prefetch` is given them."""

    def __init__(self, viewer, *, context: str = ""):
        self.viewer, self.context = viewer, context
        self._served: dict[tuple[str, int], list[Grievance]] = {}
        self._rules: dict[tuple[str, int], Actors] = {}

    def prefetch(self, targets: Iterable[tuple[str, int] | None]) -> None:
        by_type: dict[str, set[int]] = defaultdict(set)
        for target in targets:
            if target is not None and target not in self._served:
                by_type[target[0]].add(target[1])
        for target_type, ids in by_type.items():
            found = served_grievances(target_type, ids)
            for pk in ids:
                self._served[(target_type, pk)] = found.get(pk, [])

    def name(self, person, enterprise, target: tuple[str, int] | None, action: str = "") -> str:
        """`person`'s name beside a row about `target` (type, id) of `enterprise`."""
        if person is None:
            return ""
        if target is None:
            return display_name(person)
        if target not in self._rules:
            self.prefetch([target])
            access = access_for(self.viewer, enterprise) if enterprise is not None else None
            self._rules[target] = Actors(
                self._served[target], access, self.viewer, context=self.context
            )
        return self._rules[target].name(person, action)

    @staticmethod
    def link_target(url: str) -> tuple[str, int] | None:
        return target_of_link(url)


# -- the objects of this app ------------------------------------------------------------------


def _grievances(ids: list[int]) -> dict[int, list[Grievance]]:
    return {g.pk: [g] for g in Grievance.objects.filter(pk__in=ids)}


def _topics(ids: list[int]) -> dict[int, list[Grievance]]:
    return served_by(Grievance.objects.filter(topic_id__in=ids), "topic_id")


def _registers(ids: list[int]) -> dict[int, list[Grievance]]:
    path = "register_row__register_id"
    return served_by(Grievance.objects.filter(**{f"{path}__in": ids}), path)


def register_own() -> None:
    register_served(GRIEVANCE, _grievances)
    register_served("grievances.topic", _topics)
    register_served("grievances.collectionregister", _registers)
    register_link("grievance_detail", GRIEVANCE)

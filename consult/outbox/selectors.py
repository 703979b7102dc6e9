"""Reads of the outbox: the deliveries that failed or were given up, for the union's page."""

from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from consult.access import EnterpriseAccess
from consult.models import Delivery, DeliveryChannel, DeliveryState, Enterprise, display_name
from consult.outbox.texts import REQUESTER_KINDS

TROUBLE = (DeliveryState.FAILED, DeliveryState.GIVEN_UP)


def deliveries_in_trouble(enterprise: Enterprise, *, channel: str = "") -> QuerySet[Delivery]:
    qs = Delivery.objects.filter(enterprise=enterprise, state__in=TROUBLE).select_related(
        "notification__recipient", "messenger"
    )
    if channel:
        qs = qs.filter(channel=channel)
    return qs.order_by("-id")


def trouble_tabs(enterprise: Enterprise) -> list[tuple[str, str, int]]:
    """(channel, label, how many failed or given up) for each channel that has any."""
    rows = (
        Delivery.objects.filter(enterprise=enterprise, state__in=TROUBLE)
        .values("channel")
        .annotate(n=Count("id"))
    )
    counts = {r["channel"]: r["n"] for r in rows}
    return [(v, str(label), counts[v]) for v, label in DeliveryChannel.choices if v in counts]


@dataclass(frozen=True)
class Shown:
    """A delivery as the page shows it: a message about someone's own item (news, a survey
    invitation) names its reader only to those who may see protected requesters, so that
    nobody learns from this page who raised an item."""

    delivery: Delivery
    recipient: str
    address: str


def shown(delivery: Delivery, access: EnterpriseAccess) -> Shown:
    hidden = delivery.notification.kind in REQUESTER_KINDS and not access.sees_identities
    if hidden:
        return Shown(delivery, _("Confidential"), _("Confidential"))
    return Shown(delivery, display_name(delivery.notification.recipient), delivery.address)

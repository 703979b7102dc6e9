"""What step 8 adds to the enterprise menu and home (registered in LedgerConfig.ready)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from consult.dashboard import NavLink, Panel, PanelItem
from consult.roles import Action
from ledger import periods
from ledger.models import rhythm_of


def nav_links(access) -> list[NavLink]:
    if not access.may(Action.VIEW_LEDGERS):
        return []
    code = access.enterprise.code
    if access.aggregate_only:
        return [NavLink(_("Assessment"), reverse("ledger_assessment", args=[code]))]
    return [
        NavLink(_("Ledgers"), reverse("ledger_home", args=[code])),
        NavLink(_("Dashboard"), reverse("ledger_dashboard", args=[code])),
    ]


def ledger_panel(request, access):
    if not access.may(Action.VIEW_LEDGERS):
        return None
    code = access.enterprise.code
    if access.aggregate_only:
        return Panel(
            title=_("Assessment of the enterprises"),
            items=[
                PanelItem(
                    label=_("Compare the enterprises under your federation"),
                    url=reverse("ledger_assessment", args=[code]),
                )
            ],
            order=5,
        )
    period = periods.current(rhythm_of(access.enterprise))
    previous = period.previous()
    query = "&".join(f"{k}={v}" for k, v in previous.query().items())
    return Panel(
        title=_("Ledgers"),
        items=[
            PanelItem(
                label=_("Work ledger, %(period)s") % {"period": period.label},
                url=reverse("ledger_home", args=[code]),
            ),
            PanelItem(
                label=_("Work ledger, %(period)s") % {"period": previous.label},
                url=reverse("ledger_home", args=[code]) + "?" + query,
            ),
            PanelItem(
                label=_("Category summary of %(year)s") % {"year": period.year},
                url=reverse("ledger_summary", args=[code]),
            ),
            PanelItem(label=_("Dashboard"), url=reverse("ledger_dashboard", args=[code])),
        ],
        order=60,
    )

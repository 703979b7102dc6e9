"""The core's own dashboard panels: unread notifications and the set-up checklist."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from consult.audit import notifications_shown
from consult.dashboard import Panel, PanelItem, register
from consult.models import Enterprise, Notification
from consult.roles import Action


@register
def unread_notifications(request, access):
    if access.aggregate_only:
        return None
    unread = Notification.objects.filter(
        recipient=request.user, enterprise=access.enterprise, read_at__isnull=True
    )[:5]
    rows = list(unread)
    # Those that ask nothing are read once the page is shown: one query, rows or none.
    notifications_shown(request, unread)
    if not rows:
        return None
    return Panel(
        title=_("Unread notifications"),
        items=[
            PanelItem(
                label=n.text,
                url=reverse("notification_open", args=[access.enterprise.code, n.pk]),
            )
            for n in rows
        ],
        more_url=reverse("notifications", args=[access.enterprise.code]),
        order=10,
    )


@register
def setup_checklist(request, access):
    """Steps 1–2 as a union office would check them before collecting grievances."""
    if not access.may(Action.MANAGE_SETUP):
        return None
    enterprise = access.enterprise
    code = enterprise.code
    year = timezone.localdate().year
    missing = []
    group = getattr(enterprise, "leading_group", None)
    if group is None or not group.members.filter(position="leader").exists():
        missing.append(
            PanelItem(_("Name the leading group's leader"), reverse("leading_group", args=[code]))
        )
    if not enterprise.notices.filter(year=year).exists():
        missing.append(
            PanelItem(
                _("Write this year's implementation notice"), reverse("notice_current", args=[code])
            )
        )
    if not enterprise.channels.filter(is_active=True).exists():
        missing.append(
            PanelItem(_("Publish at least one channel"), reverse("channels_edit", args=[code]))
        )
    if not enterprise.union_office_address:
        missing.append(
            PanelItem(_("Enter the union office address"), reverse("notice_current", args=[code]))
        )
    missing.extend(_people_checklist(access))
    if not missing:
        return None
    return Panel(title=_("Set-up to finish (steps 1–2)"), items=missing, order=20)


def _people_checklist(access) -> list[PanelItem]:
    """The people side of a new enterprise: units, department heads, the roster."""
    from consult.accounts.selectors import roster_url, setup_states

    enterprise = access.enterprise
    state = setup_states(Enterprise.objects.filter(pk=enterprise.pk))[0]
    roles = reverse("roles", args=[enterprise.code]) if access.may(Action.ASSIGN_ROLES) else ""
    # The roster is personal data: only who may import it is sent to its page.
    roster = roster_url(enterprise) if access.may(Action.IMPORT_ROSTER) else ""
    items = []
    if not state.roster:
        items.append(PanelItem(_("Import the roster (花名册)"), roster))
    if not state.units:
        items.append(
            PanelItem(
                _("Add the units (branch factories, workshops, teams)"),
                roster or reverse("admin:consult_orgunit_changelist"),
            )
        )
    if not state.departments:
        items.append(PanelItem(_("Name the department heads"), roles))
    return items

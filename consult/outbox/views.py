"""Pages of the outbox: the chair's message channels (with a test message each), the union's
failed deliveries (with a retry), and each person's choice of channels (issue 21)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consult.access import get_enterprise_for
from consult.models import Delivery, DeliveryChannel, Messenger, MessengerKind
from consult.outbox import routing, selectors, services
from consult.outbox.forms import MessengerForm, PreferenceForm, TestForm
from consult.pagination import PAGE_SIZE, IdFirstPaginator
from consult.roles import Action

INVALID = 400


@login_required
def messengers(request, code):
    access = get_enterprise_for(request.user, code, action=Action.MANAGE_MESSAGING)
    rows = Messenger.objects.filter(enterprise=access.enterprise)
    return render(
        request,
        "consult/outbox/messengers.html",
        {
            "access": access,
            "enterprise": access.enterprise,
            "rows": rows,
            "kinds": MessengerKind.choices,
            "test_form": TestForm(),
        },
    )


@login_required
def messenger_edit(request, code, kind=None, pk=None):
    access = get_enterprise_for(request.user, code, action=Action.MANAGE_MESSAGING)
    instance, kind = _messenger_and_kind(access, kind, pk)
    form = MessengerForm(request.POST or None, kind=kind, instance=instance)
    if request.method == "POST" and form.is_valid():
        _messenger_save(request, access, form, kind=kind, instance=instance)
        messages.success(request, _("The message channel was saved."))
        return redirect("messengers", code=code)
    return render(
        request,
        "consult/outbox/messenger_edit.html",
        {
            "access": access,
            "enterprise": access.enterprise,
            "form": form,
            "kind_label": MessengerKind(kind).label,
            "instance": instance,
        },
        status=INVALID if request.method == "POST" else 200,
    )


def _messenger_and_kind(access, kind, pk) -> tuple[Messenger | None, str]:
    """The channel edited (its own kind) or, for a new one, the kind asked for; 404 else."""
    instance = None
    if pk is not None:
        instance = get_object_or_404(Messenger, pk=pk, enterprise=access.enterprise)
        kind = instance.kind
    if kind not in MessengerKind.values:
        raise Http404
    return instance, kind


def _messenger_save(request, access, form, *, kind: str, instance: Messenger | None) -> None:
    services.messenger_save(
        enterprise=access.enterprise,
        by=request.user,
        kind=kind,
        name=form.cleaned_data["name"],
        config=form.config(),
        secrets=form.secrets(),
        is_active=form.cleaned_data["is_active"],
        messenger=instance,
    )


@login_required
@require_POST
def messenger_test(request, code, pk):
    access = get_enterprise_for(request.user, code, action=Action.MANAGE_MESSAGING)
    messenger = get_object_or_404(Messenger, pk=pk, enterprise=access.enterprise)
    form = TestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The address is too long."))
        return redirect("messengers", code=code)
    services.messenger_test(
        messenger=messenger, by=request.user, address=form.cleaned_data["address"]
    )
    messages.success(
        request,
        _(
            "The test message waits in the outbox: the sender sends it within a minute, and "
            "the deliveries page shows it if it fails."
        ),
    )
    return redirect("messengers", code=code)


@login_required
def deliveries(request, code):
    access = get_enterprise_for(request.user, code, action=Action.SEE_DELIVERIES)
    channel = request.GET.get("channel", "")
    if channel not in DeliveryChannel.values:
        channel = ""
    rows = selectors.deliveries_in_trouble(access.enterprise, channel=channel)
    page = IdFirstPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "consult/outbox/deliveries.html",
        {
            "access": access,
            "enterprise": access.enterprise,
            "rows": [selectors.shown(d, access) for d in page],
            "page": page,
            "channel": channel,
            "tabs": selectors.trouble_tabs(access.enterprise),
            "query": f"channel={channel}" if channel else "",
        },
    )


@login_required
@require_POST
def delivery_retry(request, code, pk):
    access = get_enterprise_for(request.user, code, action=Action.SEE_DELIVERIES)
    delivery = get_object_or_404(Delivery, pk=pk, enterprise=access.enterprise)
    services.delivery_retry(delivery=delivery, by=request.user)
    messages.success(request, _("The delivery will be tried again within a minute."))
    url = reverse("deliveries", args=[code])
    channel = request.POST.get("channel", "")
    return redirect(f"{url}?channel={channel}" if channel in DeliveryChannel.values else url)


@login_required
def preferences(request, code):
    access = get_enterprise_for(request.user, code)
    membership = access.membership
    if membership is None:
        raise PermissionDenied
    options = routing.options_for(membership)
    form = PreferenceForm(
        request.POST or None, options=options, initial=_preference_initial(membership)
    )
    if request.method == "POST" and form.is_valid():
        _preference_save(request, membership, form.cleaned_data)
        messages.success(request, _("Your choice was saved."))
        return redirect("notification_preferences", code=code)
    return render(
        request,
        "consult/outbox/preferences.html",
        {
            "access": access,
            "enterprise": access.enterprise,
            "form": form,
            "defaults": routing.default_labels(membership),
        },
        status=INVALID if request.method == "POST" else 200,
    )


def _preference_initial(membership) -> dict:
    """The form as the person left it (no choice stored: their roles' defaults)."""
    current = getattr(membership, "delivery_preference", None)
    return {
        "use_defaults": current is None or current.channels is None,
        "channels": (current.channels if current and current.channels is not None else []),
        "language": current.language if current else "",
    }


def _preference_save(request, membership, data: dict) -> None:
    services.preference_save(
        membership=membership,
        by=request.user,
        channels=None if data["use_defaults"] else data["channels"],
        language=data["language"],
    )

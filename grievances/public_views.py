"""Pages anyone can reach without logging in: the anonymous submission and /track/.

Nothing here stores or logs who the client is: no account, address or user agent. The rate
limits key on an HMAC of the address kept only briefly in the cache (grievances.ratelimit).
"""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from consult.models import Enterprise
from consult.rendering import render_pdf
from grievances import receipts, services
from grievances.events import event_label
from grievances.forms import PublicSubmitForm, TrackForm
from grievances.models import Grievance
from grievances.ratelimit import hit, is_limited
from grievances.sections import track_sections
from grievances.selectors import (
    PUBLIC_NOTE_ACTIONS,
    grievance_by_receipt,
    merge_chain,
    public_events,
)

INVALID = 400
TOO_MANY = 429
# The limits (anonymous submissions, failed look-ups per client and window) are settings:
# RATELIMIT_SUBMIT_LIMIT/_WINDOW and RATELIMIT_TRACK_LIMIT/_WINDOW.


def public_form_extra(request, enterprise):
    """Registered with consult.public: the anonymous form on /s/<code>/."""
    return {
        "template": "grievances/_public_form.html",
        "context": {
            "enterprise": enterprise,
            "form": PublicSubmitForm(),
            "action": reverse("public_submit", args=[enterprise.code]),
            "track_url": reverse("track"),
        },
    }


@never_cache
@require_POST
def public_submit(request, code):
    enterprise = get_object_or_404(Enterprise, code=code, is_active=True)
    form = PublicSubmitForm(request.POST)
    context = {
        "enterprise": enterprise,
        "ctx": {
            "enterprise": enterprise,
            "form": form,
            "action": reverse("public_submit", args=[code]),
            "track_url": reverse("track"),
        },
    }
    if is_limited(request, "submit", settings.RATELIMIT_SUBMIT_LIMIT):
        context["error"] = _("Too many submissions from here. Please try again later.")
        return render(request, "grievances/public_submit.html", context, status=TOO_MANY)
    if not form.is_valid():
        return render(request, "grievances/public_submit.html", context, status=INVALID)
    data = form.cleaned_data
    grievance = services.grievance_submit_anonymous(
        enterprise=enterprise, kind=data["kind"], content=data["content"], token=data["token"]
    )
    repeated = grievance.repeated
    if not repeated:
        hit(request, "submit", settings.RATELIMIT_SUBMIT_WINDOW)
    return render(
        request,
        "grievances/receipt.html",
        {
            "enterprise": enterprise,
            "grievance": grievance,
            "secret": getattr(grievance, "receipt_secret", None),
            "repeated": repeated,
        },
    )


def _receipt_holder(form: TrackForm) -> Grievance | None:
    """The item whose receipt code and secret the form holds, or None."""
    if not form.is_valid():
        return None
    return grievance_by_receipt(code=form.cleaned_data["code"], secret=form.cleaned_data["secret"])


@never_cache
def track(request):
    form = TrackForm(request.POST or None)
    context = {"form": form}
    if request.method != "POST":
        return render(request, "grievances/track.html", context)
    if is_limited(request, "track", settings.RATELIMIT_TRACK_LIMIT):
        context["error"] = _("Too many attempts. Please try again later.")
        return render(request, "grievances/track.html", context, status=TOO_MANY)
    grievance = _receipt_holder(form)
    if grievance is None:
        hit(request, "track", settings.RATELIMIT_TRACK_WINDOW)
        context["error"] = _("The receipt code or the secret is not right.")
        return render(request, "grievances/track.html", context, status=INVALID)

    items = [
        {
            "grievance": g,
            "events": [(e, event_label(e.action)) for e in public_events(g)],
            "sections": track_sections(g),
        }
        for g in merge_chain(grievance)
    ]
    context.update(
        {
            "grievance": grievance,
            "items": items,
            "form": TrackForm(),
            "public_note_actions": PUBLIC_NOTE_ACTIONS,
        }
    )
    return render(request, "grievances/track.html", context)


@never_cache
@require_POST
def receipt_pdf(request):
    """The receipt as a small PDF to keep, made from the code and secret the receipt page holds
    (posted, so the secret never appears in a URL or an access log; nothing is stored). The
    pair must match, like on /track/, and wrong pairs count against the same limit."""
    form = TrackForm(request.POST)
    if is_limited(request, "track", settings.RATELIMIT_TRACK_LIMIT):
        return render(
            request,
            "grievances/track.html",
            {"form": TrackForm(), "error": _("Too many attempts. Please try again later.")},
            status=TOO_MANY,
        )
    grievance = _receipt_holder(form)
    if grievance is None:
        hit(request, "track", settings.RATELIMIT_TRACK_WINDOW)
        context = {"form": TrackForm(), "error": _("The receipt code or the secret is not right.")}
        return render(request, "grievances/track.html", context, status=INVALID)
    pdf = render_pdf(
        "grievances/print/receipt.html",
        {
            "enterprise": grievance.enterprise,
            "grievance": grievance,
            "secret": receipts.normalise(form.cleaned_data["secret"]),
            "track_url": request.build_absolute_uri(reverse("track")),
            "printed_at": timezone.localtime(),
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="receipt-{grievance.receipt_code}.pdf"'
    return response

"""Answering a survey online: a respondent with an account follows the link in their
notification; an anonymous requester answers on /track/ after giving their receipt.

The /track/ form carries a signed token naming the respondent row (issued only after the
receipt was checked, valid for a day); nothing about the visitor is stored or logged.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from consult.workflow import StepRefused
from grievances.ratelimit import hit, is_limited
from surveys import services
from surveys.forms import AnswerForm
from surveys.models import Respondent
from surveys.selectors import get_invitation_for

INVALID, CONFLICT, TOO_MANY = 400, 409, 429
TOKEN_SALT = "surveys.track"
TOKEN_MAX_AGE = 24 * 3600


def track_token(respondent: Respondent) -> str:
    return signing.dumps({"r": respondent.pk}, salt=TOKEN_SALT, compress=True)


def _respondent_from_token(token: str) -> Respondent | None:
    try:
        data = signing.loads(token or "", salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    return (
        Respondent.objects.filter(pk=data.get("r"), anonymous=True)
        .select_related("round", "round__grievance", "round__enterprise")
        .first()
    )


@never_cache
@login_required
def survey_answer(request, code, pk):
    access, respondent = get_invitation_for(request.user, code, pk)
    form = AnswerForm(request.POST or None)
    context = {
        "enterprise": access.enterprise,
        "respondent": respondent,
        "r": respondent.round,
        "g": respondent.round.grievance,
        "answer": getattr(respondent, "answer", None),
        "form": form,
    }
    if request.method != "POST":
        return render(request, "surveys/answer.html", context)
    if not form.is_valid():
        return render(request, "surveys/answer.html", context, status=INVALID)
    d = form.cleaned_data
    try:
        services.answer_submit(
            respondent=respondent,
            by=request.user,
            level=d["level"],
            reason=d["reason"],
            comment=d["comment"],
        )
    except StepRefused as exc:
        context["error"] = exc.message
        return render(request, "surveys/answer.html", context, status=CONFLICT)
    except ValidationError as exc:
        form.add_error(None, exc)
        return render(request, "surveys/answer.html", context, status=INVALID)
    messages.success(request, _("Thank you. Your answer was recorded."))
    return redirect("survey_answer", code, pk)


@never_cache
@require_POST
def survey_track_answer(request):
    """The anonymous requester's answer from /track/ (no account, nothing about them kept)."""
    form = AnswerForm(request.POST)
    token = request.POST.get("token", "")
    context = {"form": form, "token": token}
    if is_limited(request, "track", settings.RATELIMIT_TRACK_LIMIT):
        context["error"] = _("Too many attempts. Please try again later.")
        return render(request, "surveys/track_answer.html", context, status=TOO_MANY)
    respondent = _respondent_from_token(token)
    if respondent is None:
        hit(request, "track", settings.RATELIMIT_TRACK_WINDOW)
        context["error"] = _(
            "This survey link is not valid or has expired. Look up your item again with your "
            "receipt code and secret."
        )
        context["token"] = ""
        return render(request, "surveys/track_answer.html", context, status=INVALID)
    context["g"] = respondent.round.grievance
    if not form.is_valid():
        return render(request, "surveys/track_answer.html", context, status=INVALID)
    d = form.cleaned_data
    try:
        services.answer_submit(
            respondent=respondent,
            by=None,
            level=d["level"],
            reason=d["reason"],
            comment=d["comment"],
        )
    except StepRefused as exc:
        context["error"] = exc.message
        context["token"] = ""
        return render(request, "surveys/track_answer.html", context, status=CONFLICT)
    except ValidationError as exc:
        form.add_error(None, exc)
        return render(request, "surveys/track_answer.html", context, status=INVALID)
    return render(request, "surveys/track_answer.html", {"done": True, "g": context["g"]})

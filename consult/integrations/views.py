"""The union chair's page of API tokens (issue 22): create one (shown once), revoke one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from consult.access import get_enterprise_for
from consult.integrations import services
from consult.integrations.forms import TokenForm
from consult.models import IntegrationToken
from consult.roles import Action

INVALID = 400


@never_cache
@login_required
def tokens(request, code):
    access = get_enterprise_for(request.user, code, action=Action.MANAGE_INTEGRATIONS)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = services.integration_token_create(
            enterprise=access.enterprise,
            by=request.user,
            name=form.cleaned_data["name"],
            scopes=form.cleaned_data["scopes"],
        )
        # Shown on this answer only: the page is not stored and the token is not kept.
        return render(
            request,
            "consult/integrations/created.html",
            {"access": access, "enterprise": access.enterprise, "created": created},
        )
    rows = IntegrationToken.objects.filter(enterprise=access.enterprise).select_related(
        "created_by", "revoked_by"
    )
    return render(
        request,
        "consult/integrations/tokens.html",
        {"access": access, "enterprise": access.enterprise, "form": form, "rows": rows},
        status=INVALID if request.method == "POST" else 200,
    )


@login_required
@require_POST
def token_revoke(request, code, pk):
    access = get_enterprise_for(request.user, code, action=Action.MANAGE_INTEGRATIONS)
    token = get_object_or_404(IntegrationToken, pk=pk, enterprise=access.enterprise)
    services.integration_token_revoke(token=token, by=request.user)
    messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return redirect("integration_tokens", code=code)

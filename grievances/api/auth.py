"""Who calls: an integration token (consult.integrations), sent as `Authorization: Bearer`,
checked for the operation's scope before the body is read."""

from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from consult.integrations.services import integration_token_check
from consult.models import IntegrationToken
from grievances.api.errors import FORBIDDEN, Refusal


class TokenAuth(HttpBearer):
    def __init__(self, scope: str) -> None:
        super().__init__()
        self.scope = scope

    def authenticate(self, request, token: str) -> IntegrationToken | None:
        found = integration_token_check(raw=token.strip())
        if found is not None and not found.allows(self.scope):
            raise Refusal(FORBIDDEN, _("This token may not do that."))
        return found

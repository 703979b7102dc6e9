"""One-time codes to a person's phone or WeCom/DingTalk: activation codes and password resets.

For the accounts work (activation slips): after `code = activation_code_issue(membership=m,
by=u)`, call

    from consult.outbox.codes import code_send
    code_send(membership=m, code=code)                                  # activation
    code_send(membership=m, code=code, kind=MessageKind.PASSWORD_RESET)  # a reset

inside the same transaction. It writes one notification whose in-app text never shows the code
and one delivery on the first channel that reaches the person without signing in: SMS (when
the enterprise's SMS channel has a template for this kind and the person a mobile number),
else WeCom, else DingTalk. It returns the channels it queued ([] when none reaches the person:
hand out the printed slip). `send_notifications` sends it within a minute; the code is kept in
the notification's facts only until its delivery is sent or given up, then erased.
"""

from django.utils.translation import gettext_lazy as _

from consult.audit import notify
from consult.models import Membership, MessageKind
from consult.outbox.texts import CODE_KINDS

SUBJECTS = {
    MessageKind.ACTIVATION_CODE: _("An activation code was sent to you"),
    MessageKind.PASSWORD_RESET: _("A password reset code was sent to you"),
}


def code_send(
    *, membership: Membership, code: str, kind: str = MessageKind.ACTIVATION_CODE
) -> list[str]:
    if kind not in CODE_KINDS:
        raise ValueError(kind)
    notes = notify(
        enterprise=membership.enterprise,
        recipients=[membership.user],
        subject=SUBJECTS[kind],
        kind=kind,
        facts={"code": code},
    )
    return [d.channel for n in notes for d in n.deliveries.all()]

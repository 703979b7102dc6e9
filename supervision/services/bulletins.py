"""Step 6: the bulletin (情况通报) of a meeting's decided items, drafted from the supervision
records, edited by the union and issued (see `supervision.services`)."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consult.workflow import apply, edit
from meetings.models import Meeting
from supervision.events import SupervisionEvent as E
from supervision.models import Bulletin, Task, TrackingVisit
from supervision.services._common import require_text
from supervision.workflow import BULLETIN_EDITABLE, BULLETIN_FLOW


@transaction.atomic
def bulletin_draft(*, meeting: Meeting, by) -> Bulletin:
    """Step 6: a draft bulletin of a meeting's decided items, in the handbook's wording,
    generated from the supervision records; the union edits it before issuing."""
    from supervision.documents import bulletin_text

    tasks = list(Task.objects.filter(meeting=meeting))
    if not tasks:
        raise ValidationError(_("This meeting has no decided items to report on."))
    draft = bulletin_text(meeting)
    bulletin = Bulletin.objects.create(
        enterprise=meeting.enterprise, meeting=meeting, created_by=by, **draft
    )
    BULLETIN_FLOW.record(bulletin, E.BULLETIN_DRAFTED, by=by, note=meeting.label)
    return bulletin


@transaction.atomic
def bulletin_edit(
    *,
    bulletin: Bulletin,
    by,
    title: str,
    addressee: str,
    body: str,
    signature: str,
    dated: datetime.date,
    on_public_page: bool,
) -> Bulletin:
    """Step 6: the union edits the draft (until it is issued)."""
    fields = {
        "title": require_text(title, _("Give the title.")),
        "addressee": require_text(addressee, _("Say whom it is addressed to.")),
        "body": require_text(body, _("Write the text.")),
        "signature": require_text(signature, _("Give the signature.")),
        "dated": dated,
        "on_public_page": bool(on_public_page),
    }
    if dated is None:
        raise ValidationError(_("Give the date."))
    edit(
        BULLETIN_FLOW,
        bulletin,
        E.BULLETIN_EDITED,
        by=by,
        fields=fields,
        allowed=BULLETIN_EDITABLE,
    )
    return bulletin


# The handbook's blanks (XX年X月X日, 由XX对…, XXX事项, ____公司) that the draft keeps where the
# records had nothing to say: a bulletin holding one is not finished.
PLACEHOLDER = re.compile(r"[XＸ]{2,}|[XＸ]\s*[年月日次项]|[_＿]{3,}")


def bulletin_problems(bulletin: Bulletin) -> list[str]:
    """Why the bulletin cannot be issued yet (empty when it can): the template's blanks left
    in it, or no tracking visit on any of the meeting's items, so it reports no supervision."""
    problems = []
    texts = (bulletin.title, bulletin.addressee, bulletin.body, bulletin.signature)
    blanks = sorted({m.group(0) for t in texts for m in PLACEHOLDER.finditer(t)})
    if blanks:
        problems.append(
            _("It still holds the template's blanks (%(blanks)s): fill them in first.")
            % {"blanks": "、".join(blanks)}
        )
    if not TrackingVisit.objects.filter(task__meeting_id=bulletin.meeting_id).exists():
        problems.append(
            _("No tracking visit was recorded on this meeting's items: there is nothing to report.")
        )
    return problems


@transaction.atomic
def bulletin_issue(*, bulletin: Bulletin, by) -> Bulletin:
    """Step 6 (及时公示): the bulletin is issued; its results appear on the notice page. Refused
    while it holds the template's blanks or covers no supervised item."""
    problems = bulletin_problems(bulletin)
    if problems:
        raise ValidationError(problems)
    apply(
        BULLETIN_FLOW,
        bulletin,
        "issue",
        by=by,
        fields={"issued_at": timezone.now(), "issued_by": by},
    )
    return bulletin

"""Step 8's part of an erasure (个人信息保护法): an imported item keeps its ledger's texts, but
the unit as written goes with the identity and the name and phone leave every text."""

from consult.privacy import scrub_rows
from ledger.models import HistoricalItem


def erase_identity(sender, grievance, phrases, requester_id, **kwargs):
    """Receiver of consult.privacy.identity_erased, inside the erasing transaction."""
    items = HistoricalItem.objects.filter(grievance=grievance)
    items.update(unit_text="")
    scrub_rows(items, ("handling", "supervisor", "review", "remark"), phrases)

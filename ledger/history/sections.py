"""The item page's part for an imported item (grievances.sections): what its earlier ledger
said — the number it carried, 办理情况, 诉求监督人, 工会审阅反馈, 备注, and the unit as written
for those who may see the requester."""

from grievances.selectors import may_see_identity
from ledger.models import HistoricalItem


def history_section(request, access, grievance):
    if not grievance.is_history:
        return None
    item = (
        HistoricalItem.objects.filter(grievance=grievance).select_related("history_import").first()
    )
    if item is None:
        return None
    shown = may_see_identity(grievance, access, request.user)
    return {
        "template": "ledger/history/_section.html",
        "context": {"item": item, "unit_text": item.unit_text if shown else ""},
    }

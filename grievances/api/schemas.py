"""What the API reads and answers (issue 22): the OpenAPI schema is built from these."""

from datetime import datetime
from typing import Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from grievances.forms import CONTENT_MAX
from grievances.models import Grievance

# The kinds a person submits (a management briefing is not theirs to send).
KindIn = Literal["grievance", "suggestion", "other"]
# Through the OA a person is named; anonymity has its own call, which takes nothing about them.
DisclosureIn = Literal["named", "confidential"]
REQUEST_ID_MAX = 64


class Strict(Schema):
    # An unexpected field is refused rather than ignored: a call that sends a person's name
    # with an anonymous item learns that nothing of it is taken.
    model_config = ConfigDict(extra="forbid")


class PersonIn(Strict):
    """The person signed in to the OA, by 工号 or by mobile phone (one of the two)."""

    employee_no: str | None = Field(None, max_length=30, description="工号 (employee number)")
    phone: str | None = Field(None, max_length=30, description="mainland mobile number")


class SubmitIn(Strict):
    person: PersonIn
    kind: KindIn = "grievance"
    content: str = Field(..., max_length=CONTENT_MAX)
    disclosure: DisclosureIn = Field(
        "named",
        description="named: the union, approving managers and handling departments see the "
        "name; confidential: only the union chair and union staff the chair designated.",
    )
    category: int | None = Field(None, description="id of one of the enterprise's categories")
    request_id: str | None = Field(
        None,
        max_length=REQUEST_ID_MAX,
        description="the caller's id of this submission: sent again, it creates no second item",
    )


class AnonymousIn(Strict):
    kind: KindIn = "grievance"
    content: str = Field(..., max_length=CONTENT_MAX)
    request_id: str | None = Field(None, max_length=REQUEST_ID_MAX)


class ReceiptIn(Strict):
    receipt_code: str = Field(..., max_length=16)
    secret: str = Field(..., max_length=40)


class ItemOut(Schema):
    number: str
    kind: str
    kind_label: str
    status: str
    status_label: str
    disclosure: str
    received_at: datetime
    # True when the same request_id was sent before: this is the item it created then.
    repeated: bool = False

    @staticmethod
    def of(grievance: Grievance) -> dict:
        return {
            "number": grievance.number,
            "kind": grievance.kind,
            "kind_label": str(grievance.get_kind_display()),
            "status": grievance.status,
            "status_label": str(grievance.get_status_display()),
            "disclosure": grievance.disclosure,
            "received_at": grievance.received_at,
            "repeated": bool(getattr(grievance, "repeated", False)),
        }


class OwnItemOut(ItemOut):
    content: str


class OwnItemsOut(Schema):
    items: list[OwnItemOut]
    more: bool


class ReceiptOut(ItemOut):
    receipt_code: str
    # Shown once, in the answer that created the item; null when `repeated`.
    secret: str | None


class EventOut(Schema):
    at: datetime
    label: str
    note: str


class StatusOut(Schema):
    number: str
    status: str
    status_label: str
    received_at: datetime
    public_reply: str
    events: list[EventOut]
    # The items it was merged into, in order, each followed the same way.
    merged_into: list["MergedOut"]


class MergedOut(Schema):
    number: str
    status: str
    status_label: str
    public_reply: str
    events: list[EventOut]


StatusOut.model_rebuild()


class ErrorOut(Schema):
    detail: str
    # Field → its messages, when the refusal is about fields.
    errors: dict[str, list[str]] = {}


class MineIn(Strict):
    person: PersonIn
    offset: int = Field(0, ge=0, description="items to skip (pages of 50)")

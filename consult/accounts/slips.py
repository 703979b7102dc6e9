"""Activation slips (开通凭条): an A4 sheet of slips to cut, one per person, with the login
name, the one-time code, its expiry, the site's address and a QR code to the activation page.

The QR code carries the login name only, never the code: a scanned address is kept in the
phone's browser history and, with the scanners built into chat apps, sent to their servers; a
code in it would outlive the paper. The person types the code from the slip.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from consult.accounts import codes
from consult.docregistry import Rendered
from consult.documents import chinese_date, qr_svg_data_uri
from consult.models import ActivationCode, display_name
from consult.rendering import pdf_document


@dataclass(frozen=True)
class Slip:
    name: str
    place: str  # the enterprise (and unit), or the federation
    login: str
    code: str  # grouped for reading: K7PM-3QXH-9RTA
    expires: str
    site: str
    url: str
    qr: str

    @property
    def pk(self) -> str:
        return self.login


def activation_url(login: str) -> str:
    return settings.SITE_URL + reverse("activate") + "?" + urlencode({"login": login})


def slip_for(*, user, place: str, code: str) -> Slip:
    """The slip of `user` with the plaintext `code` just issued to them."""
    row = ActivationCode.objects.open().filter(user=user).order_by("-issued_at").first()
    expires = timezone.localdate(row.expires_at) if row is not None else timezone.localdate()
    url = activation_url(user.get_username())
    return Slip(
        name=display_name(user),
        place=place,
        login=user.get_username(),
        code=codes.grouped(codes.normalise(code)),
        expires=chinese_date(expires),
        site=settings.SITE_URL + reverse("activate"),
        url=url,
        qr=qr_svg_data_uri(url),
    )


def member_place(membership) -> str:
    unit = membership.unit.label if membership.unit_id else ""
    return f"{membership.enterprise.name} {unit}".strip()


def slips_pdf(slips: list[Slip], *, title: str, filename: str, request=None) -> Rendered:
    return pdf_document(
        "consult/print/slips.html", {"slips": slips, "title": title}, filename, request
    )

"""Checks on uploaded attachments (step 3): size, type by content, image metadata removed."""

import io

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

# Types recognised from the file's first bytes, never from its name.
ALLOWED = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "application/pdf": ".pdf",
    "application/msword": ".doc",
    "application/vnd.ms-excel": ".xls",
    "application/vnd.ms-powerpoint": ".ppt",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ".pptx",
}
_PIL_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/gif": "GIF", "image/webp": "WEBP"}


def _limit() -> int:
    return settings.ATTACHMENT_MAX_BYTES


def clean_upload(upload) -> tuple[bytes, str, str]:
    """The bytes to store, their extension and content type; ValidationError when refused."""
    if upload.size > _limit():
        raise ValidationError(
            _("The file is too large (at most %(size)s).") % {"size": filesizeformat(_limit())}
        )
    upload.seek(0)
    data = upload.read()
    kind = filetype.guess(data)
    mime = kind.mime if kind else None
    if mime not in ALLOWED:
        raise ValidationError(
            _("This type of file is not accepted: use images, PDF or office documents.")
        )
    if mime in _PIL_FORMATS:
        data = strip_image_metadata(data, _PIL_FORMATS[mime])
    return data, ALLOWED[mime], mime


def strip_image_metadata(data: bytes, fmt: str) -> bytes:
    """Re-save the pixels only: EXIF (GPS, camera, owner) and other metadata are dropped."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            clean = Image.frombytes(image.mode, image.size, image.tobytes())
            if image.mode == "P" and image.getpalette():
                clean.putpalette(image.getpalette())
    except (UnidentifiedImageError, OSError) as exc:
        raise ValidationError(_("The image cannot be read.")) from exc
    out = io.BytesIO()
    if fmt == "JPEG" and clean.mode not in {"RGB", "L", "CMYK"}:
        clean = clean.convert("RGB")
    clean.save(out, format=fmt)
    return out.getvalue()

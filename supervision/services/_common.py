"""What the supervision services share."""

from django.core.exceptions import ValidationError


def require_text(text: str, message) -> str:
    """The text stripped; `message` as a ValidationError when nothing is left."""
    text = (text or "").strip()
    if not text:
        raise ValidationError(message)
    return text

"""What the views of certification share."""

from django.core.exceptions import ValidationError


def error_text(exc: ValidationError) -> str:
    """A refusal's messages as one line for ``messages.error``."""
    return " ".join(exc.messages)

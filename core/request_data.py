"""Small helpers for reading what a request sent."""


def posted_id(value: str | None) -> int:
    """The primary key typed or posted as ``value``, or 0 (which no row has) for anything that is not a plain
    number: ``int()`` would fail with a 500 on "abc", "²" (a digit to ``str.isdigit``) or a 5 000-digit string."""
    value = (value or "").strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 18 else 0

"""Counts in sentences: "1 client", "2 clients", never "1 client(s)". Django-free, for every door."""


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """``number`` with ``noun`` in the form the number takes; ``plural`` when adding "s" is wrong."""
    return f"{number:,} {noun if number == 1 else plural or noun + 's'}"

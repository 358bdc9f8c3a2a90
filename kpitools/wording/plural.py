"""Counts in sentences, with the right grammar."""

from __future__ import annotations

__all__ = ["count_noun", "there_is"]


def count_noun(n: int, singular: str, plural: str | None = None) -> str:
    """ "1 indicator" / "5 indicators".

    Examples
    --------
    >>> count_noun(1, "indicator"), count_noun(0, "indicator"), count_noun(2, "entry", "entries")
    ('1 indicator', '0 indicators', '2 entries')
    """
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"


def there_is(n: int, singular: str, plural: str | None = None) -> str:
    """ "There is 1 Red indicator" / "There are 3 Red indicators".

    Examples
    --------
    >>> there_is(1, "Red indicator"), there_is(3, "Red indicator")
    ('There is 1 Red indicator', 'There are 3 Red indicators')
    """
    return f"There {'is' if n == 1 else 'are'} {count_noun(n, singular, plural)}"

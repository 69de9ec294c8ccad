"""House style for numbers in sentences an editor can print.

>>> number(5567)
'5,567'
>>> number(1)
'one'
>>> percent(0.09121)
'9.1%'
>>> percent(0.0004)
'less than 0.1%'
>>> ordinal(2), ordinal(11), ordinal(23)
('2nd', '11th', '23rd')
>>> rank_phrase(1, 44)
'the highest of 44 forces'
>>> rank_phrase(2, 44)
'the second highest of 44 forces'
>>> rank_phrase(44, 44)
'the lowest of 44 forces'
>>> rank_phrase(30, 44)
'the 15th lowest of 44 forces'
>>> rank_phrase(43, 44)
'the second lowest of 44 forces'
>>> rank_phrase(12, 44)
'the 12th highest of 44 forces'
>>> rank_of(1, 3)
'first of three'
>>> plural(1, "community resolution")
'one community resolution'
>>> plural(0, "burglary", "burglaries")
'no burglaries'
>>> plural(35210, "community resolution")
'35,210 community resolutions'
>>> one_in(0.187)
'almost one in five'
>>> one_in(0.126)
'one in eight'
>>> one_in(0.105)
'just over one in ten'
>>> one_in(0.08)
'almost one in 12'
>>> one_in(0.34)
'just over one in three'
>>> times(0.0912, 0.0301)
'three times'

Every helper returns text for any number it is given, or raises ``ValueError`` saying why it cannot
(an infinite number, a share 'one in N' cannot express, a ratio to zero); a missing figure (``None``
or NaN) reads "no figure". ``tests/test_hostile.py`` checks this on random input (Hypothesis).
"""

from __future__ import annotations

import math

_SMALL = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_ORDINAL_WORDS = {2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth", 7: "seventh", 8: "eighth", 9: "ninth",
                  10: "tenth"}


def _missing(value) -> bool:
    """True for a missing figure (None, NaN, pandas' NA); ``ValueError`` for an infinite number."""
    if value is None:
        return True
    try:
        number_ = float(value)
    except (TypeError, ValueError):
        import pandas as pd

        if value is pd.NA:
            return True
        raise ValueError(f"expected a number, found {value!r}") from None
    if math.isnan(number_):
        return True
    if math.isinf(number_):
        raise ValueError(f"{value!r} is not a finite number: it cannot be written in words")
    return False


def number(value: int | float) -> str:
    """Whole numbers: words for one to nine, digits with thousands separators above.

    >>> number(float("nan")), number(-3)
    ('no figure', '-3')
    """
    if _missing(value):
        return "no figure"
    value = int(round(value))
    if 0 <= value < 10:
        return _SMALL[value]
    return f"{value:,}"


def percent(share: float, places: int = 1) -> str:
    """A share (0-1) as a percentage; tiny non-zero shares are not rounded to zero."""
    if _missing(share):
        return "no figure"
    smallest = 10 ** -places
    if 0 < share * 100 < smallest:
        return f"less than {smallest:.{places}f}%"
    return f"{share * 100:.{places}f}%"


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def ordinal_word(n: int) -> str:
    """'first' to 'tenth' in words, then 11th, 12th...

    >>> ordinal_word(1), ordinal_word(4), ordinal_word(12)
    ('first', 'fourth', '12th')
    """
    return "first" if n == 1 else _ORDINAL_WORDS.get(n, ordinal(n))


def rank_phrase(rank: int, of: int, noun: str = "forces") -> str:
    """Where a rank (1 = highest) sits, in words, counted from the nearer end."""
    if rank == 1:
        return f"the highest of {of} {noun}"
    if rank == of:
        return f"the lowest of {of} {noun}"
    from_bottom = of - rank + 1
    if rank <= from_bottom:
        return f"the {ordinal_word(rank)} highest of {of} {noun}"
    return f"the {ordinal_word(from_bottom)} lowest of {of} {noun}"


def rank_header(of: int) -> str:
    """A table column of ranks, saying which end is 1, so "23" sits easily beside "the 22nd lowest".
    The bracket is held together with no-break spaces, so a narrow column wraps before it, not inside it.

    >>> rank_header(44)
    'Rank of 44 (1\xa0=\xa0highest)'
    """
    return f"Rank of {of} (1\u00a0=\u00a0highest)"


def rank_of(rank: int, of: int) -> str:
    """A rank in a small group, in words."""
    return f"{ordinal_word(rank)} of {number(of)}"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """A count with its noun, singular or plural."""
    if _missing(count):
        return f"no figure for {plural_form or singular + 's'}"
    word = singular if int(count) == 1 else (plural_form or singular + "s")
    return f"{'no' if int(count) == 0 else number(count)} {word}"


def one_in(share: float) -> str:
    """A share as 'one in N' with a hedge word, for shares between 1% and 60%."""
    if _missing(share):
        raise ValueError("'one in N' needs a figure; the share is missing")
    if not 0.01 <= share <= 0.6:
        raise ValueError(f"'one in N' reads badly for a share of {share:.3f}; give a percentage instead")
    n = round(1 / share)
    exact = 1 / n
    names = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine", 10: "ten",
             11: "11", 12: "12", 20: "20"}
    label = names.get(n, str(n))
    gap = (share - exact) / exact
    if abs(gap) < 0.01:
        hedge = ""
    elif gap < 0:
        hedge = "almost " if gap > -0.1 else "about "
    else:
        hedge = "just over " if gap < 0.1 else "about "
    return f"{hedge}one in {label}"


def share_phrase(share: float) -> str:
    """House style for a proportion: 'one in N' with the exact figure beside it where that reads
    honestly, otherwise the percentage alone.

    >>> share_phrase(0.1968)
    'almost one in five (19.7%)'
    >>> share_phrase(0.2)
    'one in five (20.0%)'
    >>> share_phrase(0.187)
    'almost one in five (18.7%)'
    >>> share_phrase(0.004)
    '0.4%'
    >>> share_phrase(0.044)  # 'one in 23' is not house style: the percentage alone
    '4.4%'
    >>> share_phrase(0.0)
    'none (0.0%)'
    """
    if _missing(share):
        return "no figure"
    if share == 0:
        return "none (0.0%)"
    if 1 / 12.5 <= share <= 0.6:
        return f"{one_in(share)} ({percent(share)})"
    return percent(share)


def count_of(count: int, total: int, noun: str) -> str:
    """'four of 92 trafficking offences', 'none of 59 trafficking offences'.

    >>> count_of(0, 59, "trafficking offences")
    'none of 59 trafficking offences'
    >>> count_of(220, 1003, "possession offences")
    '220 of 1,003 possession offences'
    """
    return f"{'none' if not _missing(count) and count == 0 else number(count)} of {number(total)} {noun}"


def change_phrase(now: float, before: float, places: int = 1) -> str:
    """How a share moved from ``before``, for the end of a sentence: 'up from 4.2%', 'down from
    9.1%', 'the same as', judged on the shares as printed (so the words never contradict the figures).

    >>> change_phrase(0.05, 0.042), change_phrase(0.05, 0.091), change_phrase(0.0501, 0.0499)
    ('up from 4.2%', 'down from 9.1%', 'the same as 5.0%')
    """
    shown_now, shown_before = percent(now, places), percent(before, places)
    if shown_now == shown_before:
        return f"the same as {shown_before}"
    return f"{'up' if now > before else 'down'} from {shown_before}"


def cases_of(count: int, description: str) -> str:
    """A count of cases of an offence, the description starting lower-case.

    >>> cases_of(1, "Sexual grooming"), cases_of(29, "Sexual activity involving a child under 16")
    ('one case of sexual grooming', '29 cases of sexual activity involving a child under 16')
    """
    return f"{number(count)} {'case' if int(count) == 1 else 'cases'} of {description[:1].lower()}{description[1:]}"


def capital(text: str) -> str:
    """The first letter in capitals, the rest as it is: a phrase that starts a sentence (:func:`mid` undoes it).

    >>> capital("three of the four"), capital("the Metropolitan Police Service"), capital("")
    ('Three of the four', 'The Metropolitan Police Service', '')
    """
    return text[:1].upper() + text[1:]


#: The words a subject phrase of this package may begin with that are not part of a name:
#: "The Metropolitan Police Service", "Police forces in Wales", "Forces in England and Wales".
_COMMON_OPENERS = ("The ", "Police forces ", "Forces ")


def mid(subject: str) -> str:
    """A sentence's subject as it reads mid-sentence: a leading "The", "Police forces" or "Forces"
    lower-cased, a name left as it is.

    >>> mid("The Metropolitan Police Service"), mid("Police forces in Wales"), mid("Durham Constabulary")
    ('the Metropolitan Police Service', 'police forces in Wales', 'Durham Constabulary')
    """
    return subject[:1].lower() + subject[1:] if subject.startswith(_COMMON_OPENERS) else subject


def listing(items: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'.

    >>> listing(["Cleveland", "Northumbria", "North Yorkshire"])
    'Cleveland, Northumbria and North Yorkshire'
    """
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else ""


def times(a: float, b: float) -> str:
    """How many times ``a`` is of ``b``, in words for round multiples.

    >>> times(0.05, 0.04)
    '1.2 times'
    """
    if _missing(a) or _missing(b):
        raise ValueError(f"times({a!r}, {b!r}): a figure is missing")
    if b == 0:
        raise ValueError(f"times({a!r}, {b!r}): no ratio to zero")
    ratio = a / b
    if math.isinf(ratio):
        raise ValueError(f"times({a!r}, {b!r}): the ratio is too large to write")
    if ratio >= 1.95 and abs(ratio - round(ratio)) < 0.1 and round(ratio) < 10:
        return f"{_SMALL[round(ratio)]} times"
    return f"{ratio:.1f} times"

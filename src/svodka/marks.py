"""Quotation marks and dashes, defined once for every stage that reads them.

Russian news sets quotations and names in «ёлочки», „лапки“ and “English” marks, and in the
straight mark "; wiki markup sets names in doubled apostrophes ('' … ''), which razdel splits
into two tokens.
"""

from __future__ import annotations

PAIRS = {"«": "»", "„": "“", "“": "”"}  # the typographic pairs: opening → closing
STRAIGHT = '"'  # opens and closes
OPENING = frozenset(PAIRS) | {STRAIGHT}
CLOSING = frozenset(PAIRS.values()) | {STRAIGHT}
# the pairs a name may stand in: the low single pair too («компания ‚Север‘»)
NAME_PAIRS = {**PAIRS, STRAIGHT: STRAIGHT, "‚": "‘"}
SINGLE = frozenset("'‘’")  # an apostrophe and the single marks
# every mark a phrase's words may be set in, brackets aside
ANY = OPENING | CLOSING | SINGLE

DASHES = frozenset("-–—")  # a hyphen typed for a dash, the en and the em dash

WIKI_ITALICS = "'"  # wiki markup's '' … '', which razdel splits into two such tokens


def read_marks(words: list[str]) -> list[str]:
    """Tokens' words with the apostrophes of wiki markup's '' … '' around a name read as the
    straight mark: what the neural models (slovnet) read, which learnt names in marks from «» and
    " (two unknown tokens either side hide the name from them). An apostrophe alone stays: it is
    part of a name («Кот-д'Ивуар», «О'Брайен»)."""
    if WIKI_ITALICS not in words:
        return words
    n = len(words)
    return [STRAIGHT if w == WIKI_ITALICS and ((i + 1 < n and words[i + 1] == w) or (i and words[i - 1] == w))
            else w for i, w in enumerate(words)]

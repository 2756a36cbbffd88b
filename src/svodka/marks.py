"""Quotation marks, defined once for every stage that reads them.

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

# What the neural models (slovnet) read for a token: a lone apostrophe, which is half of wiki
# markup's '' … '' around a name, as the straight mark. The models learnt names in marks from
# news that uses «» and "; two apostrophes read as two unknown tokens hide the name from them.
MODEL_WORDS = {"'": STRAIGHT}

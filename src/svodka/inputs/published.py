"""The publication date of a document, checked the same way wherever a document comes in
(the API, front matter, JSON Lines and Parquet rows): ISO 8601, a day that exists.

    2024   2024-05   2024-05-20   2024-05-20T09:30:00+05:00   2024-05-20 09:30:00
"""

from __future__ import annotations

import re
from datetime import date, datetime

# year, month, day, and whatever follows the day (a time, for datetime.fromisoformat to judge)
_FORM = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2})(.*))?)?", re.S)


def check_published(value: str) -> str:
    """`value` as given when it is an ISO date or date-time of a real day, else ValueError
    (2024-13-45, 0000-00-00 and 20.05.2024 are refused)."""
    m = _FORM.fullmatch(value) if isinstance(value, str) else None
    if m:
        year, month, day, rest = m.groups()
        try:
            if rest:
                datetime.fromisoformat(value)
            else:
                date(int(year), int(month or 1), int(day or 1))
            return value
        except ValueError:
            pass
    raise ValueError(f"published must be an ISO date like 2024-05-20 (a day that exists), not {value!r}")

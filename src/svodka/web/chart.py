"""A figure series over time as an inline SVG line chart (no scripts, no CDN)."""

from __future__ import annotations

from datetime import date

from markupsafe import Markup, escape

from .render import fmt_number


def _day(s: str) -> date | None:
    """'2024', '2024-05' or '2024-05-20' → a date (the first day of a month or year)."""
    parts = str(s or "").split("-")
    try:
        y = int(parts[0])
        m = int(parts[1]) if len(parts) > 1 else 1
        d = int(parts[2][:2]) if len(parts) > 2 else 1
        return date(y, m, d)
    except (ValueError, IndexError):
        return None


def _short(x: float) -> str:
    """An axis label: 26500000000 → '26,5 млрд'."""
    for scale, word in ((1e12, "трлн"), (1e9, "млрд"), (1e6, "млн"), (1e3, "тыс.")):
        if abs(x) >= scale:
            return f"{x / scale:.3g}".replace(".", ",") + f" {word}"
    return fmt_number(round(x, 2))


# the least distance between the centres of two date labels (a label is about 62 px wide)
LABEL_GAP = 80


def _labelled(days: list[date], x) -> list[date]:
    """The dates that get a label: left to right, each at least LABEL_GAP from the one before,
    and the last date always (it replaces the one before when they are too close)."""
    out: list[date] = []
    for d in days:
        if not out or x(d) - x(out[-1]) >= LABEL_GAP:
            out.append(d)
    if days and out[-1] != days[-1]:
        while out and x(days[-1]) - x(out[-1]) < LABEL_GAP:
            out.pop()
        out.append(days[-1])
    return out


def line_chart(points: list[tuple[str, float, str]], *, width: int = 900, height: int = 280,
               label: str = "") -> Markup:
    """points: (ISO date, value, tooltip). Points without a usable date are left out."""
    pts = sorted((d, float(v), tip) for s, v, tip in points if (d := _day(s)) is not None)
    if not pts:
        return Markup('<p class="muted">No dated values to chart.</p>')
    left, right, top, bottom = 70, 48, 16, 36  # room for the value labels and the last date
    w, h = width - left - right, height - top - bottom
    d0, d1 = pts[0][0].toordinal(), pts[-1][0].toordinal()
    lo, hi = min(0.0, min(v for _, v, _ in pts)), max(v for _, v, _ in pts)
    hi = hi if hi > lo else lo + 1

    def x(d: date) -> float:
        return left + (w / 2 if d1 == d0 else (d.toordinal() - d0) / (d1 - d0) * w)

    def y(v: float) -> float:
        return top + h - (v - lo) / (hi - lo) * h

    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
             f'role="img" aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">']
    for i in range(5):  # horizontal grid with value labels
        v = lo + (hi - lo) * i / 4
        parts.append(f'<line class="grid" x1="{left}" x2="{left + w}" y1="{y(v):.1f}" y2="{y(v):.1f}"/>'
                     f'<text class="axis" x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end">'
                     f'{escape(_short(v))}</text>')
    for d in _labelled(sorted({d for d, _, _ in pts}), x):
        parts.append(f'<text class="axis" x="{x(d):.1f}" y="{top + h + 20}" text-anchor="middle">'
                     f'{d.isoformat()}</text>')
    path = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v, _ in pts)
    parts.append(f'<polyline class="line" points="{path}"/>')
    for d, v, tip in pts:
        parts.append(f'<circle class="dot" cx="{x(d):.1f}" cy="{y(v):.1f}" r="4">'
                     f'<title>{d.isoformat()}: {escape(fmt_number(v))} {escape(tip)}</title></circle>')
    parts.append("</svg>")
    return Markup("".join(parts))

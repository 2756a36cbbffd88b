"""Linear time: the full pipeline on texts of N and 4N characters, for shapes that once were
(or could be) quadratic. The ratio t(4N)/t(N) is 4 for linear work; it is to stay ≤ 5.

    .venv/bin/python -m bench.linear                   # N = 25,000; writes docs/linear-benchmarks.md
    .venv/bin/python -m bench.linear --chars 5000 --repeat 1 --md /tmp/l.md --check

Shapes: prose (sentences of our own, varied), lists of scaled numbers in one sentence, runs of
quotation marks, capitals, and very long tokens. Times are CPU seconds of this process (the
machine is shared), the least of --repeat runs. `make bench` runs it; the report
(docs/benchmarks.md) carries docs/linear-benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 5.0

POSTS = ("Министр экономики", "Глава Минфина", "Вице-премьер", "Председатель правительства", "Губернатор")
NAMES = ("Иван Соколов", "Анна Белова", "Пётр Орлов", "Мария Зайцева", "Олег Лебедев", "Нина Морозова")
PLACES = ("Казани", "Новосибирске", "Минске", "Ташкенте", "Астане", "Пекине", "Екатеринбурге")
ORGS = ("«Северсталь»", "ВТБ", "Росатом", "Минпромторг", "Евразийский банк развития", "ОАО «Заря»")
VERBS = ("заявил", "сообщил", "подчеркнул", "отметил")
MONTHS = ("января", "марта", "мая", "июля", "сентября", "ноября")
SCALES = ("тыс.", "млн", "млрд", "трлн", "тысяч", "миллионов")
QUOTES = "«»„“”\"‘’‹›"


def _prose(r: random.Random, i: int) -> str:
    return (f"{r.choice(POSTS)} {r.choice(NAMES)} {r.randint(1, 28)} {r.choice(MONTHS)} {r.randint(2015, 2025)} "
            f"года провёл в {r.choice(PLACES)} переговоры с руководством {r.choice(ORGS)}. "
            f"«Объём инвестиций вырастет на {r.randint(2, 40)}% и превысит {r.randint(1, 900)} "
            f"{r.choice(SCALES)} рублей», — {r.choice(VERBS)} он. ")


def _numbers(r: random.Random, i: int) -> str:
    # one sentence: no full stop, abbreviations' dots aside
    return f"{r.randint(1, 999)} {r.choice(SCALES)} {r.randint(1, 999)},{r.randint(0, 9)} {r.choice(SCALES)}, "


def _quotes(r: random.Random, i: int) -> str:
    run = "".join(r.choice(QUOTES) for _ in range(r.randint(1, 6)))
    return f"{run}{r.choice(ORGS).strip('«»')}{run[::-1]} "


def _capitals(r: random.Random, i: int) -> str:
    words = ("ПРАВИТЕЛЬСТВО", "МИНИСТР", "ГАЗПРОМ", "ООО", "РОСНЕФТЬ", "БАНК", "РОССИИ", "ФАС", "ЕАЭС", "ЦБ")
    return " ".join(r.choice(words) for _ in range(r.randint(2, 6))) + r.choice((" ", ", ", " — "))


def _long_tokens(r: random.Random, i: int) -> str:
    # the kinds in turn, so that N and 4N characters hold them in the same proportions
    alphabet = ("абвгдежзиклмнопрст", "0123456789", "abcdefxyz", "а-б-в-")[i % 4]
    return "".join(r.choice(alphabet) for _ in range(r.randint(1000, 4000))) + " "


SHAPES: dict[str, Callable[[random.Random, int], str]] = {
    "prose": _prose,
    "numbers with scales": _numbers,
    "runs of quotation marks": _quotes,
    "capitals": _capitals,
    "long tokens": _long_tokens,
}


def text_of(shape: str, chars: int) -> str:
    """`chars` characters of a shape (deterministic), cut after a space."""
    r = random.Random(13)
    parts, n = [], 0
    while n < chars:
        p = SHAPES[shape](r, len(parts))
        parts.append(p)
        n += len(p)
    text = "".join(parts)[:chars]
    cut = text.rfind(" ")
    return text[:cut] if cut > chars // 2 else text


def cpu_time(nlp, text: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        nlp(text)
        best = min(best, time.process_time() - t0)
    return best


def measure(chars: int, repeat: int) -> list[dict]:
    import svodka

    nlp = svodka.default_pipeline()
    nlp("Министр посетил Москву 3 мая 2024 года.")  # models loaded before timing
    rows = []
    for shape in SHAPES:
        small, large = text_of(shape, chars), text_of(shape, 4 * chars)
        t1, t4 = cpu_time(nlp, small, repeat), cpu_time(nlp, large, repeat)
        rows.append({"shape": shape, "n": len(small), "n4": len(large), "t_n": round(t1, 3), "t_4n": round(t4, 3),
                     "ratio": round(t4 / t1, 2) if t1 else None,
                     "chars_per_s": round(len(large) / t4) if t4 else None})
        print(f"linear: {shape}: {len(small):,} chars {t1:.2f} s, {len(large):,} chars {t4:.2f} s, "
              f"ratio {rows[-1]['ratio']}", file=sys.stderr)
    return rows


def markdown(rows: list[dict], chars: int, repeat: int) -> str:
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    worst = max(r["ratio"] for r in rows)
    L = ["# Linear time (issue 13)", "",
         f"The full pipeline on texts of N and 4N characters (N = {chars:,}), one shape each; "
         "t(4N)/t(N) is 4 for work linear in the length, and is to stay ≤ "
         f"{LIMIT:g}. Generated by `python -m bench.linear` (run by `make bench`); CPU seconds of one "
         f"process, the least of {repeat} runs.", "",
         f"- machine: {os.cpu_count()} cores, Python {platform.python_version()}; load average at the end "
         f"{[round(x, 2) for x in load] if load else 'n/a'} (shared machine: CPU time, not wall time)",
         f"- {time.strftime('%Y-%m-%d %H:%M')}; worst ratio {worst:.2f}: "
         f"**{'met' if worst <= LIMIT else 'not met'}** (≤ {LIMIT:g})", "",
         "| shape | N chars | t(N) s | 4N chars | t(4N) s | ratio | chars/s at 4N |",
         "|---|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        L.append(f"| {r['shape']} | {r['n']:,} | {r['t_n']:.2f} | {r['n4']:,} | {r['t_4n']:.2f} | "
                 f"{r['ratio']:.2f} | {r['chars_per_s']:,} |")
    L += ["", "Shapes: prose = sentences with posts, names, dates, quotes and money; numbers with scales "
          "= «12 млн 3,5 тыс., …» as one sentence; runs of quotation marks = names in runs of «»„“” "
          "marks; capitals = words in capitals, one sentence; long tokens = words of 1,000-4,000 "
          "letters, digits or hyphenated letters.", ""]
    return "\n".join(L)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.linear", description=__doc__.split("\n\n")[0])
    ap.add_argument("--chars", type=int, default=25_000, help="N (default 25,000)")
    ap.add_argument("--repeat", type=int, default=2, help="runs per text; the least time counts (default 2)")
    ap.add_argument("--md", type=Path, default=ROOT / "docs" / "linear-benchmarks.md",
                    help="write the Markdown here (default docs/linear-benchmarks.md)")
    ap.add_argument("--json", type=Path, default=None, help="write the numbers here too")
    ap.add_argument("--check", action="store_true", help=f"exit 1 when a ratio exceeds {LIMIT:g}")
    a = ap.parse_args(argv)
    rows = measure(a.chars, a.repeat)
    a.md.parent.mkdir(parents=True, exist_ok=True)
    a.md.write_text(markdown(rows, a.chars, a.repeat), encoding="utf-8")
    if a.json:
        a.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    worst = max(r["ratio"] for r in rows)
    print(f"linear: worst ratio {worst:.2f} (limit {LIMIT:g}) -> {a.md}", file=sys.stderr)
    return 1 if a.check and worst > LIMIT else 0


if __name__ == "__main__":
    raise SystemExit(main())

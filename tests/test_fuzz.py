"""A fuzzer in the suite: hostile texts through the whole pipeline, every layer.

The strategy mixes Russian words, numbers with scale words, dates (real and impossible),
quotation marks of every kind, dashes, letters without a Unicode name, combining and
zero-width characters, NUL and other controls, and very long tokens. For each text: the
pipeline runs without an exception (whole, or cut into sections as long texts are), every span
of every layer lies in the text (tokens and sentences included), and the record is strict JSON
(no NaN) that reads back equal.

Profiles: a short one in `make test` (SVODKA_FUZZ unset: 120 inputs, derandomized, hypothesis
shrinks a failure); the long one in `make fuzz` (SVODKA_FUZZ=long: 20,000 inputs, or
SVODKA_FUZZ_EXAMPLES), which goes on past a failure and reports the count, every failure and
the slowest input (and writes them in full to SVODKA_FUZZ_REPORT, if set).
"""

from __future__ import annotations

import json
import os
import time
import traceback

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import svodka

LONG = os.environ.get("SVODKA_FUZZ") == "long"
EXAMPLES = int(os.environ.get("SVODKA_FUZZ_EXAMPLES") or (20_000 if LONG else 120))

WORDS = ("министр", "Министр", "президент", "Президент", "правительство", "премьер-министр", "глава",
         "вице-премьер", "заявил", "сообщил", "подчеркнул", "провёл", "посетил", "подписали",
         "переговоры", "визит", "соглашение", "меморандум", "рублей", "долларов", "тонн", "процентов",
         "Москва", "Москву", "Россия", "России", "Казахстан", "Казахстана", "Минск", "Пекин", "Ташкент",
         "Банк", "России", "ЦБ", "ООН", "ЕАЭС", "Газпром", "Иван", "Петров", "Петрова", "Анна",
         "Сергеевна", "А.", "В.", "Путин", "с", "в", "на", "по", "до", "к", "от", "и", "или", "что",
         "не", "это", "год", "года", "году", "компания", "экспорт", "рост", "бюджет", "ВВП", "млн")
SCALES = ("тыс.", "тыс", "млн", "млн.", "млрд", "млрд.", "трлн", "тысяч", "миллиона", "миллиардов",
          "триллион", "сотни", "тысячи")
NUMERAL_WORDS = ("один", "два", "двух", "три", "пять", "двадцать", "сто", "тысяча", "полтора",
                 "пятеро", "первый", "второго", "десятков")
MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
          "октября", "ноября", "декабря", "январе", "мае", "весной", "квартале")
TIME_WORDS = ("вчера", "сегодня", "завтра", "накануне", "в прошлом году", "на следующей неделе",
              "в понедельник", "до конца года", "в этом месяце", "с", "по", "между", "не позднее")
QUOTES = "«»„“”\"'‘’‚‹›「」『』〝〞＂"
DASHES = "-‐‑‒–—―−⸺⸻"
COMBINING = "\u0300\u0301\u0308\u0323\u0483\u0487\u20dd\u0336"
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f"
SPACES = " \u00a0\u202f\u2009\u3000\t"
CONTROLS = "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85\u2028\u2029\r\n"
UNNAMED = st.integers(0x17000, 0x187F7).map(chr)  # Tangut: letters without a Unicode name
SEPARATORS = (" ", " ", " ", "", "\n", ", ", ". ", "\n\n", " — ", ": ", "; ")


def _number() -> st.SearchStrategy[str]:
    digits = st.one_of(
        st.integers(0, 10**6).map(str),
        st.integers(0, 10**15).map(lambda n: f"{n:,}".replace(",", " ")),  # «1 000 000»
        st.integers(0, 10**12).map(lambda n: f"{n:,}".replace(",", ".")),  # «1.844.036»
        st.tuples(st.integers(0, 9999), st.integers(0, 99)).map(lambda t: f"{t[0]},{t[1]}"),
        st.tuples(st.integers(0, 99), st.integers(0, 99)).map(lambda t: f"{t[0]}–{t[1]}"),
        st.integers(0, 99).map(lambda n: f"{n}-ю"),
        st.text(alphabet="0123456789", min_size=1, max_size=400),  # very long digit runs
        st.floats(allow_nan=True, allow_infinity=True).map(str),  # «nan», «inf», «1e+20»
    )
    scaled = st.tuples(digits, st.sampled_from(SCALES)).map(" ".join)
    chain = st.lists(scaled, min_size=2, max_size=40).map(" ".join)  # «1 млрд 200 млн …»
    words = st.lists(st.sampled_from(NUMERAL_WORDS + SCALES), min_size=1, max_size=6).map(" ".join)
    percent = st.tuples(digits, st.sampled_from(("%", " %", " процента", " п.п."))).map("".join)
    return st.one_of(digits, scaled, chain, words, percent)


def _date() -> st.SearchStrategy[str]:
    day, month, year = st.integers(0, 40), st.integers(0, 14), st.integers(0, 9999)
    return st.one_of(
        st.tuples(day, st.sampled_from(MONTHS), year).map(lambda t: f"{t[0]} {t[1]} {t[2]} года"),
        st.tuples(day, month, year).map(lambda t: f"{t[0]:02d}.{t[1]:02d}.{t[2]:04d}"),
        st.tuples(year, month, day).map(lambda t: f"{t[0]:04d}-{t[1]:02d}-{t[2]:02d}"),
        st.tuples(st.sampled_from(("в", "с", "до", "к")), year, st.sampled_from(("году", "г.", "гг.", "-м")))
        .map(lambda t: f"{t[0]} {t[1]} {t[2]}"),
        st.tuples(year, year).map(lambda t: f"{t[0]}–{t[1]} годах"),
        st.sampled_from(TIME_WORDS),
    )


def _odd() -> st.SearchStrategy[str]:
    """Characters that analysers stumble on, alone or in runs."""
    return st.one_of(
        st.text(alphabet=QUOTES, min_size=1, max_size=30),
        st.text(alphabet=DASHES, min_size=1, max_size=10),
        st.text(alphabet=COMBINING + ZERO_WIDTH + SPACES + CONTROLS, min_size=1, max_size=12),
        st.lists(UNNAMED, min_size=1, max_size=5).map("".join),
        st.tuples(st.sampled_from(WORDS), st.sampled_from(COMBINING + ZERO_WIDTH), st.sampled_from(WORDS))
        .map("".join),  # a mark inside a word
        st.tuples(st.sampled_from(QUOTES), st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join),
                  st.sampled_from(QUOTES)).map("".join),  # a quotation, balanced or not
        st.text(alphabet="АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЩЭЮЯ", min_size=1, max_size=50),  # capitals
        st.tuples(st.sampled_from(WORDS), st.integers(200, 5000)).map(lambda t: t[0] * (t[1] // len(t[0]))),
        st.text(max_size=20),  # anything at all
    )


def _piece() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(WORDS), st.sampled_from(WORDS), _number(), _date(), _odd())


@st.composite
def documents(draw) -> dict:
    pieces = draw(st.lists(_piece(), min_size=1, max_size=60))
    text = ""
    for p in pieces:
        text += p + draw(st.sampled_from(SEPARATORS))
    published = draw(st.one_of(st.none(), st.sampled_from(("2024-05-20", "0001-01-01", "9999-12-31")),
                               _date()))
    return {"text": text, "published": published, "sectioned": draw(st.booleans())}


def _check_spans(node, n: int, where: str = "record") -> None:
    """Every {start, stop} anywhere in the record lies in the text."""
    if isinstance(node, dict):
        if isinstance(node.get("start"), int) and isinstance(node.get("stop"), int):
            assert 0 <= node["start"] <= node["stop"] <= n, (where, node)
        for k, v in node.items():
            _check_spans(v, n, f"{where}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            _check_spans(v, n, f"{where}[{i}]")


def check_document(nlp, sectioned_nlp, doc_in: dict) -> None:
    text = doc_in["text"]
    pipe = sectioned_nlp if doc_in["sectioned"] else nlp
    doc = pipe({"text": text, "published": doc_in["published"]})
    n = len(text)
    assert doc.text == text
    for t in doc.tokens:
        assert 0 <= t.start < t.stop <= n and text[t.start:t.stop] == t.text, t
    for s in doc.sents:
        assert 0 <= s.start <= s.stop <= n, s
    rec = doc.record().to_dict()
    assert rec["text"] == text
    _check_spans(rec, n)
    back = json.loads(json.dumps(rec, ensure_ascii=False, allow_nan=False))
    assert back == rec


class Tally:
    """What the long profile reports: inputs run, failures, the slowest input (CPU seconds: the
    machine may be shared)."""

    def __init__(self):
        self.count = 0
        self.failures: list[tuple[dict, str]] = []
        self.slowest: tuple[float, float, dict | None] = (0.0, 0.0, None)

    def run(self, nlp, sectioned_nlp, doc_in: dict, *, keep_going: bool) -> None:
        self.count += 1
        c0, t0 = time.process_time(), time.perf_counter()
        try:
            check_document(nlp, sectioned_nlp, doc_in)
        except Exception:  # noqa: BLE001 - the long profile counts them all
            if not keep_going:
                raise
            self.failures.append((doc_in, traceback.format_exc(limit=-3)))
        cpu, wall = time.process_time() - c0, time.perf_counter() - t0
        if cpu > self.slowest[0]:
            self.slowest = (cpu, wall, doc_in)

    def report(self) -> str:
        cpu, wall, doc = self.slowest
        lines = [f"fuzz: {self.count} inputs, {len(self.failures)} failures, slowest {cpu:.2f} s CPU "
                 f"({wall:.2f} s wall)"]
        if doc is not None:
            lines.append(f"fuzz: slowest input ({len(doc['text'])} chars, published={doc['published']!r}, "
                         f"sectioned={doc['sectioned']}): {doc['text'][:300]!r}")
        for d, tb in self.failures[:20]:
            lines.append(f"fuzz: FAILED on {d!r}\n{tb}")
        return "\n".join(lines)

    def save(self, path: str) -> None:
        """The whole report as JSON: every failing input and the slowest one in full."""
        cpu, wall, doc = self.slowest
        data = {"inputs": self.count, "failures": [{"input": d, "traceback": tb} for d, tb in self.failures],
                "slowest": {"cpu_s": round(cpu, 3), "wall_s": round(wall, 3), "input": doc}}
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=1)


@pytest.fixture(scope="module")
def sectioned_nlp():
    # short sections, so that the cutting and merging of long texts is fuzzed too
    return svodka.Pipeline(section_chars=400)


def test_fuzz_pipeline(nlp, sectioned_nlp, capsys):
    for pipe in (nlp, sectioned_nlp):  # models loaded: not the first input's time
        pipe("Министр посетил Москву 3 мая 2024 года.")
    tally = Tally()

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=not LONG,
              suppress_health_check=list(HealthCheck), print_blob=True)
    @given(doc_in=documents())
    def one(doc_in):
        tally.run(nlp, sectioned_nlp, doc_in, keep_going=LONG)

    one()
    with capsys.disabled():
        print("\n" + tally.report())
    if os.environ.get("SVODKA_FUZZ_REPORT"):
        tally.save(os.environ["SVODKA_FUZZ_REPORT"])
    assert tally.count >= min(EXAMPLES, 100)
    assert not tally.failures, tally.report()

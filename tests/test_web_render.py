"""How the UI marks a record's items in its text: nesting, crossing, escaping; numbers; the chart."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("markupsafe")
from svodka.web.chart import line_chart  # noqa: E402
from svodka.web.render import Mark, fmt_number, highlighted, marked_text, marks, panel  # noqa: E402


def m(start, stop, layer="entity", ref="x"):
    return Mark(start, stop, layer, ref, layer, ref)


def strip(html: str) -> str:
    opened = re.sub(r'<span class="mk [^"]*" data-ref="([^"]*)"[^>]*>', r"[\1:", str(html))
    return opened.replace("</span>", "]")


@pytest.mark.parametrize("text, items, expected", [
    ("Иван Петров", [m(0, 11, ref="e1")], "[e1:Иван Петров]"),
    # nested: a name inside a quote
    ("«Да, — Иван»", [m(1, 11, "quote", "q1"), m(7, 11, "entity", "e1")], "«[q1:Да, — [e1:Иван]]»"),
    # the same span twice: the wider layer outside
    ("$5 млрд", [m(0, 7, "entity", "e1"), m(0, 7, "quote", "q1")], "[q1:[e1:$5 млрд]]"),
    # crossing: the quote ends inside the name, the name is split and shares its ref
    ("аб вг де", [m(0, 5, "quote", "q1"), m(3, 8, "entity", "e1")], "[q1:аб [e1:вг]][e1: де]"),
    # spans outside the text or empty are left out
    ("абв", [m(1, 1), m(2, 9), m(-1, 2)], "абв"),
    # text is escaped, marks or not
    ("<b>x</b> & <i>", [m(3, 4, ref="e1")], "&lt;b&gt;[e1:x]&lt;/b&gt; &amp; &lt;i&gt;"),
])
def test_marked_text(text, items, expected):
    assert strip(marked_text(text, items)) == expected


def test_marks_and_panel_of_a_record():
    text = "Министр Иван Петров заявил: «Вложим $2,5 млрд до 2027 года»."
    rec = {"text": text, "topics": ["finance"],
           "entities": [{"id": "e1", "type": "PER", "name": "Иван Петров", "link": None,
                         "mentions": [{"start": 8, "stop": 19}],
                         "roles": [{"title": "министр", "of": None, "start": 0, "stop": 7}]}],
           "figures": [{"id": "f1", "kind": "money", "start": 36, "stop": 45, "value": 2500000000,
                        "unit": "USD", "item": None, "approx": None, "total": None, "time": "t1"}],
           "times": [{"id": "t1", "kind": "deadline", "start": 46, "stop": 58, "value": "2027-12-31"}],
           "quotes": [{"id": "q1", "start": 29, "stop": 58, "speaker": "e1"}],
           "events": [{"id": "v1", "type": "statement", "start": 20, "stop": 26, "args": {"speaker": ["e1"]},
                       "attrs": {}}]}
    html = str(marked_text(text, marks(rec)))
    assert 'data-ref="f1"' in html and 'class="mk ent ent-PER"' in html and 'data-ref="e1r1"' in html
    p = panel(rec)
    assert p["figures"][0] == {"ref": "f1", "kind": "money", "text": "$2,5 млрд", "value": "2 500 000 000",
                               "unit": "USD", "item": None, "approx": None, "total": None,
                               "time": "2027-12-31"}
    assert p["quotes"][0]["speaker"] == "Иван Петров"
    assert p["posts"] == [{"ref": "e1r1", "person": "Иван Петров", "title": "министр", "of": None}]
    assert p["events"][0]["args"] == [("speaker", ["Иван Петров"])]


def test_bodies_are_marked_and_listed_with_their_country():
    text = "Полиция Грузии задержала водителя. Полиция МВД Армении ищет свидетелей. Полиция там же."
    rec = {"text": text,
           "entities": [{"id": "e1", "type": "ORG", "name": "МВД", "link": None, "country": "iso:AM",
                         "mentions": [{"start": 43, "stop": 46}], "roles": []}],
           "bodies": [{"id": "b1", "name": "полиция", "country": "iso:GE",
                       "mentions": [{"start": 0, "stop": 7, "country_named": True},
                                    {"start": 72, "stop": 79, "country_named": False}]},
                      {"id": "b2", "name": "полиция", "country": None, "mentions": [{"start": 35, "stop": 42}]}]}
    html = str(marked_text(text, marks(rec)))
    assert strip(html).startswith("[b1:Полиция] Грузии") and "[b2:Полиция] [e1:МВД]" in strip(html)
    assert 'class="mk body" data-ref="b1" data-layer="body" title="body: полиция · Грузия"' in html
    assert 'title="body: полиция · Грузия (country from context)"' in html  # the second reference
    p = panel(rec)
    assert p["bodies"] == [{"ref": "b1", "name": "полиция", "country": "Грузия", "count": 2},
                           {"ref": "b2", "name": "полиция", "country": None, "count": 1}]
    assert p["entities"]["ORG"][0]["country"] == "Армения"


def test_a_body_of_a_city_is_marked_and_listed_with_its_place():
    text = "Мэр Вены выступил. Полиция Вены закрыла мост, полиция ищет свидетелей."
    rec = {"text": text,
           "entities": [{"id": "e1", "type": "LOC", "name": "Вена", "link": None,
                         "mentions": [{"start": 4, "stop": 8}, {"start": 27, "stop": 31}], "roles": []}],
           "bodies": [{"id": "b1", "name": "полиция", "country": None, "place": "e1",
                       "mentions": [{"start": 19, "stop": 26, "country_named": False,
                                     "noun": {"start": 19, "stop": 26}, "phrase": {"start": 19, "stop": 31}},
                                    {"start": 46, "stop": 53, "country_named": False,
                                     "noun": {"start": 46, "stop": 53}, "phrase": None}]}]}
    html = str(marked_text(text, marks(rec)))
    assert html.count('title="body: полиция · Вена"') == 2 and "country from context" not in html
    assert panel(rec)["bodies"] == [{"ref": "b1", "name": "полиция", "country": "Вена", "count": 2}]


@pytest.mark.parametrize("value, shown", [
    (26500000000, "26 500 000 000"), (11000, "11 000"), (135, "135"), (2.5, "2,5"), (1234.75, "1 234,75"),
    (26500000000.0, "26 500 000 000"), (0, "0"), (-3000, "-3 000"), ("n/a", "n/a"),
])
def test_fmt_number(value, shown):
    assert fmt_number(value) == shown


def test_highlighted_snippet():
    assert str(highlighted("<a> портфель вырос", [(4, 12)])) == "&lt;a&gt; <mark>портфель</mark> вырос"


def test_chart():
    svg = str(line_chart([("2024-02-01", 12.4e9, "USD"), ("2024", 13.9e9, "USD"), ("bad", 1, ""),
                          ("2025-03-01", 18.2e9, "USD <script>")], label="портфель"))
    assert svg.startswith("<svg") and svg.count('class="dot"') == 3
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "18,2 млрд" in svg
    assert "No dated values" in str(line_chart([("", 1, "")]))


def test_chart_date_labels_do_not_overlap():
    """Dates two days apart over a year: their labels were drawn over each other."""
    from svodka.web.chart import LABEL_GAP

    days = ["2024-02-01", "2024-04-01", "2024-09-01", "2024-09-09", "2024-11-01", "2025-03-01", "2025-03-03"]
    svg = str(line_chart([(d, i, "") for i, d in enumerate(days)]))
    labels = [(float(x), d) for x, d in re.findall(r'<text class="axis" x="([\d.]+)" y="[\d.]+" '
                                                   r'text-anchor="middle">([\d-]+)</text>', svg)]
    xs = [x for x, _ in labels]
    assert xs == sorted(xs) and all(b - a >= LABEL_GAP for a, b in zip(xs, xs[1:])), labels
    assert labels[0][1] == "2024-02-01" and labels[-1][1] == "2025-03-03"  # both ends
    assert "2025-03-01" not in {d for _, d in labels} and "2024-09-09" not in {d for _, d in labels}
    assert svg.count('class="dot"') == len(days)  # every value keeps its point


def test_panel_gives_each_topic_its_words():
    import svodka
    from svodka.web.render import panel

    rec = svodka.extract("Товарооборот двух стран вырос на 12%. Экспорт зерна удвоился.").to_dict()
    p = panel(rec)
    assert "trade" in p["topics"]
    assert p["topic_evidence"]["trade"] == "Товарооборот, Экспорт"

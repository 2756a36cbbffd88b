"""A small corpus for the store tests: short news texts written for these tests, with
hand-made records (spans found by anchor text), so that the store is tested apart from the
extraction quality.

What it holds: two articles a day apart on one set of talks (one story, two sources); the same
president named in full, by surname and by initial; two namesakes (a minister and a football
player called «Иван Петров»); a count of joint projects reported twice (one series).
"""

from __future__ import annotations

TEXTS = {
    "kz-talks-1": (
        "2024-03-04",
        "Путин и Токаев провели переговоры в Кремле\n"
        "Президент России Владимир Путин провёл в Кремле переговоры с президентом Казахстана "
        "Касым-Жомартом Токаевым. Стороны подписали соглашение о строительстве газопровода. "
        "«Мы намерены удвоить взаимную торговлю», — заявил Путин.",
    ),
    "kz-talks-2": (
        "2024-03-05",
        "Итоги переговоров в Москве\n"
        "В Москве завершились переговоры Владимира Путина и Касым-Жомарта Токаева. "
        "Россия и Казахстан реализуют 150 совместных проектов.",
    ),
    "scholz-call": (
        "2024-03-06",
        "Телефонный разговор с Берлином\n"
        "В. Путин провёл телефонный разговор с канцлером Германии Олафом Шольцем.",
    ),
    "petrov-minister": (
        "2024-06-10",
        "Урожай зерновых вырастет\n"
        "Министр сельского хозяйства Белоруссии Иван Петров заявил, что урожай зерновых "
        "в этом году превысит 9 млн тонн.",
    ),
    "petrov-football": (
        "2024-06-11",
        "«Спартак» обыграл соперника\nНападающий «Спартака» Иван Петров забил два гола в матче чемпионата.",
    ),
    "kz-projects": (
        "2024-09-01",
        "Совместные проекты\nРоссия и Казахстан реализуют уже 170 совместных проектов, сообщил Путин.",
    ),
    "kz-farming": (
        "2025-01-15",
        "Программа для аграриев\nПравительство Казахстана утвердило программу развития сельского хозяйства.",
    ),
}


class _Anchors:
    """Finds successive occurrences of anchor strings in one text."""

    def __init__(self, text: str):
        self.text = text
        self.after: dict[str, int] = {}

    def __call__(self, s: str) -> dict:
        i = self.text.find(s, self.after.get(s, 0))
        assert i >= 0, f"anchor {s!r} not in text"
        self.after[s] = i + 1
        return {"start": i, "stop": i + len(s)}


def record(doc_id: str, entities=(), figures=(), events=(), quotes=(), topics=()) -> dict:
    """entities: (eid, type, name, link, [mention anchors], [(title, of_eid, title anchor)])."""
    published, text = TEXTS[doc_id]
    a = _Anchors(text)
    ents = [
        {
            "id": eid,
            "type": t,
            "name": name,
            "link": link,
            "mentions": [a(m) for m in ms],
            "roles": [{"title": title, "of": of, **a(anchor)} for title, of, anchor in roles],
        }
        for eid, t, name, link, ms, roles in entities
    ]
    figs = [
        {
            "id": f"f{i}",
            "kind": kind,
            **a(anchor),
            "value": value,
            "unit": unit,
            "item": item,
            "approx": None,
            "total": None,
            "time": None,
        }
        for i, (kind, anchor, value, unit, item) in enumerate(figures, 1)
    ]
    evs = [
        {"id": f"v{i}", "type": t, **a(anchor), "args": args, "attrs": {}}
        for i, (t, anchor, args) in enumerate(events, 1)
    ]
    qs = [{"id": f"q{i}", **a(anchor), "speaker": who} for i, (anchor, who) in enumerate(quotes, 1)]
    return {
        "schema": "svodka/1",
        "id": doc_id,
        "text": text,
        "meta": {"title": None, "published": published, "source": "test", "url": None},
        "entities": ents,
        "figures": figs,
        "times": [],
        "quotes": qs,
        "events": evs,
        "topics": list(topics),
    }


RU = ("e1", "LOC", "Россия", "iso:RU")
KZ = ("e2", "LOC", "Казахстан", "iso:KZ")

RECORDS = [
    record(
        "kz-talks-1",
        entities=[
            (*RU, ["России"], []),
            (*KZ, ["Казахстана"], []),
            (
                "e3",
                "PER",
                "Владимир Путин",
                None,
                ["Путин", "Владимир Путин"],
                [("президент", "e1", "Президент")],
            ),
            (
                "e4",
                "PER",
                "Касым-Жомарт Токаев",
                None,
                ["Токаев", "Касым-Жомартом Токаевым"],
                [("президент", "e2", "президентом")],
            ),
            ("e5", "ORG", "Кремль", None, ["Кремле", "Кремле"], []),
        ],
        events=[
            ("talks", "переговоры", {"participants": ["e3", "e4"], "place": ["e5"]}),
            ("agreement", "подписали", {"parties": ["e3", "e4"]}),
            ("statement", "заявил", {"speaker": ["e3"]}),
        ],
        quotes=[("Мы намерены удвоить взаимную торговлю", "e3")],
        topics=["diplomacy", "energy", "trade"],
    ),
    record(
        "kz-talks-2",
        entities=[
            ("e1", "LOC", "Москва", None, ["Москве", "Москве"], []),
            ("e2", "PER", "Владимир Путин", None, ["Владимира Путина"], []),
            ("e3", "PER", "Касым-Жомарт Токаев", None, ["Касым-Жомарта Токаева"], []),
            ("e4", "LOC", "Россия", "iso:RU", ["Россия"], []),
            ("e5", "LOC", "Казахстан", "iso:KZ", ["Казахстан"], []),
        ],
        figures=[("count", "150", 150, None, "совместный проект")],
        events=[("talks", "переговоры", {"participants": ["e2", "e3"], "place": ["e1"]})],
        topics=["diplomacy"],
    ),
    record(
        "scholz-call",
        entities=[
            ("e1", "PER", "В. Путин", None, ["В. Путин"], []),
            ("e2", "LOC", "Германия", "iso:DE", ["Германии"], []),
            ("e3", "PER", "Олаф Шольц", None, ["Олафом Шольцем"], [("канцлер", "e2", "канцлером")]),
        ],
        events=[("talks", "телефонный разговор", {"participants": ["e1", "e3"]})],
        topics=["diplomacy"],
    ),
    record(
        "petrov-minister",
        entities=[
            ("e1", "LOC", "Белоруссия", "iso:BY", ["Белоруссии"], []),
            (
                "e2",
                "PER",
                "Иван Петров",
                None,
                ["Иван Петров"],
                [("министр сельского хозяйства", "e1", "Министр сельского хозяйства")],
            ),
        ],
        figures=[("measure", "9 млн тонн", 9000000, "тонна", "зерновые")],
        events=[("statement", "заявил", {"speaker": ["e2"]})],
        topics=["agriculture"],
    ),
    record(
        "petrov-football",
        entities=[
            ("e1", "ORG", "Спартак", None, ["Спартак", "Спартака"], []),
            ("e2", "PER", "Иван Петров", None, ["Иван Петров"], [("нападающий", "e1", "Нападающий")]),
        ],
        topics=["sports"],
    ),
    record(
        "kz-projects",
        entities=[
            ("e1", "LOC", "Россия", "iso:RU", ["Россия"], []),
            ("e2", "LOC", "Казахстан", "iso:KZ", ["Казахстан"], []),
            ("e3", "PER", "Путин", None, ["Путин"], []),
        ],
        figures=[("count", "170", 170, None, "совместный проект")],
        events=[("statement", "сообщил", {"speaker": ["e3"]})],
        topics=["investment"],
    ),
    record(
        "kz-farming",
        entities=[("e1", "LOC", "Казахстан", "iso:KZ", ["Казахстана"], [])],
        topics=["agriculture"],
    ),
]


def documents() -> list[dict]:
    """The texts as plain input documents (no records)."""
    return [{"id": k, "text": t, "published": p} for k, (p, t) in TEXTS.items()]

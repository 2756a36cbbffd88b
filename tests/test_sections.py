"""Long texts go through in sections: the merged record matches the one made in one piece."""

from __future__ import annotations

from svodka.pipeline import Pipeline
from svodka.sections import split_sections

PARAS = [
    "Президент Узбекистана Шавкат Мирзиёев прибыл в Пекин с государственным визитом.",
    "Стороны подписали 12 соглашений на сумму $5,4 млрд до конца 2026 года.",
    "«Мы открываем новую страницу сотрудничества», — сказал Шавкат Мирзиёев.",
    "Товарооборот между странами вырос на 15% и превысил 10 млрд долларов.",
    "Мирзиёев также встретился с председателем правительства Китая Ли Цяном.",
    "Узбекская сторона планирует до конца 2027 года построить в Ташкенте логистический центр.",
]
TEXT = "\n".join(PARAS * 3)


def test_split_sections_covers_the_text_at_line_breaks():
    parts = list(split_sections(TEXT, 300))
    assert "".join(chunk for _, chunk in parts) == TEXT
    assert all(TEXT[off:off + len(chunk)] == chunk for off, chunk in parts)
    assert all(chunk.endswith("\n") for _, chunk in parts[:-1])
    assert max(len(c) for _, c in parts) <= 300


def test_sectioned_record_matches_whole_record(nlp):
    whole = nlp(TEXT).record().to_dict()
    sectioned = Pipeline(section_chars=300)(TEXT).record().to_dict()

    def mentions(rec):
        return sorted((e["type"], e["name"], m["start"], m["stop"]) for e in rec["entities"] for m in e["mentions"])

    def figures(rec):
        return sorted((f["kind"], f["start"], f["stop"], f["value"], f["unit"]) for f in rec["figures"])

    assert mentions(sectioned) == mentions(whole)
    assert figures(sectioned) == figures(whole)
    assert [(t["start"], t["value"]) for t in sectioned["times"]] == [(t["start"], t["value"]) for t in whole["times"]]
    assert [(q["start"], q["stop"]) for q in sectioned["quotes"]] == [(q["start"], q["stop"]) for q in whole["quotes"]]
    # one entity per name across sections, as in the whole text
    assert sorted(e["name"] for e in sectioned["entities"]) == sorted(e["name"] for e in whole["entities"])
    ids = {e["id"] for e in sectioned["entities"]}
    assert all(x in ids for v in sectioned["events"] for xs in v["args"].values() for x in xs)

    # commitments: the same clauses and deadlines (their parties come from the context, which a
    # section of 300 characters cuts short), each party an entity of the merged record
    def commitments(rec):
        times = {t["id"]: t["value"] for t in rec["times"]}
        return [(c["start"], c["stop"], c["predicate"], times.get(c["deadline"])) for c in rec["commitments"]]

    assert len(commitments(whole)) == 3
    assert commitments(sectioned) == commitments(whole)
    assert all(p in ids for c in sectioned["commitments"] for p in c["parties"])

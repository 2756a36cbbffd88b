"""record.plain gives what dataclasses.asdict gives, key order included."""

from __future__ import annotations

import json
from collections import namedtuple
from dataclasses import asdict, dataclass, field

from svodka.record import Record, plain

Pair = namedtuple("Pair", "a b")


@dataclass
class Inner:
    x: int
    tags: set = field(default_factory=set)


@dataclass
class Outer:
    name: str
    items: list
    extra: dict
    pair: tuple
    flag: bool = False
    ratio: float | None = None


def test_plain_equals_asdict_on_mixed_values():
    obj = Outer("a", [Inner(1, {"x"}), [Inner(2)], "s", 3.5], {"k": [Inner(3)], 2: None},
                (Inner(4), Pair(Inner(5), "b")), True, 0.25)
    got, want = plain(obj), asdict(obj)
    assert got == want
    assert list(got) == list(want)
    assert type(got["pair"][1]) is Pair and got["pair"][1].a == {"x": 5, "tags": set()}
    assert got["items"][0]["tags"] is not obj.items[0].tags  # copied, as asdict copies


def test_record_dicts_unchanged(nlp):
    doc = nlp("Министр финансов России Антон Силуанов 3 марта 2024 года сообщил, что бюджет "
              "вырос на 5 %. «Мы выполним план», — сказал он.")
    rec = doc.record()
    want = asdict(rec)
    want = {"schema": want.pop("schema"), **want}
    got = rec.to_dict()
    assert json.dumps(got, ensure_ascii=False) == json.dumps(want, ensure_ascii=False)
    assert got["entities"] and got["times"] and got["figures"]
    assert Record.from_dict(got).to_dict() == got

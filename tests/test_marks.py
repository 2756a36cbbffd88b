"""Quotation marks and dashes have one home (svodka/marks.py): no other module writes its own
set or pairing of them, which is how the stages came to disagree on what a quotation mark is."""

from __future__ import annotations

import ast
from pathlib import Path

import svodka
from svodka import marks

SRC = Path(svodka.__file__).parent


def _literal_marks(node: ast.AST) -> set[str]:
    """The one-character strings «, », „ or an en or em dash that a dict, set or list literal
    holds, or a frozenset of a string of dashes."""
    if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "frozenset" and node.args \
            and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
        return set(node.args[0].value) & {"–", "—"}
    if isinstance(node, ast.Dict):
        elts = [*node.keys, *node.values]
    elif isinstance(node, (ast.Set, ast.List, ast.Tuple)):
        elts = node.elts
    else:
        return set()
    return {e.value for e in elts if isinstance(e, ast.Constant) and e.value in ("«", "»", "„", "–", "—")}


def test_quotation_marks_are_defined_in_marks_only():
    homes = sorted(
        str(p.relative_to(SRC))
        for p in SRC.rglob("*.py")
        if any(_literal_marks(n) for n in ast.walk(ast.parse(p.read_text(encoding="utf-8"))))
    )
    assert homes == ["marks.py"]


def test_the_sets_agree():
    assert frozenset('«„“"') == marks.OPENING and frozenset('»“”"') == marks.CLOSING
    assert all(marks.NAME_PAIRS[o] == c for o, c in marks.PAIRS.items())
    assert marks.OPENING | marks.CLOSING <= marks.ANY and "'" in marks.ANY


def test_wiki_markup_reads_as_quotation_marks_to_the_models():
    words = ["журнал", "'", "'", "Вечерний", "звон", "'", "'", "и", "Кот-д", "'", "Ивуар"]
    assert marks.read_marks(words) == ["журнал", '"', '"', "Вечерний", "звон", '"', '"', "и", "Кот-д", "'", "Ивуар"]
    assert marks.read_marks(["О", "'", "Нил"]) == ["О", "'", "Нил"]


def test_a_name_in_wiki_markup_is_found():
    import svodka

    for text in ("Редактор журнала ''Северный вестник'' Пётр Сомов ушёл в отставку.",
                 "Редактор журнала «Северный вестник» Пётр Сомов ушёл в отставку."):
        orgs = [e["name"] for e in svodka.extract(text).to_dict()["entities"] if e["type"] == "ORG"]
        assert any("Северный вестник" in n for n in orgs), (text, orgs)
    ents = [(e["type"], e["name"]) for e in svodka.extract("Посол Кот-д'Ивуара прибыл в Москву.").to_dict()["entities"]]
    assert any(t == "LOC" and n.startswith("Кот-д'Ивуар") for t, n in ents), ents  # one name still

"""write_json streams a record item by item: its JSON must be exactly Record.to_json()'s."""

from __future__ import annotations

import io

import pytest

from svodka import record
from svodka.pipeline import Pipeline

TEXTS = [
    "Президент Узбекистана Шавкат Мирзиёев прибыл в Пекин с государственным визитом. "
    "Стороны подписали 12 соглашений на сумму $5,4 млрд до конца 2026 года. "
    "«Мы открываем новую страницу сотрудничества», — сказал Шавкат Мирзиёев.",
    'Текст с "кавычками", обратной \\ чертой,\tтабуляцией и \x01 управляющим символом.\n\nВторой абзац.',
    "",  # no layers at all
]


@pytest.mark.parametrize("piece", [record.TEXT_PIECE, 7])
@pytest.mark.parametrize("text", TEXTS)
def test_write_json_is_to_json(nlp, monkeypatch, text, piece):
    monkeypatch.setattr(record, "TEXT_PIECE", piece)  # the text escaped in pieces joins up
    doc = nlp({"id": "d1", "text": text, "published": "2026-05-20", "title": "Заголовок"})
    out = io.StringIO()
    record.write_json(doc, out)
    assert out.getvalue() == doc.record().to_json()


def test_sectioned_doc_keeps_layers_not_tokens():
    text = "\n".join(["Министр финансов России Антон Силуанов заявил, что бюджет вырос на 5%."] * 8)
    doc = Pipeline(section_chars=200)(text)
    assert doc.tokens == [] and doc.figures and doc.entities
    assert all(doc.text[m.start:m.stop] == m.text for m in doc.mentions)
    out = io.StringIO()
    record.write_json(doc, out)
    assert out.getvalue() == doc.record().to_json()

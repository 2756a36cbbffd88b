"""Statement events: a speech predicate with its speaker (own sentences, tables)."""

from __future__ import annotations

import pytest

# (text, [(trigger, [speaker names])])
STATEMENTS = [
    ("Министр финансов Антон Силуанов заявил, что бюджет будет исполнен.", [("заявил", ["Антон Силуанов"])]),
    # a pronoun takes the last speaker
    ("Министр финансов Антон Силуанов заявил, что бюджет будет исполнен. Он также подчеркнул, "
     "что налоги не вырастут.", [("заявил", ["Антон Силуанов"]), ("подчеркнул", ["Антон Силуанов"])]),
    # attributions, opinions and negated speech are not statements
    ("По словам Антона Силуанова, бюджет будет исполнен. Силуанов считает, что налоги не вырастут. "
     "Силуанов не заявлял о повышении налогов.", []),
    # a passive with a country through its adjective
    ("Россия и Китай провели переговоры в Пекине. Российской стороной были озвучены предложения по торговле.",
     [("озвучены", ["Россия"])]),
    # unnamed speakers are left out
    ("Эксперты отметили рост цен.", []),
    # a gerund continuing the act is not a second statement
    ("Владимир Путин осудил решение, назвав его ошибкой.", [("осудил", ["Владимир Путин"])]),
    ("Глава МИД России Сергей Лавров ответил на вопрос журналистов, заявив, что диалог продолжится.",
     [("ответил", ["Сергей Лавров"])]),
    # a descriptor resolved to the person named before
    ("Премьер-министр Японии Наото Кан встретился с Дмитрием Медведевым. Японский премьер подчеркнул "
     "важность диалога.", [("подчеркнул", ["Наото Кан"])]),
    # joint speakers, a light verb with a speech noun
    ("Президент Казахстана Касым-Жомарт Токаев и президент Узбекистана Шавкат Мирзиёев сделали совместное "
     "заявление по итогам саммита.",
     [("сделали совместное заявление", ["Касым-Жомарт Токаев", "Шавкат Мирзиёев"])]),
    # a medium that reports facts itself
    ("Как пишет газета «Коммерсантъ», сделка будет закрыта в марте.", [("пишет", ["Коммерсантъ"])]),
]


@pytest.mark.parametrize("text,expected", STATEMENTS)
def test_statements(nlp, text, expected):
    doc = nlp(text)
    got = [(doc.text[e.start:e.stop], [s.name for s in e.args["speaker"]])
           for e in doc.events if e.type == "statement"]
    assert got == expected


def test_headline_repeat_is_one_event(nlp):
    text = ("Антон Силуанов заявил о сокращении дефицита бюджета\n\n"
            "Министр финансов Антон Силуанов заявил о сокращении дефицита бюджета в этом году.")
    doc = nlp(text)
    got = [doc.text[e.start:e.stop] for e in doc.events if e.type == "statement"]
    assert len(got) == 1 and doc.events[0].start > text.index("\n")

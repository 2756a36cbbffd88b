"""Quotes: direct speech in quotation marks and its speaker (own sentences, tables)."""

from __future__ import annotations

import pytest

from svodka.stages.quotes import mark_pairs

# (text, [(quoted words, speaker name or None)])
QUOTES = [
    ("«Мы готовы к диалогу с Токио», — сказал министр иностранных дел России Сергей Лавров.",
     [("Мы готовы к диалогу с Токио", "Сергей Лавров")]),
    ("Сергей Лавров заявил журналистам: «Мы готовы к диалогу с Японией».",
     [("Мы готовы к диалогу с Японией", "Сергей Лавров")]),
    # an attribution inside one pair of marks: the quote is everything between them
    ("«Экономика растёт, — заявил министр финансов Антон Силуанов. — Бюджет будет исполнен без дефицита».",
     [("Экономика растёт, — заявил министр финансов Антон Силуанов. — Бюджет будет исполнен без дефицита",
       "Антон Силуанов")]),
    ("По словам Эльвиры Набиуллиной, «инфляция замедлится к концу года».",
     [("инфляция замедлится к концу года", "Эльвира Набиуллина")]),
    # nested marks stay inside the quote
    ("«Проект стал «визитной карточкой» нашего сотрудничества», — отметил Михаил Мишустин.",
     [("Проект стал «визитной карточкой» нашего сотрудничества", "Михаил Мишустин")]),
    ('"Мы переходим к новой стадии проекта", — сказал Алексей Миллер.',
     [("Мы переходим к новой стадии проекта", "Алексей Миллер")]),
    ("„Переговоры прошли успешно“, — сообщил Дмитрий Песков.",
     [("Переговоры прошли успешно", "Дмитрий Песков")]),
    # across sentences
    ("«Цены стабилизировались. Мы ждём снижения инфляции. Ставка будет пересмотрена», — заявила "
     "Эльвира Набиуллина.",
     [("Цены стабилизировались. Мы ждём снижения инфляции. Ставка будет пересмотрена",
       "Эльвира Набиуллина")]),
    # names, terms and fragments without their own predicate are not quotes
    ("Компания «Газпром» увеличила добычу газа на месторождении «Южное».", []),
    ("Депутаты назвали решение «ошибкой», — сообщил Вячеслав Володин.", []),
    ("Владимир Путин отметил, что страны связывают «узы, которые прочнее любых расчётов».", []),
    # a quote nobody is said to utter
    ("На митинге несли плакаты «Мы за мир».", []),
]


@pytest.mark.parametrize("text,expected", QUOTES)
def test_quotes(nlp, text, expected):
    doc = nlp(text)
    got = [(doc.text[q.start:q.stop], q.speaker.name if q.speaker else None) for q in doc.quotes]
    assert got == expected


# (text, pairs of the outermost marks as (open, close) characters)
PAIRS = [
    ("«а «б» в»", [("«", "»")]),
    ('Он сказал: "Компания "Ромашка" растёт"', [('"', '"')]),
    ("«а»\n«б", [("«", "»")]),  # a mark left open at the end of a line pairs with nothing
    ("„а“ и “б”", [("„", "“"), ("“", "”")]),
]


@pytest.mark.parametrize("text,expected", PAIRS)
def test_mark_pairs(text, expected):
    pairs = mark_pairs(text)
    assert [(text[a], text[b]) for a, b in pairs] == expected
    if text.startswith('Он'):
        assert text[pairs[0][0] + 1:pairs[0][1]] == 'Компания "Ромашка" растёт'

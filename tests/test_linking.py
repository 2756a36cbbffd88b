"""Links: iso:XX for every UN member state, from any form of its name."""

from __future__ import annotations

import pytest
from razdel import tokenize

from svodka import lexicons
from svodka.names.gazetteer import find
from svodka.names.linking import country, link, lookup

FORMS = [
    # short names in any case
    ("Казахстан", "iso:KZ"), ("Казахстана", "iso:KZ"), ("Россией", "iso:RU"), ("Китае", "iso:CN"),
    ("Нидерландов", "iso:NL"), ("Германию", "iso:DE"), ("Белоруссии", "iso:BY"), ("Туркмении", "iso:TM"),
    ("Гвинеи-Бисау", "iso:GW"), ("Новой Зеландией", "iso:NZ"), ("Боснии и Герцеговине", "iso:BA"),
    ("Южной Кореи", "iso:KR"), ("Саудовскую Аравию", "iso:SA"), ("Кабо-Верде", "iso:CV"),
    # long names, with agreement
    ("Российской Федерации", "iso:RU"), ("Российской федерации", "iso:RU"),
    ("Республике Казахстан", "iso:KZ"),
    ("Соединённых Штатов Америки", "iso:US"), ("Соединенными Штатами", "iso:US"),
    ("Объединённых Арабских Эмиратов", "iso:AE"), ("Китайской Народной Республикой", "iso:CN"),
    ("Королевства Нидерландов", "iso:NL"), ("Федеративной Республике Германия", "iso:DE"),
    ("Корейской Народно-Демократической Республики", "iso:KP"), ("Южно-Африканской Республики", "iso:ZA"),
    # variants
    ("Беларусь", "iso:BY"), ("Кыргызстане", "iso:KG"), ("Молдовы", "iso:MD"), ("Голландии", "iso:NL"),
    # abbreviations
    ("РФ", "iso:RU"), ("РК", "iso:KZ"), ("США", "iso:US"), ("КНР", "iso:CN"), ("ФРГ", "iso:DE"),
    ("ОАЭ", "iso:AE"), ("КНДР", "iso:KP"), ("ЮАР", "iso:ZA"),
    # English names
    ("China", "iso:CN"), ("United States", "iso:US"), ("Japan", "iso:JP"),
]

NOT_STATES = ["Москва", "СССР", "Советского Союза", "Южной Осетии", "Татарстана", "Европы", "Америки",
              "ООН", "рф", "казахстан", "Республика"]


@pytest.mark.parametrize(("text", "iso"), FORMS)
def test_forms_of_a_country_link_to_its_code(text, iso):
    assert link(text) == iso


@pytest.mark.parametrize("text", NOT_STATES)
def test_other_names_have_no_link(text):
    assert link(text) is None


def test_every_un_member_state_is_in_the_lexicon():
    rows = lexicons.load("countries")
    codes = [r[0] for r in rows]
    assert len(codes) == 193 and len(set(codes)) == 193
    assert all(len(c) == 2 and c.isupper() for c in codes)


def test_every_name_of_the_lexicon_links_to_its_own_code():
    wrong = []
    for row in lexicons.load("countries"):
        row = (*row, "", "", "", "")
        names = [row[1], *[n for f in row[2:5] for n in f.split(";") if n.strip()]]
        wrong += [(row[0], n) for n in names if link(n.strip()) != f"iso:{row[0]}"]
    assert wrong == []


def test_country_gives_the_short_common_name():
    assert country("kz").name == "Казахстан" and country("RU").name == "Россия"
    assert country("US").name == "США" and country("NL").name == "Нидерланды"


def test_organisation_abbreviations_are_organisations_without_link():
    e = lookup("ЕАЭС")
    assert e is not None and e.type == "ORG" and e.link is None
    assert lookup("МИДа").key == "org:МИД"
    assert lookup("Евразийского экономического союза").key == "org:ЕАЭС"


def test_gazetteer_takes_the_longest_name_and_needs_a_capital():
    text = "в Соединённых Штатах Америки и в республике Казахстан, но не в казахстан"
    words = [t.text for t in tokenize(text)]
    found = [(" ".join(words[m.start:m.stop]), m.entry.key) for m in find(words)]
    assert found == [("Соединённых Штатах Америки", "iso:US"), ("Казахстан", "iso:KZ")]


def test_a_common_word_at_a_sentence_start_is_no_country():
    words = [t.text for t in tokenize("Того же мнения придерживается Того")]
    assert [(m.start, m.entry.key) for m in find(words, frozenset({0}))] == [(4, "iso:TG")]


def _find_word_by_word(words, sent_start=frozenset()):
    """find as one step per word: what its pass over the candidate starts must agree with."""
    from svodka.names import gazetteer as g
    idx, abbrs, out, i = g.index(), g.abbreviations(), [], 0
    while i < len(words):
        w = words[i]
        hit = next((f for f in idx.get(g.key(w), ()) if g._fits(words, i, f)), None)
        if hit and len(hit.keys) == 1 and i in sent_start and not hit.exact and g._ambiguous_start(w):
            hit = None
        if hit is not None:
            skip = g._state_form_head(words, i, hit) if hit.entry.type == "LOC" and len(hit.keys) > 1 else 0
            out.append((i + skip, i + len(hit.keys), hit.entry.key, hit.abbr))
            i += len(hit.keys)
            continue
        m = g.ABBR_ENDING.match(w) if w[:1].isupper() else None
        if m and m.group(1) in abbrs and abbrs[m.group(1)].type == "ORG":
            out.append((i, i + 1, abbrs[m.group(1)].key, True))
        i += 1
    return out


@pytest.mark.parametrize("text", [
    "Того же мнения придерживается Того. Представитель МИДа Японии и ЕАЭСом ответил, что в РФ и РК "
    "и в Республике Казахстан, Арабской Республике Египет, Соединённых Штатах Америки всё спокойно.",
    "Делегация ООНа, США США, Российской Федерации Российской федерации, ФРГ Федеративной Республики "
    "Германия и МИДе встретилась в Кабо-Верде; China и United States тоже.",
])
def test_gazetteer_finds_what_a_word_by_word_pass_finds(text):
    words = [t.text for t in tokenize(text)]
    starts = frozenset({0, 5})
    got = [(m.start, m.stop, m.entry.key, m.abbr) for m in find(words, starts)]
    assert got == _find_word_by_word(words, starts)
    assert len(got) >= 8

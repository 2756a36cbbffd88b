"""Names in the nominative: persons, and organisation/place/facility names with agreement."""

from __future__ import annotations

import pytest

from svodka.names.forms import declensions, key, restore
from svodka.names.normal import person, phrase

PERSONS = [
    (["Касым-Жомартом", "Токаевым"], "Касым-Жомарт Токаев"),
    (["Шавкатом", "Мирзиёевым"], "Шавкат Мирзиёев"),
    (["Михаила", "Мишустина"], "Михаил Мишустин"),
    (["Владимиром", "Владимировичем", "Путиным"], "Владимир Владимирович Путин"),
    (["Марии", "Захаровой"], "Мария Захарова"),
    (["Ильхама", "Алиева"], "Ильхам Алиев"),
    (["Нурсултана", "Назарбаева"], "Нурсултан Назарбаев"),
    (["Эммануэлем", "Макроном"], "Эммануэль Макрон"),
    (["Ангелы", "Меркель"], "Ангела Меркель"),     # indeclinable surname
    (["Петра", "Порошенко"], "Петр Порошенко"),    # indeclinable surname
    (["Эндой", "Кенни"], "Энда Кенни"),
    (["Си", "Цзиньпином"], "Си Цзиньпин"),
    (["Сейдзи", "Маэхара"], "Сейдзи Маэхара"),     # foreign, indeclinable
    (["Александр", "Озерец"], "Александр Озерец"),  # unknown to the dictionary
    (["Обамы"], "Обама"),
    (["Кана"], "Кан"),
    (["Тимура"], "Тимур"),
    (["Шаймиевых"], "Шаймиевы"),                  # a plural surname stays plural
    (["Петровым"], "Петров"),
    (["Джанет", "Йеллен"], "Джанет Йеллен"),      # a feminine foreign surname
    (["Токаев"], "Токаев"),                       # not the plural of «токай»
    (["Реджепом", "Тайипом", "Эрдоганом"], "Реджеп Тайип Эрдоган"),
]


@pytest.mark.parametrize(("words", "name"), PERSONS)
def test_person_names_in_the_nominative(words, name):
    assert person(words).full == name


def test_person_parts():
    n = person(["Касым-Жомартом", "Токаевым"])
    assert (n.first, n.middle, n.last) == ("Касым-Жомарт", None, "Токаев")
    assert "токаев" in n.last_forms
    assert person(["Тимура"]).first == "Тимур" and person(["Тимура"]).last is None
    assert person(["Иванова", "Анна"]).full == "Анна Иванова"  # «Фамилия Имя» → «Имя Фамилия»
    assert person(["А", ".", "Кудрин"]).initial


PHRASES = [
    ("Евразийского банка развития", "Евразийский банк развития"),
    ("Высшего Евразийского экономического совета", "Высший Евразийский экономический совет"),
    ("ЕАБР", "ЕАБР"),
    ("Международного валютного фонда", "Международный валютный фонд"),
    ("Верховной Рады", "Верховная Рада"),
    ("Высоком суде", "Высокий суд"),
    ("Организации Объединенных Наций", "Организация Объединенных Наций"),
    ("Федеральной службы по надзору в сфере связи", "Федеральная служба по надзору в сфере связи"),
    ("Северо-Кавказском федеральном округе", "Северо-Кавказский федеральный округ"),
    ("Южными Курилами", "Южные Курилы"),
    ("Курил", "Курилы"),
    ("Черного моря", "Черное море"),
    ("Белым домом", "Белый дом"),
    ("Большой восьмерки", "Большая восьмерка"),
    ("Единой России", "Единая Россия"),
    ("Южного потока", "Южный поток"),
    ("1-го Украинского фронта", "1-й Украинский фронт"),
    ("1-й армии", "1-я армия"),
    ("Арлингтонском кладбище", "Арлингтонское кладбище"),
    ("Нью-Йорке", "Нью-Йорк"),
    ("Нидерландов", "Нидерланды"),
    ("Эльбе", "Эльба"),
    ("Москву", "Москва"),
    ("МИДа", "МИД"),
    ("Минфине", "Минфин"),
    ("Промышленный и коммерческий банк Китая", "Промышленный и коммерческий банк Китая"),
    ("Казахстан – Туркменистан – Иран", "Казахстан – Туркменистан – Иран"),
    ("Русская", "Русская"),
    ("Bank of East Asia", "Bank of East Asia"),
    ("Торгау", "Торгау"),
]


@pytest.mark.parametrize(("text", "name"), PHRASES)
def test_names_in_the_nominative_with_agreement(text, name):
    assert " ".join(phrase(text.split())) == name


DECLENSIONS = [
    ("Российская Федерация", ["российской федерации", "российскую федерацию", "российской федерацией"]),
    ("Соединённые Штаты Америки", ["соединенных штатов америки", "соединенным штатам америки"]),
    ("Босния и Герцеговина", ["боснии и герцеговины", "боснию и герцеговину"]),
    ("Королевство Нидерландов", ["королевства нидерландов", "королевстве нидерландов"]),
    ("Белый дом", ["белого дома", "белым домом"]),
    ("Евразийский банк развития", ["евразийского банка развития", "евразийский банк развития"]),
]


@pytest.mark.parametrize(("name", "forms"), DECLENSIONS)
def test_lexicon_names_are_declined_with_agreement(name, forms):
    got = {" ".join(f) for f in declensions(name)}
    assert set(forms) <= got
    assert "российский федерацию" not in got and "белого дом" not in got


@pytest.mark.parametrize(("orig", "new", "out"), [
    ("Мирзиёевым", "мирзиёев", "Мирзиёев"), ("МИДа", "мид", "МИД"), ("Москву", "москва", "Москва"),
    ("Северо-Кавказском", "северо-кавказский", "Северо-Кавказский"),
])
def test_restore_keeps_the_spelling_of_the_text(orig, new, out):
    assert restore(orig, new) == out


@pytest.mark.parametrize("word", ["Кэмплин", "Гэтлин", "Дэвлин"])
def test_a_surname_without_a_plural_ending_stays_singular(word):
    # pymorphy3 offers the genitive plural of a feminine name («Кэмплина»); the written word,
    # with no plural ending, is one person's surname
    n = person([word])
    assert not n.plural and word in (n.first, n.last)


@pytest.mark.parametrize("word, name", [("Шаймиевых", "Шаймиевы"), ("Ивановыми", "Ивановы")])
def test_a_family_by_its_plural_surname(word, name):
    n = person([word])
    assert n.plural and name in (n.first, n.last)


def test_inflect_to_the_form_a_word_is_in_gives_the_word():
    """inflect(closest=True) skips the lexeme for a word already in the form asked: the answer is
    the one the lexeme gives (the nearest form with the best-fitting tag)."""
    from svodka.names import forms
    from svodka.stages.morph import parses

    checked = 0
    for word in ("Алексей", "Петрова", "Сергеевич", "Новиков", "Ольга", "Москва", "министр", "Якутия"):
        for p in parses(word):
            if "nomn" in p.tag and p.word == word.lower() and p.tag.POS == "NOUN":
                assert forms.inflect(word, p, {"nomn"}, closest=True) == word == _through_lexeme(word, p, {"nomn"})
                checked += 1
    assert checked >= 8


def _through_lexeme(word, p, grammemes, closest=True):
    """inflect's answer the long way: pymorphy3's own `inflect` and `lexeme`, Parse objects."""
    from svodka.names import forms

    form = p.inflect(set(grammemes))
    if form is None:
        return None
    if not closest:
        return forms.restore(word, form.word)
    same = [f.word for f in p.lexeme if f.tag == form.tag]
    return forms.restore(word, max(same, key=lambda w: (forms._common(w, word.lower()), w == form.word)))


def test_inflect_reads_a_dictionary_word_from_its_paradigm_as_its_lexeme_gives():
    """morph reads the forms of a word the dictionary knows from its paradigm, without
    pymorphy3's Parse objects; every answer is the one pymorphy3's own `lexeme` and `inflect`
    give, in every reading, for known and unknown words (those go through the lexeme)."""
    from razdel import tokenize

    from svodka.names import forms
    from svodka.stages.morph import inflected, lexeme_forms, parses

    text = ("Вчера вечером Ивану Сидоренко и Ольге Кравцовой вручили дипломы в Северо-Кавказском "
            "федеральном университете; заместителя ректора Пападакиса поздравили коллеги из "
            "Нижнего Новгорода, а студентки Шаймиевы спели в актовом зале.")
    wants = ({"nomn"}, {"nomn", "sing"}, {"nomn", "plur"}, {"gent"}, {"loc2"}, {"nomn", "sing", "femn"})
    seen = {"dictionary": 0, "other": 0}
    for t in tokenize(text):
        for p in parses(t.text):
            kind = "dictionary" if type(p.methods_stack[0][0]).__name__ == "DictionaryAnalyzer" \
                and len(p.methods_stack) == 1 else "other"
            seen[kind] += 1
            assert [(f.word, f.tag) for f in lexeme_forms(p)] == [(f.word, f.tag) for f in p.lexeme]
            for g in wants:
                for closest in (True, False):
                    assert forms.inflect(t.text, p, g, closest) == _through_lexeme(t.text, p, g, closest)
                want = p.inflect(set(g))
                got = inflected(p, frozenset(g))
                assert (got.word, got.tag) == (want.word, want.tag) if want is not None else got is None
    assert seen["dictionary"] > 50 and seen["other"] > 3


@pytest.mark.parametrize("word, folded", [
    ("Мишень", "мишень"),  # nothing to fold: only lower case
    ("Ёлкин", "елкин"),
    ("Соловьёв", "соловьев"),
    ("Сан‑Франциско", "сан-франциско"),  # a non-breaking hyphen
    ("Коста—Рика", "коста-рика"),
    ("Кот-д’Ивуар", "кот-д'ивуар"),
    ("O`Neil", "o'neil"),
])
def test_key_folds_case_yo_dashes_and_apostrophes(word, folded):
    assert key(word) == folded
    assert key(word) == folded  # a second time, from the table


def test_a_capital_first_letter_makes_no_lower_case_word():
    # names.mentions passes over the words that str.islower accepts before asking for a capital
    import sys
    capitals = [c for c in map(chr, range(sys.maxunicode + 1)) if c.isupper()]
    assert len(capitals) > 1000
    assert not any((c + "ов").islower() or c.islower() for c in capitals)


def test_tag_facts_read_as_the_tag_answers():
    from svodka import models
    from svodka.names import normal
    tags = list(models.morph().dictionary.gramtab)
    assert len(tags) > 100
    for tag in tags:
        person_tag = any(t in tag for t in normal.PERSON_TAGS)
        gender = normal._gender(tag) if person_tag else None
        assert normal._tag_facts(tag) == ("Fixd" in tag, person_tag, "anim" in tag, tag.case, tag.number,
                                          gender if gender in ("masc", "femn") else None)

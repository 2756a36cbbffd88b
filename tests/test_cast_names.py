"""A person's or organisation's name from all its mentions, and its links across articles.

Sentences are our own."""

from __future__ import annotations

import pytest

import svodka
from svodka.names.normal import person
from svodka.store import open_store


@pytest.fixture(scope="module")
def nlp():
    return svodka.Pipeline(("segment", "morph", "ner", "syntax", "entities"))


def people(nlp, text):
    return {e.name: [(m.text, m.normal) for m in e.mentions] for e in nlp(text).entities if e.type == "PER"}


def test_declined_foreign_name_and_its_surname_are_one_person(nlp):
    got = people(nlp, "Переговоры с комиссаром Йоргосом Пападакисом прошли в Афинах. "
                      "Пападакис ответил на вопросы журналистов. Позже Пападакиса видели в порту.")
    assert list(got) == ["Йоргос Пападакис"]
    assert [n for _, n in got["Йоргос Пападакис"]] == ["Йоргос Пападакис", "Пападакис", "Пападакис"]


def test_surname_that_pymorphy_reads_as_a_first_name_joins_its_person(nlp):
    got = people(nlp, "Премьер Борис Джонсон прилетел в Оттаву. Джонсон провёл там два дня. "
                      "Бориса встретили министры.")
    assert list(got) == ["Борис Джонсон"]
    assert got["Борис Джонсон"] == [("Борис Джонсон", "Борис Джонсон"), ("Джонсон", "Джонсон"),
                                    ("Бориса", "Борис")]


def test_surname_pymorphy_reads_as_a_plural_first_name_joins_its_person(nlp):
    # alone, «Кэмплин» reads as a plural of a first name; written as the surname it is one person
    got = people(nlp, "Инженер Марк Кэмплин прилетел в Казань. «Мы построим здесь цех», — сказал Кэмплин.")
    assert list(got) == ["Марк Кэмплин"]


def test_nominative_in_the_text_beats_an_inflected_guess(nlp):
    # pymorphy3 knows «Асия» only as a form of the masculine «Асий»; the verb says feminine,
    # and the other forms agree on the nominative that the text writes
    got = people(nlp, "Суд оправдал Асию Нуриеву. Асия Нуриева покинула зал суда. "
                      "Об Асии Нуриевой писали газеты.")
    assert list(got) == ["Асия Нуриева"]
    assert {n for _, n in got["Асия Нуриева"]} == {"Асия Нуриева"}


def test_unknown_masculine_surname_by_its_declension_pattern():
    assert person(["Доминика", "Рааба"]).full == "Доминик Рааб"
    assert person(["Уильяме", "Тафте"]).full == "Уильям Тафт"
    assert person(["Майка", "Пенса"]).full == "Майк Пенс"
    # a woman's foreign surname ending in a consonant does not decline
    assert person(["Анджелой", "Меркель"]).full == "Анджела Меркель"


def test_feminine_reading_by_the_declension_pattern():
    assert person(["Асию"], "femn").parts[0][1] == "Асия"
    assert person(["Асии", "Нуриевой"], "femn").full == "Асия Нуриева"


def test_organisation_short_form_joins_its_full_form(nlp):
    doc = nlp("Заявление сделал МИД Грузии. Позже МИД уточнил детали.")
    orgs = [e for e in doc.entities if e.type == "ORG"]
    assert len(orgs) == 1 and [m.text for m in orgs[0].mentions] == ["МИД", "МИД"]
    assert [m.normal for e in doc.entities for m in e.mentions if e.type == "LOC"] == ["Грузия"]


def test_mention_normal_is_its_own_nominative(nlp):
    doc = nlp("Делегация Соединённых Штатов прибыла в Берлин. Визит в Соединённые Штаты отложен.")
    usa = next(e for e in doc.entities if e.link == "iso:US")
    assert [m.normal for m in usa.mentions] == ["Соединённые Штаты", "Соединённые Штаты"]


def _record(doc_id: str, name: str, text: str) -> dict:
    return {"id": doc_id, "text": text,
            "entities": [{"id": "e1", "type": "ORG", "name": name, "link": None,
                          "mentions": [{"start": 0, "stop": len(name)}]}]}


def test_abbreviation_and_full_name_link_across_articles(tmp_path):
    store = open_store(str(tmp_path / "x.db"))
    store.add_records([
        _record("a", "Министерство внутренних дел", "Министерство внутренних дел сообщило о задержании."),
        _record("b", "МВД", "МВД сообщило о задержании."),
        _record("c", "Московский государственный университет", "Московский государственный университет открыт."),
        _record("d", "ООН", "ООН призвала к перемирию."),
        _record("e", "Организация Объединённых Наций", "Организация Объединённых Наций призвала к миру."),
    ])
    canon = dict(store._rows("SELECT doc_id, canon_id FROM entities"))
    store.close()
    assert canon["a"] == canon["b"]
    assert canon["c"] != canon["a"]
    assert canon["d"] == canon["e"]


def _person_record(doc_id: str, name: str) -> dict:
    text = f"{name} выступил с речью."
    return {"id": doc_id, "text": text,
            "entities": [{"id": "e1", "type": "PER", "name": name, "link": None,
                          "mentions": [{"start": 0, "stop": len(name)}]}]}


def test_surname_seen_first_joins_the_full_name_that_comes_later(tmp_path):
    store = open_store(str(tmp_path / "x.db"))
    store.add_records([_person_record("a", "Нуриев"), _person_record("b", "Тагир Нуриев"),
                       _person_record("c", "Т. Р. Нуриев"), _person_record("d", "Тагир Нуриев"),
                       _person_record("e", "Ильдар Сафин"), _person_record("f", "Сафин"),
                       _person_record("g", "Рустем Сафин")])
    canon = dict(store._rows("SELECT doc_id, canon_id FROM entities"))
    store.close()
    assert canon["a"] == canon["b"] == canon["c"] == canon["d"]
    # the surname alone joins the one full name known then; another first name is another person
    assert canon["e"] != canon["g"] and canon["f"] == canon["e"]


def test_one_word_place_by_the_form_the_text_writes(nlp):
    # pymorphy3 guesses «Невад» for every form; the text writes «Невада», whose cases the others are
    doc = nlp("Губернатор Невады выступил. В Неваде прошли выборы. Невада голосует за кандидата.")
    places = [e for e in doc.entities if e.type == "LOC"]
    assert [e.name for e in places] == ["Невада"]
    assert {m.normal for m in places[0].mentions} == {"Невада"}
    # a dictionary word keeps its lemma: «Татарстана», «Татарстане» → «Татарстан»
    doc = nlp("Президент Татарстана выступил. В Татарстане прошли выборы.")
    assert [e.name for e in doc.entities if e.type == "LOC"] == ["Татарстан"]


def test_full_name_with_and_without_patronymic_link_across_articles(tmp_path):
    store = open_store(str(tmp_path / "x.db"))
    store.add_records([_person_record("a", "Тагир Рустамович Нуриев"), _person_record("b", "Тагир Нуриев"),
                       _person_record("c", "Джон Уокер Смит"), _person_record("d", "Джон Смит")])
    canon = dict(store._rows("SELECT doc_id, canon_id FROM entities"))
    store.close()
    assert canon["a"] == canon["b"]
    assert canon["c"] != canon["d"]  # a middle name that is no patronymic may be another person's

"""The cast: pronouns, descriptors and the country in focus, on hand-marked mentions."""

from __future__ import annotations

import pytest

import svodka
from svodka.stages.cast import cast_of
from test_roles import marked


@pytest.fixture(scope="module")
def parse():
    return svodka.Pipeline(("segment", "morph", "syntax"))


def token(doc, word: str, nth: int = 0):
    return [t for t in doc.tokens if t.text == word][nth]


def person(doc, name: str):
    return next(e for e in doc.entities if e.name == name)


def test_pronoun_goes_to_the_person_of_its_gender(parse):
    doc = marked(parse, "[PER Иван Петров|Петров] встретился с [PER Анной Волковой|Волкова]. "
                        "Она рассказала о планах.")
    cast = cast_of(doc)
    assert cast.recent(token(doc, "Она"), ("PER",), "femn") is person(doc, "Волкова")
    assert cast.recent(token(doc, "Она"), ("PER",), "masc") is person(doc, "Петров")


def test_pronoun_prefers_the_subject(parse):
    doc = marked(parse, "[PER Сергей Орлов|Орлов] встретился с [PER Павлом Гусевым|Гусев]. "
                        "По его словам, работа закончена.")
    assert cast_of(doc).recent(token(doc, "его"), ("PER",), "masc") is person(doc, "Орлов")


def test_descriptor_needs_one_person_in_reach(parse):
    one = marked(parse, "[PER Сергей Орлов|Орлов] прилетел в столицу. Дипломат провёл встречи.")
    assert cast_of(one).descriptor(token(one, "Дипломат")) is person(one, "Орлов")
    two = marked(parse, "[PER Сергей Орлов|Орлов] и [PER Павел Гусев|Гусев] прилетели. Дипломат провёл встречи.")
    assert cast_of(two).descriptor(token(two, "Дипломат")) is None


def test_descriptor_by_role(parse):
    doc = marked(parse, "Министр финансов [PER Олег Котов|Котов] встретился с журналистом "
                        "[PER Глебом Носовым|Носов]. Министр рассказал о бюджете.")
    assert cast_of(doc).by_role("министр", token(doc, "Министр", 1).start) is person(doc, "Котов")


def test_body_descriptor_goes_to_the_last_body(parse):
    doc = marked(parse, "[ORG Минфин] подготовил проект. Ведомство опубликует его завтра.")
    assert cast_of(doc).recent(token(doc, "Ведомство"), ("ORG",)) is person(doc, "Минфин")


def test_country_in_focus_and_a_body_of_its_own(parse):
    doc = marked(parse, "[ORG МВД] [LOC Японии|Япония] сообщило о задержании. Позже в [LOC Казахстане|Казахстан] "
                        "прошли выборы. Президент страны выступил.")
    cast = cast_of(doc)
    assert cast.body_country(person(doc, "МВД")) is person(doc, "Япония")
    assert cast.focus_country(token(doc, "Президент").start) is person(doc, "Казахстан")
    assert cast.focus_country(token(doc, "сообщило").start) is person(doc, "Япония")
    assert cast.focus_country(0) is None


def test_nearest_person_for_event_pronouns(parse):
    doc = marked(parse, "[PER Сергей Орлов|Орлов] прилетел в [LOC Казахстан]. Он провёл переговоры.")
    assert cast_of(doc).nearest(token(doc, "Он")) is person(doc, "Орлов")
    assert cast_of(doc).nearest(token(doc, "Он"), ("LOC",)) is person(doc, "Казахстан")


def test_the_cast_stage_runs_in_the_pipeline():
    doc = svodka.Pipeline()("Министр финансов Олег Котов прилетел в Астану. Он провёл переговоры.")
    assert doc.cast is not None
    assert cast_of(doc) is doc.cast


def test_prominent_person_among_several_in_reach(parse):
    doc = marked(parse, "[PER Павел Громов|Громов] отметил юбилей. [PER Громов] сыграет в пьесе "
                        "[PER Анны Лебедевой|Лебедева] и [PER Ивана Сомова|Сомов]. Юбиляр доволен.")
    cast = cast_of(doc)
    assert cast.descriptor(token(doc, "Юбиляр")) is None  # several persons in reach
    assert cast.prominent(token(doc, "Юбиляр"), "masc") is person(doc, "Громов")
    assert cast.prominent(token(doc, "Юбиляр"), "femn") is person(doc, "Лебедева")


def test_pronoun_after_an_unnamed_speaker(parse):
    doc = marked(parse, "[PER Сергей Орлов|Орлов] уехал. Его помощник сказал, что всё хорошо. Он добавил подробности.")
    cast = cast_of(doc)
    he = token(doc, "Он")
    said = token(doc, "сказал").start
    assert cast.recent(he, ("PER",), "masc") is person(doc, "Орлов")
    # the помощник spoke after Орлов was named: «он» is the помощник, whom the text does not name
    assert cast.recent(he, ("PER",), "masc", [(said, [])]) is None

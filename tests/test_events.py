"""Visit, talks and agreement events on our own sentences (statements are tested elsewhere)."""

from __future__ import annotations

import pytest

KINDS = ("visit", "talks", "agreement")


def key(name: str) -> str:
    """Names are compared by the stem of their last word: the entities layer normalises them."""
    return name.split()[-1][:5]


def events(doc):
    """(type, {role: sorted name keys}, kind) for the non-statement events, in text order."""
    out = []
    for e in doc.events:
        if e.type in KINDS:
            args = {r: sorted(key(x.name) for x in v) for r, v in e.args.items() if v}
            out.append((e.type, args, e.attrs.get("kind")))
    return out


def expect(rows):
    return [(t, {r: sorted(key(n) for n in v) for r, v in args.items()}, k) for t, args, k in rows]


CASES = [
    # collective and plural subjects stand for the states in their genitive, coordination kept
    ("Министры сельского хозяйства Сербии и Венгрии провели переговоры в Будапеште. "
     "Стороны подписали протокол о поставках зерна.",
     [("talks", {"participants": ["Сербия", "Венгрия"], "place": ["Будапешт"]}, None),
      ("agreement", {"parties": ["Сербия", "Венгрия"]}, None)]),
    ("Правительства Армении и Ирана подписали соглашение о строительстве моста.",
     [("agreement", {"parties": ["Армения", "Иран"]}, None)]),
    ("Делегации Монголии и Японии провели переговоры в Токио.",
     [("talks", {"participants": ["Монголия", "Япония"], "place": ["Токио"]}, None)]),
    # a reception is a meeting, with a person as the guest
    ("Губернатор области Сергей Морозов принял в Самаре главу госкорпорации Алексея Лихачёва.",
     [("talks", {"participants": ["Сергей Морозов", "Алексей Лихачёв"], "place": ["Самара"]}, None)]),
    ("Городская дума приняла бюджет на следующий год.", []),
    # a plant that agrees acts as a company
    ("Череповецкий завод «Азот» и Новгородский комбинат «Акрон» договорились о поставках сырья.",
     [("agreement", {"parties": ["Азот", "Акрон"]}, None)]),
    # deals reached: purchases, sales, mergers, loans given; the companies are the parties
    ("Холдинг «Северсталь» купил 30% акций компании «Полюс».",
     [("agreement", {"parties": ["Северсталь", "Полюс"]}, None)]),
    ("Банк «Открытие» подписал соглашение о покупке доли в компании «Росгосстрах».",
     [("agreement", {"parties": ["Открытие", "Росгосстрах"]}, None)]),
    ("Казахстан предоставил Киргизии кредит на 100 млн долларов.",
     [("agreement", {"parties": ["Казахстан", "Киргизия"]}, None)]),
    # a planned purchase is not a deal, nor is money given as a speech
    ("Компания «Яндекс» планирует купить акции компании «Озон».", []),
    ("Министр дал интервью агентству ТАСС.", []),
    # the buyer is not the medium that reports the deal, though the parser leaves the verb
    # without a subject
    ("Как сообщает газета «Ведомости», Baring Vostok, принадлежащий Михаилу Фридману и Петру Авену, "
     "приобрел ещё 7% акций Twitter.",
     [("agreement", {"parties": ["Baring Vostok", "Twitter"]}, None)]),
    # an agreement scheduled as fact is one (spec), a planned one or one that would be easier
    # to reach is not
    ("Казахстан и Узбекистан подпишут соглашение о транзите газа.",
     [("agreement", {"parties": ["Казахстан", "Узбекистан"]}, None)]),
    ("Казахстан и Узбекистан будут подписывать такое соглашение каждый год.",
     [("agreement", {"parties": ["Казахстан", "Узбекистан"]}, None)]),
    ("Министр планирует подписать соглашение с Арменией.", []),
    ("После реформы компании «Заря» будет легче договориться с банком «Восток».", []),
    ("Компания «Заря» смогла договориться с банком «Восток» о кредите.",
     [("agreement", {"parties": ["Заря", "Восток"]}, None)]),
    # a passive signing names the counterparty; the signer is the one told before, and the
    # name after «чемпионом мира» is the counterparty even when the parser hangs it elsewhere
    ("Директор клуба Иван Сидоров подписал два контракта. Один контракт был подписан с "
     "призёром олимпиады Олегом Смирновым. Ещё один контракт был подписан с чемпионом мира "
     "Петром Волковым.",
     [("agreement", {"parties": ["Иван Сидоров", "Олег Смирнов"]}, None),
      ("agreement", {"parties": ["Иван Сидоров", "Петр Волков"]}, None)]),
    ("Банк «Восток» подписал соглашение с Минфином. Соглашение было подписано с банком «Заря» в марте.",
     [("agreement", {"parties": ["Восток", "Минфин"]}, None),
      ("agreement", {"parties": ["Восток", "Заря"]}, None)]),
    # names coordinated after their kind, a bare instrumental agent, the seller after «у»
    ("Подписанное компаниями «Заря» и «Восток» соглашение вступило в силу.",
     [("agreement", {"parties": ["Заря", "Восток"]}, None)]),
    ("Контракт с компанией Boeing был заключён авиакомпанией «Аэрофлот».",
     [("agreement", {"parties": ["Аэрофлот", "Boeing"]}, None)]),
    ("Компания «Норникель» выкупила у банка «Открытие» пакет своих акций.",
     [("agreement", {"parties": ["Норникель", "Открытие"]}, None)]),
    # a source clause with no comma to end it keeps its subject; a name after a noun that is
    # not a person's is no apposition («решения Петров и Смирнов … принимали»)
    ("Как сообщается Иван Петров прилетел в Казахстан из Германии на встречу с друзьями.",
     [("visit", {"visitor": ["Иван Петров"], "place": ["Казахстан"]}, None)]),
    ("Такие решения Петров и Смирнов и раньше принимали без ведома директора.", []),
    # the speaker's «we» inside direct speech names no parties
    ("«Давайте договоримся о сроках поставок», — сказал министр.", []),
    # visitor, destination and kind of a visit
    ("Президент Франции Эмманюэль Макрон совершил государственный визит в Германию.",
     [("visit", {"visitor": ["Эмманюэль Макрон"], "place": ["Германия"]}, "государственный")]),
    # a tour is one visit per country
    ("Министр иностранных дел Индии Субрахманьям Джайшанкар посетит Японию и Вьетнам.",
     [("visit", {"visitor": ["Субрахманьям Джайшанкар"], "place": ["Япония"]}, None),
      ("visit", {"visitor": ["Субрахманьям Джайшанкар"], "place": ["Вьетнам"]}, None)]),
    # the host by invitation
    ("По приглашению президента Сербии Александра Вучича премьер-министр Венгрии Виктор Орбан "
     "прибыл в Белград.",
     [("visit", {"visitor": ["Виктор Орбан"], "host": ["Александр Вучич"], "place": ["Белград"]}, None)]),
    # talks: subject + «с X», place tied to the meeting
    ("Канцлер Германии Олаф Шольц провел переговоры с президентом Франции Эмманюэлем Макроном в Берлине.",
     [("talks", {"participants": ["Олаф Шольц", "Эмманюэль Макрон"], "place": ["Берлин"]}, None)]),
    # agreement: coordinated subjects of «подписали»
    ("Россия и Китай подписали соглашение о строительстве газопровода.",
     [("agreement", {"parties": ["Китай", "Россия"]}, None)]),
    # agreement: «между X и Y»
    ("Вступил в силу договор между Арменией и Грузией о приграничной торговле.",
     [("agreement", {"parties": ["Армения", "Грузия"]}, None)]),
    # negated and hypothetical events are left out
    ("Стороны не подписали соглашение.", []),
    ("Армения и Азербайджан остаются без мирного договора.", []),
    ("Если соглашение между Арменией и Грузией будет подписано, торговля вырастет.", []),
    # one occurrence, referred to twice
    ("Премьер-министр Индии Нарендра Моди прибыл с официальным визитом в Токио. "
     "В ходе визита Нарендра Моди встретится с премьер-министром Японии Фумио Кисидой.",
     [("visit", {"visitor": ["Нарендра Моди"], "place": ["Токио"]}, "официальный"),
      ("talks", {"participants": ["Нарендра Моди", "Фумио Кисида"]}, None)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_events(nlp, text, expected):
    assert events(nlp(text)) == expect(expected)


def test_event_args_are_entities_of_the_doc(nlp):
    doc = nlp("Президент Казахстана Касым-Жомарт Токаев посетил Узбекистан.")
    evs = [e for e in doc.events if e.type == "visit"]
    assert evs, "visit expected"
    for e in evs:
        for ents in e.args.values():
            assert all(x in doc.entities for x in ents)
        assert doc.text[e.start:e.stop] == "посетил"

"""Roles: posts of persons, with their owner, on hand-marked mentions and on the shared gold.

The table tests mark the name mentions by hand («[PER Иван Петров]»), so that they test the
roles stage alone, whatever the NER does; the gold tests run the whole pipeline.
"""

from __future__ import annotations

import re

import pytest

import svodka
from gold import dev_gold, extract_gold_texts, score, seed_gold
from svodka.doc import Doc, Entity, Mention
from svodka.stages.roles import Roles

ISO = {"Казахстан": "KZ", "Япония": "JP", "Россия": "RU", "США": "US", "Израиль": "IL"}


@pytest.fixture(scope="module")
def parse():
    return svodka.Pipeline(("segment", "morph", "syntax"))


def marked(parse, source: str) -> Doc:
    """A parsed Doc whose entities are the marked mentions; «[LOC Японии|Япония]» names one."""
    text, found = "", []
    for part in re.split(r"(\[[A-Z]+ [^\]]+\])", source):
        m = re.fullmatch(r"\[([A-Z]+) ([^\]|]+)(?:\|([^\]]+))?\]", part)
        if m:
            found.append((m[1], len(text), len(text) + len(m[2]), m[3] or m[2]))
            text += m[2]
        else:
            text += part
    doc = parse(Doc(text))
    entities: dict[tuple[str, str], Entity] = {}
    for typ, start, stop, name in found:
        e = entities.get((typ, name))
        if e is None:
            e = entities[typ, name] = Entity(typ, name, link=f"iso:{ISO[name]}" if name in ISO else None)
            doc.entities.append(e)
        mention = Mention(start, stop, typ, text[start:stop], "test", e)
        e.mentions.append(mention)
        doc.mentions.append(mention)
    Roles()(doc)
    return doc


def roles_of(doc: Doc) -> set[tuple[str, str, str | None]]:
    return {(e.name, r.title, r.of.name if r.of else None) for e in doc.entities for r in e.roles}


CASES = [
    # post [of X] Name
    ("Премьер-министр [LOC Казахстана|Казахстан] [PER Олжас Бектенов|Бектенов] прибыл в Москву.",
     {("Бектенов", "премьер-министр", "Казахстан")}),
    ("Договор подписан председателем правительства [LOC Российской Федерации|Россия] "
     "[PER Михаилом Мишустиным|Мишустин].",
     {("Мишустин", "председатель правительства", "Россия")}),
    ("Председатель правления [ORG Сбербанка|Сбербанк] [PER Герман Греф|Греф] выступил на форуме.",
     {("Греф", "председатель правления", "Сбербанк")}),
    ("Вчера глава ОАО «[ORG Газпром]» [PER Алексей Миллер|Миллер] провёл совещание с подрядчиками.",
     {("Миллер", "глава", "Газпром")}),
    ("Министр промышленности и торговли [LOC России|Россия] [PER Денис Мантуров|Мантуров] открыл завод.",
     {("Мантуров", "министр промышленности и торговли", "Россия")}),
    ("На форуме выступил первый замминистра энергетики [LOC Узбекистана|Узбекистан] [PER Азиз Каримов|Каримов].",
     {("Каримов", "первый замминистра энергетики", "Узбекистан")}),
    ("Посол [LOC Японии|Япония] в [LOC России|Россия] [PER Акира Муто|Муто] вручил грамоты.",
     {("Муто", "посол", "Япония")}),
    ("Бывший мэр [LOC Москвы|Москва] [PER Юрий Лужков|Лужков] занялся пчеловодством.",
     {("Лужков", "мэр", "Москва")}),
    # a national ministry and its country: the ministry goes into the title, «of» is the country
    ("Глава [ORG МИД] [LOC России|Россия] [PER Сергей Лавров|Лавров] провёл переговоры.",
     {("Лавров", "глава МИД", "Россия")}),
    # Name, post [of X]
    ("Переговоры прошли с [PER Эндой Кенни|Кенни], премьер-министром [LOC Ирландии|Ирландия].",
     {("Кенни", "премьер-министр", "Ирландия")}),
    ("[PER Клаус Вебер|Вебер] (Klaus Weber), министр финансов земли [LOC Гессен], выступил в парламенте.",
     {("Вебер", "министр финансов", "Гессен")}),
    # verbs and frames
    ("С 2015 года [ORG Роснефть] возглавляет [PER Игорь Сечин|Сечин].",
     {("Сечин", "глава", "Роснефть")}),
    ("[PER Анна Смирнова|Смирнова] заняла пост генерального директора в компании ООО «[ORG Альфа]».",
     {("Смирнова", "генеральный директор", "Альфа")}),
    ("[PER Пётр Сидоров|Сидоров] стал министром энергетики [LOC Киргизии|Киргизия].",
     {("Сидоров", "министр энергетики", "Киргизия")}),
    ("Указом президента [PER Иван Козлов|Козлов] назначен послом [LOC Казахстана|Казахстан] "
     "в [LOC Китае|Китай].",
     {("Козлов", "посол", "Казахстан")}),
    ("[PER Мария Орлова|Орлова] вошла в новый совет директоров компании «[ORG Вектор]».",
     {("Орлова", "член совета директоров", "Вектор")}),
    # two posts of one person; a post of a post
    ("Племянник бывшего губернатора - ныне сенатора [LOC Тверской области|Тверская область] "
     "[PER Олега Рябова|Рябов] [PER Кирилл Рябов|Кирилл] открыл выставку.",
     {("Рябов", "губернатор", "Тверская область"), ("Рябов", "сенатор", "Тверская область")}),
    ("Письмо передали пресс-секретарю экс-президента [LOC США] [PER Билла Клинтона|Клинтон] "
     "[PER Джо Локхарту|Локхарт].",
     {("Клинтон", "президент", "США"), ("Локхарт", "пресс-секретарь", "США")}),
    ("Об этом сообщил пресс-секретарь президента [LOC России|Россия] [PER Дмитрий Песков|Песков].",
     {("Песков", "пресс-секретарь", "Россия")}),
    # a country adjective; a descriptor later in the text adds no second role
    ("Японский премьер [PER Фумио Кисида|Кисида] прибыл в [LOC Сеул]. Глава правительства "
     "[LOC Японии|Япония] провёл переговоры. Премьер-министр [LOC Японии|Япония] отметил их успех.",
     {("Кисида", "премьер", "Япония")}),
    ("Президент [PER Обама] прибыл в [LOC Дублин]. Президент [LOC США] [PER Барак Обама|Обама] выступил.",
     {("Обама", "президент", "США")}),
    # compositional titles: a deputy's title holds the post after it
    ("Заместитель министра экономического развития [PER Иван Сидоров|Сидоров] провёл совещание.",
     {("Сидоров", "заместитель министра экономического развития", None)}),
    ("Первый заместитель премьер-министра [PER Андрей Белов|Белов] выступил в парламенте.",
     {("Белов", "первый заместитель премьер-министра", None)}),
    ("Врио губернатора [LOC Томской области|Томская область] [PER Олег Котов|Котов] посетил завод.",
     {("Котов", "врио губернатора", "Томская область")}),
    ("Исполняющий обязанности мэра [LOC Самары|Самара] [PER Павел Гусев|Гусев] открыл мост.",
     {("Гусев", "исполняющий обязанности мэра", "Самара")}),
    ("Экс-президент [LOC США] [PER Джон Смит|Смит] написал книгу.",
     {("Смит", "президент", "США")}),
    ("Министр науки, культуры и спорта [LOC Киргизии|Киргизия] [PER Азамат Сыдыков|Сыдыков] открыл форум.",
     {("Сыдыков", "министр науки, культуры и спорта", "Киргизия")}),
    ("Делегацию возглавил министр по делам национальностей [PER Глеб Носов|Носов].",
     {("Носов", "министр по делам национальностей", None)}),
    ("Один из экспертов института [PER Ирина Лебедева|Лебедева] объяснила это.",
     {("Лебедева", "эксперт", None)}),
    # copula and appointment verbs
    ("[PER Мария Лебедева|Лебедева] является директором компании «[ORG Стальпром]».",
     {("Лебедева", "директор", "Стальпром")}),
    ("Совет директоров избрал [PER Олега Кравцова|Кравцов] председателем правления «[ORG Техмаша|Техмаш]».",
     {("Кравцов", "председатель правления", "Техмаш")}),
    ("[PER Иван Петров|Петров], возглавлявший [ORG Росстат], ушёл в отставку.",
     {("Петров", "глава", "Росстат")}),
    ("Как сообщил глава пресс-службы губернатора [PER Олег Котов|Котов], решение принято.",
     {("Котов", "глава", None)}),
    ("После выборов главой [LOC Ганы|Гана] стала вице-президент [PER Анна Мбеки|Мбеки].",
     {("Мбеки", "глава", "Гана"), ("Мбеки", "вице-президент", None)}),
    ("Лучшим игроком признан вратарь [PER Игорь Котов|Котов] («[ORG Зенит]»).",
     {("Котов", "вратарь", "Зенит")}),
    ("[PER Дмитрий Орлов|Орлов] — советский и российский футболист и тренер.",
     {("Орлов", "футболист", None), ("Орлов", "тренер", None)}),
    ("Выступил председатель [LOC КНР|Китай], генеральный секретарь [ORG ЦК КПК|ЦК КПК] [PER Ли Мин|Ли].",
     {("Ли", "председатель", "Китай"), ("Ли", "генеральный секретарь", "ЦК КПК")}),
    ("[PER Кэндзи Мори|Мори], занимавший пост премьер-министра [LOC Японии|Япония], выступил.",
     {("Мори", "премьер-министр", "Япония")}),
    # honorifics and ranks are not posts
    ("Эмир [LOC Катара|Катар] шейх [PER Тамим бен Хамад|Тамим] принял делегацию.",
     {("Тамим", "эмир", "Катар")}),
    ("Командующий флотом адмирал [PER Пётр Смирнов|Смирнов] осмотрел корабли.",
     {("Смирнов", "командующий", None)}),
    ("Генерал [PER Пётр Смирнов|Смирнов] осмотрел корабли.",
     {("Смирнов", "генерал", None)}),
    # occupations, either side of the name, and a plural post before a list of names
    ("[PER Анна Петрова|Петрова] — известная оперная певица.",
     {("Петрова", "певица", None)}),
    ("Книгу написал журналист [PER Глеб Носов|Носов].",
     {("Носов", "журналист", None)}),
    ("В студии была известная радиоведущая и поп-певица [PER Анна Белова|Белова].",
     {("Белова", "поп-певица", None)}),
    ("Вице-губернатор [PER Иван Котов|Котов] открыл школу.",
     {("Котов", "вице-губернатор", None)}),
    ("Министр культуры — 58-летний [PER Глеб Носов|Носов].",
     {("Носов", "министр культуры", None)}),
    ("На фестиваль приехали актрисы [PER Ольга Белова|Белова] и [PER Ирина Котова|Котова].",
     {("Белова", "актриса", None), ("Котова", "актриса", None)}),
    # a descriptor with one person in reach; a pronoun subject of an appointment
    ("[PER Ольга Белова|Белова] вернулась на сцену. Актриса сыграет в новом спектакле.",
     {("Белова", "актриса", None)}),
    ("[PER Игорь Волков|Волков] окончил институт в 1990 году. В 2005 году он был назначен министром финансов.",
     {("Волков", "министр финансов", None)}),
    # a kinship noun before a post: the first name is the post's, the second the relative's
    ("На приёме был муж актрисы [PER Ольги Беловой|Белова] [PER Сергей Котов|Котов].",
     {("Белова", "актриса", None)}),
    # a descriptor of a person named with a post: a generic word or a title only refers to
    # them (or is another's); an occupation is theirs
    ("Член правления «[ORG Техмаша|Техмаш]» [PER Олег Кравцов|Кравцов] уходит. Чиновник не объяснил причин.",
     {("Кравцов", "член правления", "Техмаш")}),
    ("Член правления «[ORG Техмаша|Техмаш]» [PER Олег Кравцов|Кравцов] уходит. Министр не объяснил причин.",
     {("Кравцов", "член правления", "Техмаш")}),
    ("Член правления «[ORG Техмаша|Техмаш]» [PER Олег Кравцов|Кравцов] уходит. Шахматист займётся спортом.",
     {("Кравцов", "член правления", "Техмаш"), ("Кравцов", "шахматист", None)}),
    # `of` from the document: «страны» is the country in focus
    ("Вчера в [LOC Японии|Япония] прошли выборы. Премьер-министр страны [PER Кэндзи Мори|Мори] "
     "поблагодарил избирателей.",
     {("Мори", "премьер-министр", "Япония")}),
    # a post inside a compound: the title is the word the text uses, the post the one inside
    ("Выставку открыл бывший мэр — ныне госсоветник [LOC Башкирии|Башкирия] [PER Рустем Галиев|Галиев].",
     {("Галиев", "мэр", "Башкирия"), ("Галиев", "госсоветник", "Башкирия")}),
    ("Радиожурналист [PER Пётр Соколов|Соколов] вёл ночной эфир.", {("Соколов", "радиожурналист", None)}),
    ("Замдиректора [ORG ФСБ] [PER Олег Лапин|Лапин] дал интервью.", {("Лапин", "замдиректора", "ФСБ")}),
    ("[PER Анна Котова|Котова] работает пилотом-инструктором.", {("Котова", "пилот-инструктор", None)}),
    ("Официально [PER Семён Рыжов|Рыжов] работал токарем на заводе.", {("Рыжов", "токарь", None)}),
    # «назначен на пост X»: the verb's subject over «на»
    ("[PER Иван Рябов|Рябов] назначен на пост главы [ORG Росстата|Росстат].", {("Рябов", "глава", "Росстат")}),
    # a name in the genitive says whose the post is; the agreeing name after it holds it
    ("Менеджер [PER Анны Беловой|Белова] [PER Олег Котов|Котов] рассказал о гастролях.",
     {("Котов", "менеджер", None)}),
    ("Советник [PER Трампа|Трамп] [PER Джон Болтон|Болтон] подал в отставку.", {("Болтон", "советник", None)}),
    ("Вчера адвокат [PER Кравченко] [PER Глеб Носов|Носов] подал жалобу.", {("Носов", "адвокат", None)}),
    # a post left or taken from another names who held it
    ("[PER Олег Котов|Котов] ушёл с поста генерального директора компании «[ORG Вектор]».",
     {("Котов", "генеральный директор", "Вектор")}),
    ("Губернатор освободил [PER Ивана Белова|Белов] от должности министра финансов.",
     {("Белов", "министр финансов", None)}),
    ("Совет утвердил [PER Олега Котова|Котов] в должности президента «[ORG Вектора|Вектор]».",
     {("Котов", "президент", "Вектор")}),
    # a frame verb's holder past an age; a title that starts with an adjective
    ("Финансовым директором завода назначен 45-летний [PER Глеб Носов|Носов].",
     {("Носов", "финансовый директор", None)}),
    # an unparsed clause: the subject a few words before the verb, past an adverbial
    ("[PER Иван Рябов|Рябов] в 2009 году стал мэром [LOC Омска|Омск].", {("Рябов", "мэр", "Омск")}),
    # the owner past a field («по …») or a party («от …»), a verb's object, a body in the title
    ("Директор по развитию компании «[ORG Вектор]» [PER Олег Котов|Котов] выступил на форуме.",
     {("Котов", "директор", "Вектор")}),
    ("Депутат [ORG Госдумы|Госдума] от «[ORG Зелёной партии|Зелёная партия]» [PER Глеб Носов|Носов] выступил.",
     {("Носов", "депутат", "Госдума")}),
    ("[PER Олег Котов|Котов], возглавляющий инвестиционный холдинг «[ORG Вектор]», купил завод.",
     {("Котов", "глава", "Вектор")}),
    ("Глава [ORG МВД] [PER Иван Рябов|Рябов] провёл совещание.", {("Рябов", "глава МВД", "МВД")}),
    # posts joined by «и» share the owner named after the second
    ("[PER Олег Котов|Котов], президент и главный конструктор компании «[ORG Вектор]», купил завод.",
     {("Котов", "президент", "Вектор"), ("Котов", "главный конструктор", "Вектор")}),
    # the same post at two bodies is two roles
    ("[PER Анна Котова|Котова] была финансовым директором «[ORG Альфы|Альфа]». Затем [PER Котова] стала "
     "финансовым директором «[ORG Беты|Бета]».",
     {("Котова", "финансовый директор", "Альфа"), ("Котова", "финансовый директор", "Бета")}),
    # a trade's country adjective is a nationality; an honorary title's state gave the title
    ("В [LOC Канаде|Канада] прошёл турнир. Канадский фигурист [PER Глеб Носов|Носов] победил.",
     {("Носов", "фигурист", None)}),
    ("Умер народный артист [LOC России|Россия] [PER Олег Котов|Котов].", {("Котов", "артист", None)}),
    # a line of a biography: a date and a dash before the post; the field «по … с …» before the body
    ("[PER Олег Котов|Котов] родился в [LOC Омске|Омск]. В 1998—1999 годах — директор по связям "
     "с общественностью ОАО «[ORG Вектор]».", {("Котов", "директор", "Вектор")}),
    ("[PER Олег Котов|Котов] родился в [LOC Омске|Омск]. В 2004-м — президент, вице-президент "
     "фонда «[ORG Вектор]».", {("Котов", "президент", None), ("Котов", "вице-президент", "Вектор")}),
    # an apposition past the holder's age
    ("[PER Анна Котова|Котова] — 47 лет, хирург, работает в областной больнице.", {("Котова", "хирург", None)}),
    # a relational post holds a name that can only agree with it (one in the genitive is the boss)
    ("Об этом рассказала его пресс-секретарь [PER Анна Котова|Котова].", {("Котова", "пресс-секретарь", None)}),
    ("Ранее помощник губернатора [PER Олег Лапин|Лапин] сообщил о встрече.", {("Лапин", "помощник", None)}),
    # two owners joined by «и»: the chain goes on to the name, `of` is the first (the affiliations
    # stage gives the second)
    ("Генеральный директор «[ORG Вектора|Вектор]» и «[ORG Кедра|Кедр]» [PER Иван Сомов|Сомов] выступил.",
     {("Сомов", "генеральный директор", "Вектор")}),
    ("Защитник «[ORG Ладоги|Ладога]» и сборной [LOC Чили] [PER Олег Котов|Котов] получил травму.",
     {("Котов", "защитник", "Ладога")}),
    # a plural post with its owner before a list of names
    ("Кандидатов выдвинули вице-президенты [ORG МОК] [PER Андрей Белов|Белов] и [PER Николай Сомов|Сомов].",
     {("Белов", "вице-президент", "МОК"), ("Сомов", "вице-президент", "МОК")}),
    # «от» + a place (it elects the holder, it does not own the post); a bracketed aside between the owner and the name
    ("Сенатор от штата [LOC Огайо] [PER Джон Смит|Смит] выступил в прениях.", {("Смит", "сенатор", None)}),
    ("Лучшим стал нападающий клуба «[ORG Градец]» (FC Hradec) [PER Иван Котов|Котов].",
     {("Котов", "нападающий", "Градец")}),
    # «из» + a place is where the holder comes from
    ("Премию получил фотограф из [LOC Норвегии|Норвегия] [PER Олег Хансен|Хансен].", {("Хансен", "фотограф", None)}),
    # a state post joined by «и» to one with its country
    ("Президент [LOC Израиля|Израиль] [PER Иван Петров|Петров] и премьер-министр [PER Олег Котов|Котов] "
     "обратились к суду.", {("Петров", "президент", "Израиль"), ("Котов", "премьер-министр", "Израиль")}),
    ("Президент [LOC Израиля|Израиль] [PER Иван Петров|Петров] и президент [PER Олег Котов|Котов] встретились.",
     {("Петров", "президент", "Израиль"), ("Котов", "президент", None)}),  # two heads of one post: two states
    # the subject of the clause before the comma
    ("До этого [PER Олег Котов|Котов] занимал пост директора [ORG ФСБ], был послом в [ORG ООН].",
     {("Котов", "директор", "ФСБ"), ("Котов", "посол", "ООН")}),
    # «зам» + a post in the genitive does not decline: it agrees with a name in any case
    ("Об этом заявил бывший зампрокурора [LOC Подмосковья|Подмосковье] [PER Иван Белов|Белов].",
     {("Белов", "зампрокурора", "Подмосковье")}),
    ("В 2008 году [PER Иван Белов|Белов] был назначен зампредседателя [ORG Госсовета|Госсовет].",
     {("Белов", "зампредседателя", "Госсовет")}),
    # a group of people in the chain is no one's owner: the chain goes on
    ("В список вошёл наставник футболистов сборной [LOC Чили] [PER Марко Росси|Росси].",
     {("Росси", "наставник", "Чили")}),
    ("Ведущая телеканала [ORG НТВ] [PER Анна Белова|Белова] ушла в отпуск.", {("Белова", "ведущий", "НТВ")}),
]

NOT_ROLES = [
    "После [LOC Ирландии|Ирландия] [PER Обама] посетит [LOC Польшу|Польша].",  # «после» is no «посол»
    "Советник [PER Трампа|Трамп] подал в отставку.",  # the boss, not the adviser
    "Менеджер [PER Анны Беловой|Белова] рассказал о гастролях.",  # «менеджер» is no accusative
    "На экраны вышла премьера фильма «[PER Александр Ширвиндт|Ширвиндт]».",
    "Кандидатом на пост главы [ORG ФСЭГ] будет [PER Леонид Бохановский|Бохановский].",
    "На приёме была жена президента [PER Ирина Волкова|Волкова].",
    "Главы правительств [LOC России|Россия] и [LOC Казахстана|Казахстан] обсудили торговлю.",
    "Он провёл беседу с советником избирательной кампании [PER Бориса Ельцина|Ельцин].",
    "Соглашение одобрено на заседании правительства, сообщил [PER Антон Силуанов|Силуанов].",
    # a descriptor with two persons in reach belongs to neither
    "[PER Ольга Белова|Белова] и [PER Ирина Котова|Котова] вернулись на сцену. Актриса сыграет в спектакле.",
    # adjectives before a noun: «рабочий», «военный» are no occupations here
    "[PER Олег Котов|Котов] провёл неделю в рабочем кабинете.",
    # an honorific is no post
    "Сэр [PER Джон Смит|Смит] приехал в город.",
    # a group's person in the genitive is the owner's, not the holder
    "Адвокат родственников [PER Ивана Петрова|Петров] заявил об этом.",
    # a participle before its object is no post
    "По словам [PER Олега Котова|Котов], ведущего переговоры с банком, сделка близка.",
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_roles(parse, text, expected):
    assert roles_of(marked(parse, text)) == expected


@pytest.mark.parametrize("text", NOT_ROLES)
def test_no_roles(parse, text):
    assert roles_of(marked(parse, text)) == set()


def test_kinship_noun_does_not_steal_the_post(parse):
    doc = marked(parse, "На встрече была дочь президента [LOC Казахстана|Казахстан] "
                        "[PER Нурсултана Назарбаева|Назарбаев].")
    assert roles_of(doc) == {("Назарбаев", "президент", "Казахстан")}


def test_role_span_is_the_title(parse):
    doc = marked(parse, "Премьер-министр [LOC Казахстана|Казахстан] [PER Олжас Бектенов|Бектенов] прибыл.")
    (person,) = [e for e in doc.entities if e.type == "PER"]
    (role,) = person.roles
    assert doc.text[role.start:role.stop] == "Премьер-министр"


def test_no_persons_no_work(parse):
    doc = marked(parse, "Президент [LOC США] выступил.")
    assert roles_of(doc) == set()


# --- the shared gold, through the whole pipeline ------------------------------------------------

def test_seed_roles(shared, nlp):
    gold = [seed_gold(shared)]
    assert score(shared, gold, extract_gold_texts(nlp, gold))["roles"]["f1"] >= 0.95


def test_dev_roles_clear_the_bar(shared, nlp):
    gold = dev_gold(shared)
    assert score(shared, gold, extract_gold_texts(nlp, gold))["roles"]["f1"] >= 0.87


def test_country_noun_without_a_country_leaves_of_empty(parse):
    doc = marked(parse, "Премьер-министр страны [PER Кэндзи Мори|Мори] поблагодарил избирателей.")
    assert roles_of(doc) == {("Мори", "премьер-министр", None)}


def test_a_scorer_filters_the_candidates(parse):
    from svodka.stages.roles import Roles, choose  # noqa: F401 - the hook the ranker uses

    class Strict(Roles):
        scorer = staticmethod(lambda doc, person, role: role.of is not None)

    doc = marked(parse, "Посол [LOC Японии|Япония] [PER Акира Муто|Муто] и журналист [PER Глеб Носов|Носов] "
                        "приехали.")
    for e in doc.entities:
        e.roles.clear()
    Strict()(doc)
    assert roles_of(doc) == {("Муто", "посол", "Япония")}


def test_a_plural_post_reaches_a_list_past_places_of_origin(parse):
    # the rules' proposals (the ranker may still weigh each name of a long list)
    from svodka.stages.roles import _Reader

    doc = marked(parse, "Премию получили физики из [LOC Канады|Канада] [PER Иван Рябов|Рябов] из "
                        "[LOC Торонто], [PER Олег Лапин|Лапин], а также [PER Анна Сомова|Сомова].")
    found = {(c.person.name, c.role.title) for c in _Reader(doc).plural_lists()}
    assert found == {("Рябов", "физик"), ("Лапин", "физик"), ("Сомова", "физик")}


def test_a_post_given_twice_is_one_role_with_both_places():
    nlp = svodka.default_pipeline()
    text = ("Вице-премьер Павел Зорин прилетел в Ереван.\n\n"
            "Заместитель председателя правительства Павел Зорин провёл там переговоры.")
    rec = nlp(text).record().to_dict()
    (zorin,) = [e for e in rec["entities"] if e["name"] == "Павел Зорин"]
    assert [r["title"] for r in zorin["roles"]] == ["вице-премьер"]
    (role,) = zorin["roles"]
    assert [text[x["start"]:x["stop"]] for x in role["also"]] == ["Заместитель председателя правительства"]


def test_an_adjective_before_a_substantivised_noun_is_no_post(parse):
    # «ведущих» agrees with «управляющих», a participle used as a noun: not «ведущий» the trade
    doc = marked(parse, "В отставку подал и один из ведущих управляющих холдинга [PER Иван Белов|Белов].")
    assert "ведущий" not in {t for _, t, _ in roles_of(doc)}


@pytest.mark.parametrize("text", [
    "Пожилая женщина Анна Котова пришла на приём к врачу.",
    "Пан Иван Котов поблагодарил хозяев за ужин.",
    "Молодой человек Олег Сомов дал показания в суде.",
])
def test_anyone_nouns_and_forms_of_address_are_no_posts(text):
    rec = svodka.default_pipeline()(text).record().to_dict()
    assert [r for e in rec["entities"] for r in e.get("roles", [])] == []


def test_a_portfolio_may_name_people():
    rec = svodka.default_pipeline()("Уполномоченный по правам человека Анна Котова открыла приём.").record().to_dict()
    assert [r["title"] for e in rec["entities"] for r in e.get("roles", [])] == ["уполномоченный по правам человека"]


def test_a_founder_is_no_post():
    rec = svodka.default_pipeline()("Основатель компании «Вектор» Иван Сомов продал свою долю.").record().to_dict()
    assert [r for e in rec["entities"] for r in e.get("roles", [])] == []


def test_a_post_of_a_generic_body_names_the_body():
    # «парламента» is a generic body (no name mention, so no `of`): the role keeps it as `body`
    rec = svodka.default_pipeline()("Спикер парламента Олег Лапин открыл сессию. "
                                     "Директор компании «Вектор» Иван Сомов выступил следом.").record().to_dict()
    bodies = {b["id"]: b["name"] for b in rec["bodies"]}
    roles = {e["name"]: r for e in rec["entities"] for r in e.get("roles", [])}
    assert roles["Олег Лапин"]["of"] is None
    assert bodies[roles["Олег Лапин"]["body"]] == "парламент"
    assert roles["Иван Сомов"]["of"] is not None and roles["Иван Сомов"]["body"] is None


def test_a_post_shares_the_quoted_owner_of_the_noun_joined_to_it():
    # «сооснователь» is no post, but the group after it is the guitarist's too
    text = "Пётр Лунин, гитарист и сооснователь группы «Кедр», выпустил альбом."
    rec = svodka.default_pipeline()(text).record().to_dict()
    names = {e["id"]: e["name"] for e in rec["entities"]}
    roles = [(r["title"], names.get(r["of"])) for e in rec["entities"] for r in e.get("roles", [])]
    assert roles == [("гитарист", "Кедр")]


def test_a_state_title_keeps_the_country_adjective_of_a_country_the_text_never_names():
    text = "Новым британским премьером стал Олег Лапин. Канадский фигурист Иван Сомов выиграл турнир."
    rec = svodka.default_pipeline()(text).record().to_dict()
    roles = {e["name"]: r for e in rec["entities"] for r in e.get("roles", [])}
    place = roles["Олег Лапин"]["place"]
    assert roles["Олег Лапин"]["of"] is None and text[place["start"]:place["stop"]] == "британским"
    assert roles["Иван Сомов"]["place"] is None  # a trade's country adjective is a nationality

"""Office holders, meetings, agreements and partner ties in the forms real news writes them."""

from datetime import date

import pytest

from interreg.ingest.entities import analyse
from interreg.ingest.entities.names import name_from_words
from interreg.ingest.extract import Extractor
from interreg.ingest.facts import Document


def officials(text: str) -> set[tuple[str, str | None, str | None]]:
    analysis = analyse(Document(id="t", text=text, published=date(2025, 4, 26)))
    return {(p.name, p.position, p.of) for p in analysis.persons}


@pytest.fixture(scope="module")
def extractor():
    return Extractor()


def facts_of(extractor, text: str):
    return extractor.extract(Document(id="t", text=text, published=date(2025, 4, 26)))


# --- titles the lexicon does not list ---------------------------------------------------------

def test_a_bound_deputy_part_before_a_known_title_is_a_deputy_of_it():
    assert officials("Замначальника управления торговли Ферганской области Бахтиёр Юсупов рассказал о "
                     "новых поставках.") == {("Бахтиёр Юсупов", "заместитель начальника управления", "UZ-FA")}


def test_a_former_holder_written_with_ex_keeps_the_title():
    assert officials("Экс-губернатор Омской области Пётр Сидоренко возглавил совет директоров.") == {
        ("Пётр Сидоренко", "губернатор", "RU-OMS")}


@pytest.mark.parametrize("title, position", [
    ("Канцлер", "канцлер"), ("Госсекретарь", "госсекретарь"), ("Управделами президента", "управделами"),
])
def test_national_titles(title, position):
    found = officials(f"{title} Беларуси Иван Соколов прибыл в Омск.")
    assert found == {("Иван Соколов", position, "BY")}


def test_a_footnote_mark_does_not_cut_a_title_from_its_complement():
    assert officials("Делегацию возглавил хоким* Наманганской области Шухрат Абдурахманов.") == {
        ("Шухрат Абдурахманов", "хоким", "UZ-NG")}


# --- names ------------------------------------------------------------------------------------

def test_a_turkic_patronymic_written_apart_is_dropped():
    assert name_from_words("Эльчином Ариф оглы Гасановым".split(), "Ins").full == "Эльчин Гасанов"


@pytest.mark.parametrize("words, case, expected", [
    ("Фаррух Саидзода", "Gen", "Фаррух Саидзода"),
    ("Рашида Гулизаде", "Gen", "Рашид Гулизаде"),
])
def test_surnames_in_zoda_and_zade_do_not_decline(words, case, expected):
    assert name_from_words(words.split(), case).full == expected


# --- whose office ------------------------------------------------------------------------------

def test_an_envoy_is_never_of_the_country_he_is_sent_to():
    found = officials("Посол РА в РФ Гурген Арутюнян прибыл в Томск. Губернатор Томской области рассказал "
                      "о связях России и Армении.")
    assert ("Гурген Арутюнян", "посол", "AM") in found


def test_coordinated_offices_of_one_kind_share_the_government_the_second_names():
    found = officials("Министр Омской области Олег Ковалёв встретился с министром сельского хозяйства "
                      "Айгуль Бекназаровой и заместителем министра финансов Казахстана Даниялом Нурлановым.")
    assert ("Айгуль Бекназарова", "министр", "KZ") in found
    assert ("Даниял Нурланов", "заместитель министра", "KZ") in found
    assert ("Олег Ковалёв", "министр", "RU-OMS") in found


def test_a_second_minister_of_a_region_stays_in_that_region():
    found = officials("Губернатор Курганской области Степан Орлов назначил министров. Министр спорта "
                      "Лидия Громова и министр культуры Ефим Рябов сохранили посты. Ранее Рябов работал "
                      "в Тюменской области.")
    assert ("Ефим Рябов", "министр", "RU-KGN") in found
    assert ("Лидия Громова", "министр", "RU-KGN") in found


@pytest.mark.parametrize("body", ["театра оперы и балета", "агрохолдинга «Заря»", "профсоюза работников культуры"])
def test_heads_of_theatres_companies_and_unions_are_no_officials(body):
    assert officials(f"Директор {body} Новосибирской области Павел Ильин выступил на открытии.") == set()


# --- meetings ----------------------------------------------------------------------------------

def test_talks_with_a_national_official_are_a_meeting_beside_talks_with_a_region(extractor):
    facts = facts_of(extractor, "Губернатор Омской области Виталий Хоценко провёл переговоры с хокимом "
                                "Бухарской области Ботиром Зариповым. Затем омская делегация встретилась с "
                                "министром иностранных дел Узбекистана Бахтиёром Саидовым.")
    assert sorted(tuple(m.parties) for m in facts.meetings) == [("RU-OMS", "UZ"), ("RU-OMS", "UZ-BU")]


def test_one_more_participant_of_talks_told_before_adds_no_meeting(extractor):
    facts = facts_of(extractor, "Губернатор Омской области Виталий Хоценко провёл переговоры с хокимом "
                                "Бухарской области Ботиром Зариповым. В переговорах также принял участие "
                                "посол Узбекистана в России Ботиржон Асадов.")
    assert [tuple(m.parties) for m in facts.meetings] == [("RU-OMS", "UZ-BU")]


def test_a_prospect_of_talks_is_no_meeting(extractor):
    facts = facts_of(extractor, "Есть перспектива для дальнейшего ведения переговоров компаний Омской "
                                "области с казахстанскими партнёрами.")
    assert facts.meetings == []


def test_meeting_a_delegation_is_talks(extractor):
    facts = facts_of(extractor, "Губернатор Воронежской области встретил делегацию Наманганской области.")
    assert [tuple(m.parties) for m in facts.meetings] == [("RU-VOR", "UZ-NG")]


# --- agreements and partners ------------------------------------------------------------------

def test_intergovernmental_documents_are_no_regional_agreements(extractor):
    facts = facts_of(extractor, "Губернатор Могилевской области прибыл в Уфу. Запланировано подписание ряда "
                                "межправительственных соглашений.")
    assert facts.agreements == []


def test_sister_regions_are_partners(extractor):
    facts = facts_of(extractor, "Самаркандская область и Татарстан давно стали регионами-побратимами.")
    assert facts.partners == [("RU-TA", "UZ-SA")]


def test_an_unplaced_governor_is_of_a_region_another_governor_does_not_hold():
    found = officials("Курская делегация во главе с губернатором Романом Старовойтовым посетила Витебскую "
                      "область. «Подписали с губернатором региона Игорем Ласточкиным план мероприятий», — "
                      "сообщил Роман Старовойтов.")
    assert ("Игорь Ласточкин", "губернатор", "BY-VI") in found
    assert ("Роман Старовойтов", "губернатор", "RU-KRS") in found


def test_an_unplaced_governor_is_not_of_the_region_his_delegation_travels_to():
    found = officials("Липецкая делегация прибыла с визитом в Тамбовскую область.\nДелегацию возглавил "
                      "губернатор Игорь Артамонов.")
    assert found == {("Игорь Артамонов", "губернатор", "RU-LIP")}


def test_an_indeclinable_prefix_leaves_the_name_in_its_own_case():
    assert officials("Приглашение прозвучало от врио губернатора Курской области Андрея Белова.") == {
        ("Андрей Белов", "врио губернатора", "RU-KRS")}


def test_a_headline_title_takes_no_complement_from_the_next_line():
    found = officials("Губернатор встретился с послом Армении\n\nПо словам заместителя губернатора "
                      "Сергея Лаптева, обсуждались поставки.")
    assert ("Сергей Лаптев", "заместитель губернатора", None) in found
    assert not any(position == "посол" for _, position, _ in found)


def test_a_signing_at_a_forum_session_is_an_agreement_but_no_meeting(extractor):
    facts = facts_of(extractor, "Губернатор Тульской области и председатель Витебского облисполкома на пленарном "
                                "заседании Форума регионов подписали соглашение о сотрудничестве.")
    assert facts.meetings == []
    assert [tuple(a.parties) for a in facts.agreements] == [("BY-VI", "RU-TUL")]

"""The event rules on sentences written for these tests.

The analysis they read is built here from natasha's parse and the gazetteer alone
(places only, no persons), so each test exercises the event rules themselves.
"""

from __future__ import annotations

from datetime import date

import pytest

from interreg.ingest.analysis import Analysis, DateMention, PlaceMention
from interreg.ingest.extract import Extractor
from interreg.ingest.facts import Document
from interreg.ingest.entities.gazetteer import gazetteer
from interreg.ingest.entities.nlp import parse
from interreg.ingest.events.goods import amount_in


def analysis_of(text: str, published: date | None = date(2025, 4, 26)) -> Analysis:
    document = Document(id="t", text=text, published=published)
    places = [PlaceMention(m.start, m.end, m.text, m.place, m.via, counts_as_region=m.place.kind == "region")
              for m in gazetteer().match(text)]
    return Analysis(document=document, sentences=parse(text), places=places)


def facts_of(text: str, published: date | None = date(2025, 4, 26)):
    return Extractor().facts_from(analysis_of(text, published))


def meetings(text):
    return sorted(tuple(m.parties) for m in facts_of(text).meetings)


def agreements(text):
    return sorted((tuple(a.parties), a.status) for a in facts_of(text).agreements)


def flows(text):
    return sorted((t.exporter, t.importer, t.commodity) for t in facts_of(text).trade)


# --- meetings -------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Губернатор Омской области провёл встречу с хокимом Бухарской области.",
    "Губернатор Омской области встретился с хокимом Бухарской области.",
    "Делегации Омской и Бухарской областей провели переговоры.",
    "Руководители Бухарской области и Омской области обсудили развитие туризма.",
])
def test_meeting_in_any_wording_and_case(text):
    assert meetings(text) == [("RU-OMS", "UZ-BU")]


@pytest.mark.parametrize("text", [
    "Губернатор Омской области встретится с хокимом Бухарской области в мае.",
    "Встреча губернатора Омской области и хокима Бухарской области состоится завтра.",
    "Губернатор Омской области не встретился с хокимом Бухарской области.",
])
def test_planned_or_negated_meeting_is_not_a_meeting(text):
    assert meetings(text) == []


def test_meeting_venue_is_not_a_party():
    text = "Губернатор Омской области и хоким Бухарской области встретились в Подмосковье."
    assert meetings(text) == [("RU-OMS", "UZ-BU")]


def test_implicit_sides_come_from_the_document():
    text = ("Делегация Курганской области прибыла в Павлодарскую область. "
            "Стороны обсудили поставки зерна.")
    assert meetings(text) == [("KZ-55", "RU-KGN")]


def test_a_country_side_gives_way_to_its_region_named_elsewhere():
    text = ("Губернатор Омской области встретился с коллегами из Узбекистана. "
            "На встрече губернатор Омской области и хоким Бухарской области обсудили торговлю.")
    assert meetings(text) == [("RU-OMS", "UZ-BU")]


def test_meeting_date_is_the_sentence_date_not_after_publication():
    text = "26 апреля губернатор Омской области встретился с хокимом Бухарской области до 1 мая."
    analysis = analysis_of(text, published=date(2025, 4, 27))
    analysis.dates = [DateMention(0, 9, "26 апреля", date(2025, 4, 26)),
                      DateMention(text.index("1 мая"), len(text) - 1, "1 мая", date(2025, 5, 1))]
    analysis.dates.reverse()   # the later date first: it must still not be taken
    facts = Extractor().facts_from(analysis)
    assert [m.date for m in facts.meetings] == [date(2025, 4, 26)]


def test_visit_alone_is_not_a_meeting():
    assert meetings("Делегация Омской области посетила Бухарскую область.") == []


def test_meeting_between_country_officials_only_is_left_out():
    assert meetings("Президент России встретился с президентом Узбекистана.") == []


# --- agreements -----------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Омская и Бухарская области подписали соглашение о сотрудничестве.",
    "Соглашение между Омской областью и Бухарской областью подписано вчера.",
    "Правительство Омской области заключило с хокимиятом Бухарской области соглашение.",
    "Между Омской областью и Бухарской областью было подписано соглашение о сотрудничестве.",
])
def test_signed_agreement(text):
    assert agreements(text) == [(("RU-OMS", "UZ-BU"), "signed")]


@pytest.mark.parametrize("text", [
    "Омская и Бухарская области планируют подписать соглашение о сотрудничестве.",
    "Соглашение между Омской областью и Бухарской областью будет подписано осенью.",
    "Омской и Бухарской областям предложено подписать соглашение о сотрудничестве.",
    "Омская и Бухарская области договорились подписать меморандум.",
    "Омская и Бухарская области намерены подписать дорожную карту.",
])
def test_planned_agreement(text):
    assert agreements(text) == [(("RU-OMS", "UZ-BU"), "planned")]


def test_negated_signing_gives_no_signed_agreement():
    assert agreements("Омская и Бухарская области не подписали соглашение о сотрудничестве.") == []


def test_approved_plan():
    assert agreements("Омская и Бухарская области утвердили план мероприятий на 2026 год.") == [
        (("RU-OMS", "UZ-BU"), "approved")]


def test_kind_phrase_is_nominative_with_its_subject():
    facts = facts_of("Омская и Бухарская области подписали соглашение о торгово-экономическом сотрудничестве.")
    assert [a.kind for a in facts.agreements] == ["соглашение о торгово-экономическом сотрудничестве"]
    facts = facts_of("Омская и Бухарская области подписали дорожную карту.")
    assert [a.kind for a in facts.agreements] == ["дорожная карта"]


def test_one_region_signing_with_several_gives_one_agreement_each():
    text = "Могилевский облсовет заключил соглашения с Калужской областью и Краснодарским краем."
    assert agreements(text) == [(("BY-MA", "RU-KDA"), "signed"), (("BY-MA", "RU-KLU"), "signed")]


def test_commercial_contract_is_not_a_cooperation_agreement():
    text = "Наманганские предприниматели заключили экспортные договоры на поставку фруктов в Челябинскую область."
    assert agreements(text) == []


# --- trade ----------------------------------------------------------------------------

def test_buy_from_and_supply_to_in_one_sentence():
    text = ("Омские предприниматели закупают у Узбекистана текстиль и продукты питания, "
            "а поставляют в Узбекистан удобрения и древесину.")
    assert flows(text) == [("RU-OMS", "UZ", "chemicals"), ("RU-OMS", "UZ", "timber"),
                           ("UZ", "RU-OMS", "food"), ("UZ", "RU-OMS", "textiles")]


def test_exports_to_and_imports_from_there():
    text = "Бухарская область экспортирует в Омскую область хлопок, а импортирует оттуда зерно и мебель."
    assert flows(text) == [("RU-OMS", "UZ-BU", "food"), ("RU-OMS", "UZ-BU", "timber"),
                           ("UZ-BU", "RU-OMS", "textiles")]


def test_imports_from_a_country():
    text = "Новосибирская область импортирует из Казахстана уголь."
    assert flows(text) == [("KZ", "RU-NVS", "energy")]


def test_flow_noun_with_the_seller_as_modifier_and_reverse_direction():
    text = ("В Санкт-Петербург из Оренбургской области повезут зерно, "
            "а в обратном направлении — лекарства и тракторы.")
    assert flows(text) == [("RU-ORE", "RU-SPE", "food"), ("RU-SPE", "RU-ORE", "machinery"),
                           ("RU-SPE", "RU-ORE", "pharma")]


def test_planned_flow_is_kept_as_planned():
    facts = facts_of("Татарстан готов поставлять в Бухарскую область грузовики.")
    assert [(t.exporter, t.importer, t.commodity, t.status) for t in facts.trade] == [
        ("RU-TA", "UZ-BU", "vehicles", "planned")]


def test_sentence_without_goods_gives_no_flow():
    assert flows("Омская область поставляет в Узбекистан всё больше.") == []


@pytest.mark.parametrize("text, expected", [
    ("товарооборот достиг 700 млн долларов", (700_000_000.0, "USD")),
    ("контракты на $67 млн", (67_000_000.0, "USD")),
    ("поставки на 12,5 млрд сумов", (12_500_000_000.0, "UZS")),
    ("на общую сумму 387 млн тенге", (387_000_000.0, "KZT")),
    ("на 3 млн белорусских рублей", (3_000_000.0, "BYN")),
    ("на 40 тыс. рублей", (40_000.0, "RUB")),
    ("выросли в 1,6 раза", (None, None)),
])
def test_amounts_and_currencies(text, expected):
    assert amount_in(text) == expected


def test_amount_goes_with_its_flow():
    facts = facts_of("Узбекистан поставил в Омскую область хлопок на 5 млн долларов.")
    assert [(t.exporter, t.importer, t.commodity, t.amount, t.currency) for t in facts.trade] == [
        ("UZ", "RU-OMS", "textiles", 5_000_000.0, "USD")]


# --- partners and topics --------------------------------------------------------------

def test_partners_from_facts_and_ties_never_two_countries():
    facts = facts_of("Омская область и Бухарская область стали побратимами. "
                     "Россия и Узбекистан наращивают товарооборот.")
    assert facts.partners == [("RU-OMS", "UZ-BU")]


def test_partner_region_and_foreign_country_from_trade_turnover():
    facts = facts_of("Товарооборот Северо-Казахстанской области с Россией вырос вдвое.")
    assert facts.partners == [("KZ-59", "RU")]


def test_no_events_in_a_text_without_cooperation():
    facts = facts_of("Губернатор Брянской области проверил ремонт школы.")
    assert (facts.meetings, facts.agreements, facts.trade, facts.partners) == ([], [], [], [])


def test_topics_are_named_once():
    facts = facts_of("Стороны обсудили сотрудничество в промышленности и образовании. "
                     "Промышленные предприятия готовы к кооперации.")
    assert [t.id for t in facts.topics] == ["industry", "education"]


# --- sentence boundaries, datelines, venues -------------------------------------------

def test_a_headline_without_full_stop_is_its_own_sentence():
    text = ("Губернатор Омской области встретился с хокимом Бухарской области\n"
            "Ранее Нижегородская область подписала соглашение с Самаркандской областью.")
    facts = facts_of(text)
    assert sorted(tuple(m.parties) for m in facts.meetings) == [("RU-OMS", "UZ-BU")]
    assert sorted(tuple(a.parties) for a in facts.agreements) == [("RU-NIZ", "UZ-SA")]


def test_a_dateline_city_is_not_a_party():
    text = "Ташкент, 26 апреля. Губернатор Челябинской области встретился с хокимом Наманганской области."
    assert meetings(text) == [("RU-CHE", "UZ-NG")]


def test_seat_of_an_office_is_a_party_but_talks_venue_is_not():
    text = ("Губернатор Оренбургской области встретился с полномочным представителем "
            "правительства в Чуйской области на переговорах в Москве.")
    assert meetings(text) == [("KG-C", "RU-ORE")]


def test_an_existing_agreement_with_a_future_verb_is_not_planned():
    text = ("Омская и Бухарская области подписали соглашение. "
            "Это соглашение станет началом нового этапа сотрудничества Омской и Бухарской областей.")
    assert agreements(text) == [(("RU-OMS", "UZ-BU"), "signed")]


def test_goods_pointed_back_at_are_not_new_goods():
    text = ("Омская область поставляет в Узбекистан мясо, "
            "а поставки этой продукции в Казахстан растут.")
    assert ("RU-OMS", "KZ", "other") not in flows(text)


def test_a_word_that_mostly_means_something_else_needs_goods_as_its_object():
    assert flows("Тверские производители реализовали свою продукцию в Китай.") == [("RU-TVE", "CN", "other")]
    assert flows("Тверская область и Китай реализовали проект по выпуску оборудования.") == []


def test_an_agreement_between_countries_only_gets_no_regions():
    text = ("Губернатор Омской области встретился с хокимом Бухарской области. "
            "Стороны вспомнили подписанный Россией и Узбекистаном договор о стратегическом партнерстве.")
    assert agreements(text) == []


def test_received_a_delegation_is_a_meeting_but_received_a_decision_is_not():
    assert meetings("Хоким Самаркандской области принял делегацию Свердловской области.") == [("RU-SVE", "UZ-SA")]
    assert meetings("Правительство Свердловской области и Самаркандской области приняло решение.") == []


def test_scheduled_meeting_is_not_a_meeting():
    assert meetings("Встреча губернатора Омской области с хокимом Самаркандской области запланирована на март.") == []


def test_agreement_of_a_region_with_a_country_makes_them_partners():
    facts = facts_of("Татарстан и Узбекистан подписали соглашение о сотрудничестве.")
    assert facts.agreements == []
    assert facts.partners == [("RU-TA", "UZ")]


def test_seller_named_as_an_adjective_inside_a_flow_noun():
    assert flows("Узбекистан заинтересован в поставках омского зерна.") == [("RU-OMS", "UZ", "food")]


def test_receives_from_there_is_an_import():
    text = "Брянская область поставляет в Гомельскую область комбикорма, а получает оттуда молочную продукцию."
    assert flows(text) == [("BY-HO", "RU-BRY", "food"), ("RU-BRY", "BY-HO", "food")]


def test_a_country_the_talks_were_about_is_not_a_side():
    assert meetings("Губернатор Омской области обсудил с министрами поставки зерна в Казахстан.") == []


def test_place_on_the_goods_is_the_seller_place_on_the_buyer_is_the_buyer():
    assert flows("Китай заинтересован в закупках хабаровской древесины.") == [("RU-KHA", "CN", "timber")]
    assert flows("Выросли закупки омских компаний в Узбекистане: хлопок и ткани.") == [
        ("UZ", "RU-OMS", "textiles")]


def test_regions_named_only_as_a_topic_are_not_sides_of_talks():
    text = ("Губернатор Алтайского края принял участие в заседании совета. "
            "Обсуждались вопросы развития инфраструктуры Новосибирской, Омской и Томской областей.")
    assert meetings(text) == []


def test_refusing_to_sign_gives_no_agreement():
    assert agreements("Омская и Бухарская области отказались подписывать соглашение.") == []
    assert agreements("Соглашение между Омской областью и Бухарской областью так и не было подписано.") == []


def test_agreement_signed_in_a_relative_clause():
    text = ("Итогом встречи стал меморандум, который подписали губернатор Забайкальского края "
            "и председатель правительства автономного района Внутренняя Монголия.")
    assert agreements(text) == [(("CN-NM", "RU-ZAB"), "signed")]


def test_seat_of_an_office_in_a_long_list_of_bodies():
    text = ("Подписаны соглашения между аппаратом полномочного представителя Президента КР в Чуйской области "
            "и правительством Омской области, а также между аппаратом полномочного представителя "
            "Президента КР в Ошской области и правительством Омской области.")
    assert agreements(text) == [(("KG-C", "RU-OMS"), "signed"), (("KG-O", "RU-OMS"), "signed")]


def test_partners_named_in_couples_but_not_in_a_list_grouped_by_country():
    couples = facts_of("Сотрудничать будут Гомельский облсовет и собрание Нижегородской области, "
                       "а также Могилевский облисполком и правительство Новосибирской области.")
    assert couples.partners == [("BY-HO", "RU-NIZ"), ("BY-MA", "RU-NVS")]
    grouped = facts_of("В форуме сотрудничества участвовали делегации Омской и Новосибирской областей, "
                       "Павлодарской и Карагандинской областей.")
    assert grouped.partners == []


def test_a_flow_with_one_side_named_is_not_completed_from_the_far_document():
    text = ("Губернатор Омской области встретился с хокимом Бухарской области. "
            "Стороны отметили рост туризма. Делегации посетили выставку. "
            "Омская область экспортирует пшеницу.")
    assert flows(text) == []


def test_a_flow_never_goes_from_a_country_to_its_own_region():
    text = "Хоким Ташкентской области предложил открыть в Башкирии центр для поставок фруктов из Узбекистана."
    assert flows(text) == [("UZ", "RU-BA", "food")]


def test_each_flow_starts_after_its_clause_break():
    text = ("Татарстанские предприятия поставляют в Самаркандскую область автобусы, "
            "а оттуда в республику везут фрукты.")
    assert flows(text) == [("RU-TA", "UZ-SA", "vehicles"), ("UZ-SA", "RU-TA", "food")]


def test_subject_of_the_verb_governing_a_flow_noun_is_the_seller():
    text = ("Самарские заводы поставляют в Хатлонскую область автобусы, "
            "а хатлонские партнёры готовы увеличить отгрузки хлопкового волокна.")
    assert flows(text) == [("RU-SAM", "TJ-KT", "vehicles"), ("TJ-KT", "RU-SAM", "textiles")]


def test_buying_in_a_country_makes_it_the_seller():
    assert flows("Дагестан закупает в Азербайджане овощи и фрукты.") == [("AZ", "RU-DA", "food")]


def test_a_country_adjective_on_a_side_word_stands_for_its_region_in_the_document():
    text = ("Губернатор Приморского края встретился с губернатором провинции Цзилинь. "
            "Китайская провинция поставляет в Приморский край грузовики.")
    assert flows(text) == [("CN-JL", "RU-PRI", "vehicles")]


def test_elliptic_second_clause_with_a_dash():
    text = "Башкирия поставляет в Гродненскую область полимеры, а гродненские предприятия — удобрения и сыр."
    assert flows(text) == [("BY-HR", "RU-BA", "chemicals"), ("BY-HR", "RU-BA", "food"),
                           ("RU-BA", "BY-HR", "chemicals")]


def test_to_the_markets_of_a_region_and_to_a_recipient():
    assert flows("Сурхандарьинская область поставляет на рынки Ленинградской области овощи.") == [
        ("UZ-SU", "RU-LEN", "food")]
    assert flows("Пермские предприятия предложили хорезмским партнёрам калийные удобрения.") == [
        ("RU-PER", "UZ-XO", "chemicals")]


def test_a_generic_place_word_stands_for_the_main_region():
    text = ("Губернатор Архангельской области встретился с послом Беларуси. "
            "Архангельская область поставляет в Китай пиломатериалы. "
            "Шаньдун покупает древесину. "
            "Кроме того, в регион ввозят из Беларуси грузовики.")
    assert ("BY", "RU-ARK", "vehicles") in flows(text)


def test_goods_of_a_flow_noun_are_in_its_own_phrase():
    text = ("Стороны обсудили поставки ульяновской сельхозтехники в Кашкадарьинскую область "
            "и создание предприятия по переработке овощей.")
    assert flows(text) == [("RU-ULY", "UZ-QA", "machinery")]


def test_whose_goods_is_not_which_goods():
    # «брестских» says whose the goods are, not which: a directed flow with no goods named
    assert flows("Экспорт брестских товаров в Ярославскую область вырос.") == [("BY-BR", "RU-YAR", "other")]


def test_a_negated_signing_outweighs_the_preparation_of_the_document():
    text = ("Соглашение между Ульяновской областью и Кашкадарьинской областью, которое готовилось "
            "к визиту, так и не подписали.")
    assert agreements(text) == []


def test_countries_in_the_name_of_a_forum_are_no_parties():
    text = ("Губернатор Омской области встретился с председателем Гродненского облисполкома. "
            "Стороны договорились подписать соглашение в ходе Форума регионов Беларуси и России.")
    assert agreements(text) == [(("BY-HR", "RU-OMS"), "planned")]


def test_sides_of_talks_come_from_the_sentence_just_before():
    text = ("Тульская и Гомельская области подписали программу сотрудничества. "
            "Губернатор Псковской области провёл встречу с председателем Могилёвского облисполкома. "
            "Стороны обсудили проекты в туризме. "
            "Тульская область и Гомельская область давно сотрудничают.")
    assert meetings(text) == [("BY-MA", "RU-PSK")]


def test_parties_are_read_in_the_clause_of_the_event_first():
    text = ("Вологодская область подписала соглашение с Ферганской областью, "
            "однако торговля идёт в основном с Ташкентом.")
    assert agreements(text) == [(("RU-VLG", "UZ-FA"), "signed")]


def test_goods_counted_in_tonnes_and_a_list_the_parse_breaks():
    assert flows("Вологодские предприятия отправили в Узбекистан 40 тыс. тонн пиломатериалов.") == [
        ("RU-VLG", "UZ", "timber")]
    assert flows("Оренбургская область отправляет в Актюбинскую область строительные материалы и "
                 "металлопрокат, а из Актюбинской области поступают зерно и руда.") == [
        ("KZ-15", "RU-ORE", "food"), ("KZ-15", "RU-ORE", "metals"),
        ("RU-ORE", "KZ-15", "construction"), ("RU-ORE", "KZ-15", "metals")]


def test_a_sentence_referring_back_to_the_meeting_adds_no_new_sides():
    text = ("Министр Нижегородской области провёл встречу с торговым представителем Беларуси. "
            "В ходе беседы было отмечено, что Минская область является партнёром региона.")
    assert meetings(text) == [("BY", "RU-NIZ")]


def test_agreements_of_universities_are_not_between_regions():
    text = ("Делегация Томской области провела переговоры в провинции Цзилинь. "
            "Томские вузы заключили соглашения с китайскими университетами.")
    assert agreements(text) == []


def test_a_flow_that_has_begun_is_actual():
    facts = facts_of("Курские аграрии начали поставлять в Брестскую область семена.")
    assert [(t.exporter, t.importer, t.commodity, t.status) for t in facts.trade] == [
        ("RU-KRS", "BY-BR", "food", "actual")]


def test_participants_of_a_many_region_session_are_not_paired():
    text = ("В Ташкенте прошло заседание рабочей группы. В нём участвовали представители Свердловской, "
            "Челябинской и Оренбургской областей, а также Андижанской и Ферганской областей. "
            "Участники обсудили логистику.")
    assert meetings(text) == []


def test_a_meeting_someone_could_not_attend_or_that_was_postponed_is_not_a_meeting():
    assert meetings("Губернатор Курганской области не смог принять участие во встрече "
                    "с акимом Костанайской области.") == []
    assert meetings("Переговоры губернатора Курганской области с акимом Костанайской области "
                    "перенесены на сентябрь.") == []


def test_kind_phrase_stops_before_the_next_clause():
    facts = facts_of("Соглашение о сотрудничестве Смоленская и Витебская области подписали ещё в 2019 году.")
    assert [a.kind for a in facts.agreements] == ["соглашение о сотрудничестве"]


def test_counter_flows_and_goods_that_go_somewhere():
    text = ("Стороны обсудили поставки в Сычуань красноярских пиломатериалов, "
            "а также встречные поставки сычуаньского чая.")
    assert flows(text) == [("CN-SC", "RU-KYA", "food"), ("RU-KYA", "CN-SC", "timber")]
    text = "Из Костанайской области на Южный Урал идёт пшеница, а в Цзилинь идут морепродукты и лес."
    assert ("KZ-39", "RU-CHE", "food") in flows(text)
    assert flows("Работа над проектом идёт в Челябинской области.") == []


def test_a_maker_in_capitals_is_not_goods():
    assert flows("Нижегородская область поставляет в Чувашию грузовики ГАЗ.") == [("RU-NIZ", "RU-CU", "vehicles")]


def test_supplier_of_goods_for_a_buyer():
    text = "Челябинские металлурги остаются поставщиками проката для костанайских машиностроителей."
    assert flows(text) == [("RU-CHE", "KZ-39", "metals")]


def test_talks_with_buyers_are_not_talks_between_regions():
    text = ("Бизнес-миссия Тюменской области побывала в Северо-Казахстанской области. "
            "Представители предприятий провели тридцать встреч с закупщиками.")
    assert meetings(text) == []


def test_session_of_a_joint_body_naming_its_regions():
    text = "Состоялось заседание комиссии по сотрудничеству между Оренбургской и Актюбинской областями."
    assert meetings(text) == [("KZ-15", "RU-ORE")]
    assert meetings("Депутаты Рязанской областной думы на заседании утвердили бюджет.") == []


def test_a_signing_that_did_not_take_place():
    assert agreements("Подписание дорожной карты между Челябинской и Костанайской областями не состоялось.") == []
    assert agreements("Калужская и Брестская области не стали подписывать новое соглашение.") == []


def test_goods_detailed_in_the_next_sentence():
    text = ("Большая часть монгольского экспорта идёт в Бурятию. "
            "Речь прежде всего о говядине и кашемировой пряже.")
    assert flows(text) == [("MN", "RU-BU", "food"), ("MN", "RU-BU", "textiles")]


def test_reverse_direction_with_its_own_verb():
    text = ("Тюменские производители поставляют в Северо-Казахстанскую область мебель, "
            "а в обратном направлении идут зерно и масло.")
    assert flows(text) == [("KZ-59", "RU-TYU", "food"), ("RU-TYU", "KZ-59", "timber")]


def test_a_flow_between_two_coordinated_subjects_has_no_direction():
    assert flows("Кузбасс и Павлодарская область расширят поставки угля.") == []


def test_goods_of_another_verb_are_not_traded():
    text = ("Ошские предприятия готовы поставлять в Ульяновскую область сухофрукты, "
            "а также рассчитывают на сервисный центр ульяновских автомобилей.")
    assert flows(text) == [("KG-O", "RU-ULY", "food")]


def test_companies_of_a_country_stay_the_country():
    text = ("Губернатор Бурятии встретился с губернатором Селенгинского аймака. "
            "Монгольские компании планируют экспортировать в Бурятию мясо.")
    assert flows(text) == [("MN", "RU-BU", "food")]


# --- trade: framing, passives, reverse flows, new goods -----------------------------------

def test_goods_of_road_building_and_sugar_beet_are_known():
    text = ("Пензенские карьеры поставляют в Саратовскую область щебень и песок, "
            "а пензенские фермеры — сахарную свёклу.")
    assert flows(text) == [("RU-PNZ", "RU-SAR", "construction"), ("RU-PNZ", "RU-SAR", "food")]


def test_planned_import_with_zavozit():
    facts = facts_of("Губернатор Самарской области встретился с хокимом Ферганской области. "
                     "Из Ферганской области планируется завозить абрикосы и хлопковое волокно.")
    assert sorted((t.exporter, t.importer, t.commodity, t.status) for t in facts.trade) == [
        ("UZ-FA", "RU-SAM", "food", "planned"), ("UZ-FA", "RU-SAM", "textiles", "planned")]


def test_passive_flow_through_the_sellers_ports_and_reverse_in_next_sentence():
    text = ("Губернатор Мурманской области провёл переговоры с губернатором Архангельской области. "
            "Через мурманские порты в Архангельскую область отгружаются рыба и уголь. "
            "Обратно идут пиломатериалы, производимые на местных предприятиях.")
    assert flows(text) == [("RU-ARK", "RU-MUR", "timber"), ("RU-MUR", "RU-ARK", "energy"),
                           ("RU-MUR", "RU-ARK", "food")]


def test_flow_with_naputstvovat_napravlyatsya_passive():
    assert flows("Из Карагандинской области в Омскую область направляются медь и цинк.") == [
        ("KZ-35", "RU-OMS", "metals")]


def test_cooperation_with_a_country_whose_regions_are_the_sides_adds_no_country_pair():
    facts = facts_of("Губернатор Омской области рассказал о сотрудничестве с Казахстаном. "
                     "Он встретился с акимом Павлодарской области.")
    assert facts.partners == [("KZ-55", "RU-OMS")]


def test_turnover_with_a_country_stays_a_pair_beside_its_regions():
    facts = facts_of("Губернатор Омской области встретился с акимом Павлодарской области. "
                     "Товарооборот Омской области с Казахстаном вырос вдвое.")
    assert facts.partners == [("KZ", "RU-OMS"), ("KZ-55", "RU-OMS")]


# --- agreements: cancelled signings, planned programmes, one signed plan ------------------

def test_signing_that_will_not_take_place_gives_no_agreement():
    facts = facts_of("Губернатор сообщил, что визит в Витебскую область перенесён, "
                     "а подписание соглашения с Псковской областью в этом году не состоится.")
    assert facts.agreements == []


def test_agreed_to_prepare_a_joint_programme_is_planned():
    assert agreements("Губернатор Пензенской области встретился с губернатором Саратовской области. "
                      "Договорились подготовить совместную программу по ремонту дорог.") == [
        (("RU-PNZ", "RU-SAR"), "planned")]


def test_the_sides_are_those_of_the_sentence_just_before():
    text = ("Делегация Омской области подписала соглашение с Бухарской областью. "
            "Затем омская делегация провела переговоры с хокимом Самаркандской области. "
            "Стороны договорились подготовить дорожную карту.")
    assert (("RU-OMS", "UZ-SA"), "planned") in agreements(text)
    assert (("RU-OMS", "UZ-BU"), "planned") not in agreements(text)


def test_a_plan_signed_and_called_approved_in_the_headline_is_signed_only():
    text = ("Омская и Новосибирская области утвердили план мероприятий\n\n"
            "Губернаторы Омской и Новосибирской областей подписали план мероприятий на 2026 год.")
    assert agreements(text) == [(("RU-NVS", "RU-OMS"), "signed")]


def test_agreement_with_the_regions_own_districts_is_not_between_regions():
    text = ("Губернатор Омской области встретился с хокимом Бухарской области. "
            "Губернатор поручил подписать с районами соглашения о дорожных работах.")
    assert agreements(text) == []


def test_the_buyers_industry_is_not_the_goods():
    assert flows("Челябинские металлурги поставляют курганским машиностроительным заводам листовой прокат.") == [
        ("RU-CHE", "RU-KGN", "metals")]
    assert flows("Челябинские металлурги поставляют в Курганскую область металлопрокат "
                 "для производства техники.") == [("RU-CHE", "RU-KGN", "metals")]


def test_components_for_machines_are_machinery():
    assert flows("Калужские предприятия отправляют в Минскую область комплектующие для тракторов.") == [
        ("RU-KLU", "BY-MI", "machinery")]


def test_reverse_flow_after_a_passive_flow_in_one_sentence():
    assert flows("Из Приморского края в провинцию Хэйлунцзян отправляются морепродукты, "
                 "а в обратном направлении идут овощи и строительные материалы.") == [
        ("CN-HL", "RU-PRI", "construction"), ("CN-HL", "RU-PRI", "food"), ("RU-PRI", "CN-HL", "food")]


def test_the_largest_buyer_imports_and_there_points_back_at_it():
    text = ("Экспорт Гродненской области в Россию вырос. Крупнейшим покупателем гродненской продукции "
            "остаётся Смоленская область: туда отгружены мебель и сыры.")
    assert ("BY-HR", "RU-SMO", "food") in flows(text) and ("BY-HR", "RU-SMO", "timber") in flows(text)
    assert not [f for f in flows(text) if f[0] == "RU-SMO"]
    assert flows("Крупнейшим покупателем омского зерна остаётся Павлодарская область.") == [
        ("RU-OMS", "KZ-55", "food")]


def test_goods_named_as_a_pronoun_before_the_flow_noun():
    text = ("Гостей из Бухарской области заинтересовало омское медицинское оборудование: "
            "стороны обсудили его поставки в больницы Бухарской области.")
    assert flows(text) == [("RU-OMS", "UZ-BU", "machinery")]


def test_cooperation_that_is_called_off_ties_no_partners():
    facts = facts_of("Поездка курской делегации в Гомельскую область перенесена, "
                     "а подписание документа о сотрудничестве в этом году не состоится.")
    assert (facts.agreements, facts.partners) == ([], [])
    facts = facts_of("Курская область не будет сотрудничать с Гомельской областью.")
    assert facts.partners == []


def test_a_bare_kind_word_as_side_is_the_documents_region_of_that_kind():
    text = ("Губернатор Новосибирской области и губернатор Алтайского края встретились с акимом "
            "Павлодарской области. Новосибирская область закупает в Павлодарской области уголь. "
            "Край поставляет в Павлодарскую область муку.")
    assert flows(text) == [("KZ-55", "RU-NVS", "energy"), ("RU-ALT", "KZ-55", "food")]


def test_a_bare_kind_word_as_side_is_not_the_region_named_beside_it():
    text = ("Аким Павлодарской области принял делегацию Новосибирской области. "
            "В прошлом году область ввезла из Новосибирской области муку и сыр.")
    assert flows(text) == [("RU-NVS", "KZ-55", "food")]


def test_a_bare_kind_word_is_the_speakers_region_when_the_other_side_takes_a_preposition():
    text = ("Глава Чувашии провёл переговоры с главой Тывы. "
            "Глава Чувашии сообщил, что республика готова поставлять в Тыву автобусы.")
    assert flows(text) == [("RU-CU", "RU-TY", "vehicles")]


def test_import_as_a_noun_phrase_goes_on_in_the_next_sentence_with_makers_regions():
    text = ("Импорт Гродненской области из России вырос. Основу закупок составляют нефть и газ, "
            "а также металлопрокат с заводов Челябинской и Свердловской областей.")
    assert flows(text) == [("RU", "BY-HR", "energy"), ("RU-CHE", "BY-HR", "metals"),
                           ("RU-SVE", "BY-HR", "metals")]


@pytest.mark.parametrize("text, expected", [
    ("Курская область поставляет в Гомельскую область легковые автомобили.", "vehicles"),
    ("Курская область поставляет в Гомельскую область автокомплектующие.", "vehicles"),
    ("Курская область поставляет в Гомельскую область машины.", "vehicles"),
    ("Курская область поставляет в Гомельскую область сельхозтехнику.", "machinery"),
    ("Курская область поставляет в Гомельскую область сельскохозяйственные машины.", "machinery"),
])
def test_cars_and_their_parts_are_vehicles_farm_machines_are_machinery(text, expected):
    assert flows(text) == [("RU-KRS", "BY-HO", expected)]


def test_shipments_for_the_plants_of_a_region_go_to_that_region():
    text = "Курские заводы увеличили отгрузки двигателей для предприятий Гомельской области."
    assert flows(text) == [("RU-KRS", "BY-HO", "machinery")]


def test_each_of_coordinated_destinations_is_a_buyer_never_a_seller():
    assert flows("В Курской области выросли отгрузки сахара в Беларусь и Китай.") == [
        ("RU-KRS", "BY", "food"), ("RU-KRS", "CN", "food")]
    assert flows("Курская область отгружает сахар в Беларусь и Китай.") == [
        ("RU-KRS", "BY", "food"), ("RU-KRS", "CN", "food")]


def test_buyers_named_after_the_verb_import_the_goods_named_before():
    text = ("Курские мельницы отправили за рубеж много муки. "
            "Основные объёмы закупают пекарни Гомельской и Брестской областей.")
    assert flows(text) == [("RU-KRS", "BY-BR", "food"), ("RU-KRS", "BY-HO", "food")]


MEETING_KURSK_GOMEL = "Губернатор Курской области встретился с председателем Гомельского облисполкома. "


def test_passive_verb_of_bringing_in_gives_a_flow():
    text = MEETING_KURSK_GOMEL + "Из Гомельской области в Курскую область ввозятся цемент и фрукты."
    assert flows(text) == [("BY-HO", "RU-KRS", "construction"), ("BY-HO", "RU-KRS", "food")]


def test_sending_considered_is_a_planned_flow():
    text = MEETING_KURSK_GOMEL + "Курские компании рассматривают возможность отправки в область цемента."
    facts = facts_of(text)
    assert [(t.exporter, t.importer, t.commodity, t.status) for t in facts.trade] == [
        ("RU-KRS", "BY-HO", "construction", "planned")]


def test_diesel_engines_are_machinery_diesel_fuel_is_energy():
    assert flows(MEETING_KURSK_GOMEL + "Курские заводы отправляют в Гомельскую область тепловозные дизели.") == [
        ("RU-KRS", "BY-HO", "machinery")]
    assert flows(MEETING_KURSK_GOMEL + "Курские заводы отправляют в Гомельскую область дизельное топливо.") == [
        ("RU-KRS", "BY-HO", "energy")]


def test_a_city_a_trip_goes_to_is_not_the_country_side():
    text = ("Губернатор Курской области принял посла Республики Узбекистан. "
            "Узбекская сторона готова увеличить поставки в Курскую область фруктов. "
            "Решено организовать бизнес-миссию курских экспортёров в Ташкент.")
    assert flows(text) == [("UZ", "RU-KRS", "food")]


def test_a_country_named_on_the_goods_or_by_its_part_is_the_documents_region_of_it():
    text = (MEETING_KURSK_GOMEL + "Курская область закупает у соседей сыр, в прошлом году ввоз "
            "белорусского сыра в область вырос. В обратном направлении идут цемент и уголь.")
    assert flows(text) == [("BY-HO", "RU-KRS", "food"), ("RU-KRS", "BY-HO", "construction"),
                           ("RU-KRS", "BY-HO", "energy")]
    text = MEETING_KURSK_GOMEL + "Стороны обсудили поставки курских тракторов на восток Беларуси."
    assert flows(text) == [("RU-KRS", "BY-HO", "machinery")]


def test_a_plain_country_destination_stays_the_country():
    text = MEETING_KURSK_GOMEL + "Курская область поставляет тракторы в Беларусь."
    assert flows(text) == [("RU-KRS", "BY", "machinery")]


def test_buying_in_the_neighbouring_republic_means_the_republic_sells():
    text = ("Глава Республики Башкортостан и губернатор Свердловской области встретились. "
            "Закупают в соседней республике нефтепродукты и мёд.")
    assert flows(text) == [("RU-BA", "RU-SVE", "energy"), ("RU-BA", "RU-SVE", "food")]


def test_generic_goods_detailed_afterwards_are_those_goods():
    text = ("Курская область в прошлом году экспортировала в Гомельскую область продукции "
            "на 5 млн долларов, прежде всего прокат и трубы.")
    assert flows(text) == [("RU-KRS", "BY-HO", "metals")]
    assert flows("Курская область экспортировала в Гомельскую область продукции на 5 млн долларов.") == [
        ("RU-KRS", "BY-HO", "other")]


@pytest.mark.parametrize("goods", ["горюче-смазочные материалы", "смазочные масла"])
def test_fuels_and_lubricants_are_energy(goods):
    assert flows(f"Курская область поставляет в Гомельскую область {goods}.") == [("RU-KRS", "BY-HO", "energy")]


def test_a_country_with_a_direction_adjective_is_the_documents_region_of_it():
    text = MEETING_KURSK_GOMEL + "Курские мукомолы поставляют в Восточную Беларусь муку."
    assert flows(text) == [("RU-KRS", "BY-HO", "food")]


def test_the_seat_of_a_foreign_country_s_office_is_no_side_of_talks():
    facts = facts_of("Аким Кызылординской области Куанышбек Искаков встретился с генеральным консулом "
                     "Российской Федерации в Алматы Евгением Бобровым.")
    assert [sorted(m.parties) for m in facts.meetings] == [["KZ-43", "RU"]]

"""Trade flows and their commodities, on sentences written for these tests.

Each test states one way Russian news puts trade (a role noun, a list, a gapped
clause, a total with no goods, a maker on the goods …) and checks the flows read.
"""

from __future__ import annotations

import pytest

from interreg.ingest.events.taxonomy import classify, nearest_class
from tests.test_events import facts_of


def flows(text):
    return sorted((t.exporter, t.importer, t.commodity) for t in facts_of(text).trade)


# --- the product taxonomy -------------------------------------------------------------

@pytest.mark.parametrize("lemma, category", [
    ("абрикос", "food"),        # in the HS chapters table
    ("пластмасса", "chemicals"),
    ("мебель", "timber"),
    ("генератор", "machinery"),
    ("электробус", "vehicles"),
])
def test_goods_words_get_their_hs_class(lemma, category):
    assert classify(lemma)[0] == category


@pytest.mark.parametrize("lemma, category", [
    ("пиджак", "textiles"),     # in neither table: the nearest class in the embeddings
    ("бульдозер", "machinery"),
    ("смартфон", "machinery"),
    ("черника", "food"),
])
def test_unlisted_goods_take_the_nearest_class(lemma, category):
    from interreg.ingest.events.taxonomy import chapter_words
    assert lemma not in chapter_words()
    assert nearest_class((lemma,))[0] == category


@pytest.mark.parametrize("lemma", ["год", "сертификат", "проект", "площадка"])
def test_words_that_are_no_goods_have_no_class(lemma):
    assert nearest_class((lemma,)) is None


def test_an_hs_section_comes_with_the_class():
    assert classify("алюминий") == ("metals", "XV")
    assert classify("лекарство") == ("pharma", "VI")


def test_unlisted_goods_in_a_list_are_classified():
    assert flows("Омская область отправила в Казахстан пиджаки и брюки.") == [("RU-OMS", "KZ", "textiles")]


def test_electric_machines_are_machinery_not_vehicles():
    assert flows("Свердловская область поставляет в Киргизию электрические машины.") == [
        ("RU-SVE", "KG", "machinery")]


# --- frames ----------------------------------------------------------------------------

def test_a_list_of_destinations_gives_a_flow_to_each():
    assert flows("Экспорт пшеницы из Курганской области шёл в Казахстан, Узбекистан и Таджикистан.") == [
        ("RU-KGN", "KZ", "food"), ("RU-KGN", "TJ", "food"), ("RU-KGN", "UZ", "food")]


def test_a_role_noun_names_the_buyer():
    text = ("Алтайский край наращивает экспорт муки. "
            "Крупнейшими покупателями алтайской муки стали Казахстан и Монголия.")
    assert ("RU-ALT", "KZ", "food") in flows(text)
    assert ("RU-ALT", "MN", "food") in flows(text)


def test_a_geography_of_exports_in_the_instrumental_with_shares():
    text = ("Томская область отгрузила за рубеж 5 тыс. кубометров пиломатериалов. "
            "География экспорта представлена Китаем (60%), Казахстаном (30%) и Узбекистаном (10%).")
    got = flows(text)
    assert {("RU-TOM", "CN", "timber"), ("RU-TOM", "KZ", "timber"), ("RU-TOM", "UZ", "timber")} <= set(got)


def test_a_gapped_clause_after_a_comma_repeats_the_verb():
    text = "Из Казахстана в Омскую область поступило 40 тонн риса, из Узбекистана — 20 тонн абрикосов."
    assert flows(text) == [("KZ", "RU-OMS", "food"), ("UZ", "RU-OMS", "food")]


def test_a_relative_word_names_the_destination():
    text = "Главным рынком остаётся Китай, куда Иркутская область отгрузила 70% леса."
    assert ("RU-IRK", "CN", "timber") in flows(text)


def test_a_directed_total_without_goods_is_other():
    text = ("Казахстан остаётся основным партнёром Астраханской области. "
            "За полугодие экспорт вырос на 20%, а импорт — на 40%.")
    assert flows(text) == [("KZ", "RU-AST", "other"), ("RU-AST", "KZ", "other")]


def test_no_other_beside_named_goods_for_the_same_pair():
    text = ("Экспорт Новгородской области в Беларусь вырос на 10%. "
            "Главный покупатель новгородской древесины — Беларусь.")
    assert flows(text) == [("RU-NGR", "BY", "timber")]


def test_the_maker_on_the_goods_sells_to_the_buyer():
    text = "Тюменская область приобрела белорусской техники на полмиллиарда рублей."
    assert flows(text) == [("BY", "RU-TYU", "machinery")]


def test_a_country_alone_at_both_ends_is_no_flow():
    assert flows("Туркменистан отправил в Россию текстиль и продовольствие.") == []


def test_a_bare_plural_of_products_is_food():
    assert flows("Омские производители поставляют в Казахстан лекарства и продукты.") == [
        ("RU-OMS", "KZ", "food"), ("RU-OMS", "KZ", "pharma")]


def test_essential_oils_are_chemicals():
    assert flows("Омская область экспортирует в Казахстан эфирные масла.") == [("RU-OMS", "KZ", "chemicals")]


def test_the_trade_words_own_destination_comes_first():
    assert flows("В ходе рабочей поездки омских политиков в Беларусь было принято решение о поставке "
                 "120 новых тракторов белорусского производства в Омскую область.") == [
        ("BY", "RU-OMS", "machinery")]


def test_a_maker_in_a_company_name_is_no_region_of_the_document():
    text = ("В Омскую область поставят новые белорусские трактора. "
            "Делегация посетила Минский тракторный завод.")
    assert flows(text) == [("BY", "RU-OMS", "machinery")]


def test_a_partner_ranked_in_the_regions_exports_is_the_buyer():
    text = ("Казахстан занимает третье место в общем объеме экспорта Омской области. "
            "Объем поставок молочной продукции в страну достиг 2 тыс. тонн.")
    assert flows(text) == [("RU-OMS", "KZ", "food")]


@pytest.mark.parametrize("text, expected", [
    ("Курганская область наращивает выпуск комбайнов. На узбекском рынке пользуются спросом курганские комбайны.",
     [("RU-KGN", "UZ", "machinery")]),
    ("Губернатор Челябинской области посетил Екатеринбург. Челябинская мебель хорошо известна на рынках "
     "Свердловской области.", [("RU-CHE", "RU-SVE", "timber")]),
    ("Губернатор Омской области встретился с послом Казахстана. В Казахстане пользуются популярностью омские сыры.",
     [("RU-OMS", "KZ", "food")]),
])
def test_goods_in_demand_on_a_market_flow_from_their_maker_to_the_market(text, expected):
    assert flows(text) == expected


def test_goods_in_demand_with_no_maker_come_from_the_documents_region():
    text = ("Сухофрукты экспортируются в другие страны из Согдийской области. "
            "Особым спросом этот товар пользуется в Беларуси.")
    assert flows(text) == [("TJ-SU", "BY", "food")]


def test_spare_parts_are_machinery_and_canned_products_food():
    assert flows("Омская область поставляет в Казахстан генераторы и запчасти к ним, "
                 "консервированную продукцию.") == [("RU-OMS", "KZ", "food"), ("RU-OMS", "KZ", "machinery")]


def test_entering_a_market_is_a_planned_flow_of_whoever_enters():
    text = ("Губернатор Омской области встретился с послом Казахстана. "
            "Омская компания планирует выход на казахстанский рынок со своей молочной продукцией.")
    assert flows(text) == [("RU-OMS", "KZ", "food")]
    assert [t.status for t in facts_of(text).trade] == ["planned"]


def test_entering_a_market_with_no_goods_named_is_other():
    text = ("Губернатор Омской области встретился с послом Узбекистана. "
            "Омские производители намерены выйти на рынок Узбекистана.")
    assert flows(text) == [("RU-OMS", "UZ", "other")]


def test_vehicles_that_carry_goods_are_not_traded():
    assert flows("Омская область отправила в Казахстан вагоны с углем.") == [("RU-OMS", "KZ", "energy")]
    assert flows("Омская область поставила в Казахстан грузовики и автобусы.") == [("RU-OMS", "KZ", "vehicles")]


def test_a_subjectless_infinitive_goes_on_with_the_subject_before():
    text = ("Губернатор Воронежской области встретился с послом Беларуси. Беларусь планирует "
            "поставлять в этот российский регион спец. и сельхозтехнику. Взамен импортировать зерновые культуры.")
    assert flows(text) == [("BY", "RU-VOR", "machinery"), ("RU-VOR", "BY", "food")]


def test_a_market_phrase_beside_another_trade_word_reads_its_own_clause():
    assert flows("Курганские комбайны пользуются спросом на узбекском рынке, а экспорт зерна "
                 "в Казахстан вырос вдвое.") == [("RU-KGN", "KZ", "food"), ("RU-KGN", "UZ", "machinery")]
    assert flows("Омские производители вышли на рынок Китая с молочной продукцией и увеличили "
                 "поставки зерна в Казахстан.") == [("RU-OMS", "CN", "food"), ("RU-OMS", "KZ", "food")]


def test_your_markets_are_those_of_the_other_side_of_the_talks():
    talks = "Хоким Бухарской области Ботир Зарипов провёл переговоры с губернатором Омской области. "
    assert flows(talks + "Зарипов отметил, что бухарские предприятия хотели бы представить свою "
                 "продукцию на ваших рынках.") == [("UZ-BU", "RU-OMS", "other")]
    assert flows("Губернатор Омской области Виталий Хоценко встретился с хокимом Бухарской области "
                 "Ботиром Зариповым. «Наши производители готовы представить свои товары на ваших "
                 "рынках», – сказал Хоценко.") == [("RU-OMS", "UZ-BU", "other")]


def test_flows_to_countries_beyond_the_neighbours():
    assert flows("Омская область в прошлом году поставила пшеницу в Иран, Турцию, Египет и Вьетнам.") == [
        ("RU-OMS", "EG", "food"), ("RU-OMS", "IR", "food"), ("RU-OMS", "TR", "food"), ("RU-OMS", "VN", "food")]
    assert flows("Россия увеличила экспорт пшеницы в Турцию и Египет.") == []


def test_goods_as_the_subject_before_a_verb_of_going():
    assert flows("Омская пшеница отправлялась в Иран, Турцию, Египет и Казахстан.") == [
        ("RU-OMS", "EG", "food"), ("RU-OMS", "IR", "food"), ("RU-OMS", "KZ", "food"), ("RU-OMS", "TR", "food")]
    assert flows("Работа делегации отправилась в Казахстан.") == []


def test_the_place_of_talks_about_supplies_is_no_market():
    assert flows("Поставки карьерных самосвалов обсуждали сегодня в Москве посол Беларуси "
                 "и губернатор Иркутской области.") == []


def test_every_member_of_a_list_of_destinations_written_side_by_side():
    assert flows("Планируется организовать поставки сельхозтехники из Республики Беларусь в Тульскую, "
                 "Орловскую, Рязанскую и Калужскую области.") == [
        ("BY", "RU-KLU", "machinery"), ("BY", "RU-ORL", "machinery"), ("BY", "RU-RYA", "machinery"),
        ("BY", "RU-TUL", "machinery")]


def test_a_list_of_destinations_the_parse_has_lost_is_no_flow_between_its_members():
    found = flows("Набирают обороты поставки в Сибирь, Дальневосточный и Уральский округа, Алтайский, "
                  "Приморский, Забайкальский края, Ростовскую, Томскую, Новосибирскую области.")
    assert not [f for f in found if f[0].startswith("RU-") and f[1].startswith("RU-")]


def test_two_places_of_one_side_are_no_flow_between_them():
    assert flows("Из Курской и Белгородской областей поставляется зерно.") == []

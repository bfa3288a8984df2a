"""The gazetteer: its data and the lemma-based lookup of place mentions."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

import pytest

from interreg.ingest.entities.gazetteer import Gazetteer, PlaceMatch, gazetteer


@pytest.fixture(scope="module")
def g() -> Gazetteer:
    return gazetteer()


def found(g: Gazetteer, text: str) -> list[tuple[str, str, str]]:
    return [(m.text, m.place.iso, m.via) for m in g.match(text)]


def isos(g: Gazetteer, text: str) -> list[str]:
    return [m.place.iso for m in g.match(text)]


# --- the data ---------------------------------------------------------------

def test_all_89_russian_subjects_with_unique_codes(g):
    russian = g.places("region")
    russian = [p for p in russian if p.country == "RU"]
    assert len(russian) == 89
    assert len({p.iso for p in russian}) == 89
    assert len({p.name for p in russian}) == 89
    for iso in ("RU-CR", "RU-SEV", "RU-DPR", "RU-LPR", "RU-ZAP", "RU-KHE", "RU-MOW", "RU-SPE", "RU-SA"):
        assert g.get(iso) is not None, iso


@pytest.mark.parametrize("country, count", [("UZ", 14), ("KZ", 20), ("BY", 7), ("KG", 9), ("TJ", 5),
                                            ("TM", 6), ("AM", 11), ("MN", 22), ("CN", 34)])
def test_regions_per_country(g, country, count):
    regions = [p for p in g.places("region") if p.country == country]
    assert len(regions) == count
    assert all(p.iso.startswith(country + "-") for p in regions)


def test_codes_are_unique_and_countries_are_known(g):
    places = g.places()
    assert len({p.iso for p in places}) == len(places)
    countries = {p.iso for p in g.places("country")}
    assert {"RU", "UZ", "KZ", "BY", "KG", "TJ", "TM", "AM", "AZ", "MN", "CN"} <= countries
    assert all(p.country in countries for p in places)


@pytest.mark.parametrize("text, iso", [
    ("с Вьетнамом", "VN"), ("в Турцию", "TR"), ("из ОАЭ", "AE"), ("Объединённых Арабских Эмиратов", "AE"),
    ("Объединенные Арабские Эмираты", "AE"), ("в Польше", "PL"), ("ФРГ", "DE"), ("из США", "US"),
    ("КНДР", "KP"), ("Ираном", "IR"), ("в Египет", "EG"), ("Индии", "IN"), ("Грузией", "GE"),
    ("Молдавии", "MD"), ("с РА", "AM"), ("Туркменией", "TM"), ("турецкие партнёры", "TR"),
])
def test_countries_the_news_trades_with(g, text, iso):
    assert isos(g, text)[-1] == iso
    assert g.get(iso).kind == "country" and g.coordinates(iso) and g.latin_names(iso)


@pytest.mark.parametrize("text, iso", [
    ("в область Абай", "KZ-10"), ("Абайской области", "KZ-10"), ("области Жетысу", "KZ-33"),
    ("Жетысуской области", "KZ-33"), ("Улытауской областью", "KZ-62"), ("Абхазией", "GE-AB"),
])
def test_newer_and_disputed_first_level_units(g, text, iso):
    assert isos(g, text) == [iso]


def test_get_and_capital_of(g):
    assert g.get("uz-bu").name == "Бухарская область"
    assert g.get("RU-SA").name == "Республика Саха (Якутия)"
    assert g.get("XX-00") is None
    assert g.capital_of("RU-TA") == "Казань"
    assert g.capital_of("UZ-BU") == "Бухара"
    assert g.capital_of("RU-MOW") is None


# --- matching every case form -------------------------------------------------

@pytest.mark.parametrize("form", ["Бухарская область", "Бухарской области", "Бухарскую область",
                                  "Бухарской областью", "о Бухарской области"])
def test_official_name_in_every_case(g, form):
    assert found(g, form)[-1][1:] == ("UZ-BU", "official")


@pytest.mark.parametrize("form, iso", [
    ("Республикой Татарстан", "RU-TA"), ("в Республике Башкортостан", "RU-BA"),
    ("Краснодарского края", "RU-KDA"), ("Хубсугульского аймака", "MN-041"), ("Чуйской области", "KG-C"),
    ("Центральным аймаком", "MN-047"), ("провинции Хэйлунцзян", "CN-HL"),
    ("Автономного района Внутренняя Монголия", "CN-NM"), ("Республики Саха (Якутия)", "RU-SA"),
    ("Ханты-Мансийского автономного округа — Югры", "RU-KHM"), ("Кабардино-Балкарской Республики", "RU-KB"),
    ("Северо-Казахстанской области", "KZ-59"), ("Санкт-Петербурга", "RU-SPE"), ("Москве", "RU-MOW"),
    ("Донецкой Народной Республики", "RU-DPR"), ("Нахичеванской Автономной Республики", "AZ-NX"),
])
def test_official_names(g, form, iso):
    assert found(g, form) == [(form.removeprefix("в "), iso, "official")]


@pytest.mark.parametrize("form, iso", [
    ("в Оренбуржье", "RU-ORE"), ("Брянщины", "RU-BRY"), ("на Ставрополье", "RU-STA"), ("Кузбассом", "RU-KEM"),
    ("Югры", "RU-KHM"), ("Подмосковья", "RU-MOS"), ("Верхневолжье", "RU-TVE"), ("на Среднем Урале", "RU-SVE"),
    ("Якутии", "RU-SA"), ("Прииртышья", "RU-OMS"), ("Башкирии", "RU-BA"), ("Карачаево-Черкесии", "RU-KC"),
    ("Петербурге", "RU-SPE"), ("Ташкенте", "UZ-TK"), ("Бишкеке", "KG-GB"), ("Нур-Султане", "KZ-71"),
])
def test_short_names(g, form, iso):
    assert found(g, form)[-1][1:] == (iso, "short")


@pytest.mark.parametrize("text, iso", [
    ("омские предприниматели", "RU-OMS"), ("башкирской делегации", "RU-BA"),
    ("свердловские заводы", "RU-SVE"), ("татарстанским компаниям", "RU-TA"), ("бухарских мастеров", "UZ-BU"),
])
def test_adjective_alone(g, text, iso):
    assert found(g, text) == [(text.split()[0], iso, "adjective")]


def test_adjective_with_a_generic_noun_is_the_region(g):
    assert found(g, "Омский регион") == [("Омский регион", "RU-OMS", "official")]
    assert found(g, "Бухарского вилоята") == [("Бухарского вилоята", "UZ-BU", "official")]
    assert found(g, "аймака Хубсугул") == [("аймака Хубсугул", "MN-041", "official")]
    assert found(g, "Минского областного исполкома")[0][1] == "BY-MI"


def test_coordinated_adjectives_share_their_noun(g):
    assert isos(g, "Главы Ташкентской и Наманганской областей") == ["UZ-TO", "UZ-NG"]
    assert isos(g, "между Павлодарской и Омской областями") == ["KZ-55", "RU-OMS"]
    assert [m.via for m in g.match("Ташкентской и Наманганской областей")] == ["official", "official"]


@pytest.mark.parametrize("text, iso", [("Омичи", "RU-OMS"), ("омичам", "RU-OMS"), ("бухарцы", "UZ-BU"),
                                       ("с бухарцами", "UZ-BU"), ("нижегородцев", "RU-NIZ")])
def test_demonyms(g, text, iso):
    assert found(g, text)[-1][1:] == (iso, "demonym")


@pytest.mark.parametrize("text, iso", [("в Бухаре", "UZ-BU"), ("Делегация из Казани", "RU-TA"),
                                       ("в Нижнем Новгороде", "RU-NIZ"), ("из Уфы", "RU-BA"),
                                       ("в Харбине", "CN-HL"), ("во Владимире", "RU-VLA")])
def test_capitals(g, text, iso):
    assert found(g, text)[-1][1:] == (iso, "capital")


def test_a_capital_that_is_a_persons_name_is_not_a_city(g):
    assert g.match("Владимир Путин встретился с Сергеем Кировым.") == []
    assert g.match("Николай Курганов и Анна Иванова") == []
    assert found(g, "Питер Брук приехал в Питер.") == [("Питер", "RU-SPE", "short")]


@pytest.mark.parametrize("text, iso, via", [
    ("ХМАО", "RU-KHM", "abbreviation"), ("СКО", "KZ-59", "abbreviation"), ("АРВМ", "CN-NM", "abbreviation"),
    ("президент РТ", "RU-TA", "abbreviation"), ("КНР", "CN", "country"), ("в РФ", "RU", "country"),
])
def test_abbreviations(g, text, iso, via):
    assert found(g, text)[-1][1:] == (iso, via)


def test_abbreviations_only_in_their_own_case(g):
    assert g.match("ско рт арвм хмао") == []


def test_countries(g):
    assert [(m.place.iso, m.place.kind, m.via) for m in g.match("Республики Узбекистан")] == [("UZ", "country", "country")]
    assert isos(g, "Россия, Китай, КНР, Белоруссия, Беларусь, Киргизия, Кыргызстан") == [
        "RU", "CN", "CN", "BY", "BY", "KG", "KG"]
    assert found(g, "узбекистанской делегации") == [("узбекистанской", "UZ", "adjective")]


@pytest.mark.parametrize("text, iso", [
    ("Москва", "RU-MOW"), ("московский", "RU-MOW"), ("Московская область", "RU-MOS"), ("Подмосковье", "RU-MOS"),
    ("Минск", "BY-HM"), ("Минская область", "BY-MI"), ("Ташкент", "UZ-TK"), ("Ташкентская область", "UZ-TO"),
    ("Бишкек", "KG-GB"), ("Санкт-Петербург", "RU-SPE"), ("Петербург", "RU-SPE"), ("Северная столица", "RU-SPE"),
    ("Ленинградская область", "RU-LEN"), ("Ош", "KG-GO"), ("Ошская область", "KG-O"),
])
def test_ambiguous_names_go_to_the_right_place(g, text, iso):
    assert isos(g, text) == [iso]


def test_ordinary_words_are_not_places(g):
    assert isos(g, "ош тыва") == []
    assert isos(g, "Тыва и Ош") == ["RU-TY", "KG-GO"]


def test_one_letter_typo_in_a_long_adjective(g):
    assert found(g, "Навоийнской области") == [("Навоийнской области", "UZ-NW", "official")]
    assert found(g, "Новоийской области") == [("Новоийской области", "UZ-NW", "official")]
    assert found(g, "Наманганской области") == [("Наманганской области", "UZ-NG", "official")]


def test_typos_do_not_turn_ordinary_adjectives_into_regions(g):
    # one letter off «городской» or «советской» is no region; short stems are never stretched
    assert g.match("Городской области, Советской области, Сибирской области, Омкой области, Тверкой области") == []


ORDINARY_TEXT = """
Вчера в центре города открылся новый парк. Жители района пришли посмотреть на фонтан, а дети играли
на площадке. Орган местного самоуправления сообщил, что ремонт дороги завершится осенью. Область
применения этого метода широка: от медицины до сельского хозяйства. Край стола был покрыт пылью.
Средний возраст участников составил тридцать лет. Республика в древности была устроена иначе, писал
историк. Северная часть леса сгорела, южный берег реки размыло. Центральный рынок работает без
выходных. На приморском бульваре играл оркестр, а горный воздух был свеж. Мир меняется, и каждый
регион ищет свой путь. Рано утром орел кружил над курганом, а в поле цвела рожь. Союз писателей
провёл заседание. Глава семьи вернулся домой. Старый Владимир Иванович пришёл к Сергею Кирову.
"""


def test_no_place_in_ordinary_text(g):
    assert g.match(ORDINARY_TEXT) == []


def test_longest_match_wins_and_offsets_point_into_the_text(g):
    text = "Губернатор Свердловской области Российской Федерации посетил Республику Саха (Якутия)."
    matches = g.match(text)
    assert [(m.place.iso, m.via) for m in matches] == [("RU-SVE", "official"), ("RU", "country"),
                                                       ("RU-SA", "official")]
    for m in matches:
        assert text[m.start:m.end] == m.text
    assert [m.start for m in matches] == sorted(m.start for m in matches)


@dataclass
class FakeToken:
    """What `match_tokens` needs of a token: the natasha pipeline's `Token` has these fields."""

    text: str
    start: int
    end: int
    lemma: str


def test_match_tokens_over_hyphenated_tokens():
    text = "Делегация Санкт-Петербурга прибыла в Северо-Казахстанскую область"
    tokens, pos = [], 0
    for word, lemma in [("Делегация", "делегация"), ("Санкт-Петербурга", "санкт-петербург"),
                        ("прибыла", "прибыть"), ("в", "в"), ("Северо-Казахстанскую", "северо-казахстанский"),
                        ("область", "область")]:
        start = text.index(word, pos)
        tokens.append(FakeToken(word, start, start + len(word), lemma))
        pos = start + len(word)
    matches = gazetteer().match_tokens(tokens)
    assert [(m.text, m.place.iso) for m in matches] == [("Санкт-Петербурга", "RU-SPE"),
                                                        ("Северо-Казахстанскую область", "KZ-59")]
    assert matches == gazetteer().match(text)


def test_match_tokens_on_the_natasha_pipeline():
    from interreg.ingest.entities.nlp import parse
    text = "Губернатор Омской области встретился с хокимом Бухарской области в Ташкенте."
    tokens = [t for s in parse(text) for t in s.tokens]
    assert gazetteer().match_tokens(tokens) == gazetteer().match(text)
    assert isos(gazetteer(), text) == ["RU-OMS", "UZ-BU", "UZ-TK"]


# --- resolve and suggest ---------------------------------------------------------

@pytest.mark.parametrize("name", ["UZ-BU", "uz-bu", "Бухарская область", "Бухарской области", "Бухара",
                                  "Бухарская", "бухарской области", "бухара"])
def test_resolve_bukhara(g, name):
    assert g.resolve(name).iso == "UZ-BU"


@pytest.mark.parametrize("name, iso", [("Татарстан", "RU-TA"), ("Узбекистан", "UZ"), ("Республика Узбекистан", "UZ"),
                                       ("Свердловская область Российской Федерации", "RU-SVE"),
                                       ("Оренбуржье", "RU-ORE"), ("Омскую область", "RU-OMS")])
def test_resolve(g, name, iso):
    assert g.resolve(name).iso == iso


def test_resolve_unknown(g):
    assert g.resolve("Атлантида") is None
    assert g.resolve("") is None


def test_suggest_finds_the_closest_names(g):
    assert g.suggest("Бухарсая обл")[0].iso == "UZ-BU"
    assert "RU-KEM" in [p.iso for p in g.suggest("Кузбас")]
    assert len(g.suggest("Омская", n=3)) <= 3
    assert g.suggest("Омская", n=3)[0].iso == "RU-OMS"


# --- the gold corpus ----------------------------------------------------------------

def _dev_documents(shared_dir):
    with open(shared_dir / "corpus" / "dev.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@pytest.mark.shared
def test_every_gold_region_is_known_by_its_exact_name(shared_dir, g):
    for doc in _dev_documents(shared_dir):
        for region in doc["gold"]["regions"]:
            place = g.get(region["iso"])
            assert place is not None, region
            assert place.name == region["name"], (doc["id"], region)


@pytest.mark.shared
def test_every_gold_region_is_found_in_its_text(shared_dir, g):
    for doc in _dev_documents(shared_dir):
        mentioned = {m.place.iso for m in g.match(doc["text"])}
        missing = {r["iso"] for r in doc["gold"]["regions"]} - mentioned
        assert not missing, (doc["id"], missing)


@pytest.mark.shared
def test_match_speed_on_the_dev_corpus(shared_dir, g):
    texts = [doc["text"] for doc in _dev_documents(shared_dir)]
    g.match(texts[0])
    started = time.perf_counter()
    for text in texts:
        g.match(text)
    ms_per_document = (time.perf_counter() - started) * 1000 / len(texts)
    print(f"gazetteer.match: {ms_per_document:.1f} ms per document over {len(texts)} documents")
    assert ms_per_document < 200


def test_place_match_is_a_value():
    m = gazetteer().match("Омская область")[0]
    assert isinstance(m, PlaceMatch)
    assert m == PlaceMatch(0, 14, "Омская область", gazetteer().get("RU-OMS"), "official")


def test_every_name_in_the_data_finds_its_own_place(g):
    for place in g.places():
        for name in g.names(place.iso):
            matches = g.match(name)
            assert [(m.text, m.place.iso) for m in matches] == [(name, place.iso)], name


# genitive endings of the official names built as «<adjective> <generic noun>»
GENITIVE = [("ая область", "ой области"), ("ий край", "ого края"), ("ой край", "ого края"),
            ("ий аймак", "ого аймака"), ("ий велаят", "ого велаята"), ("ий автономный округ", "ого автономного округа")]


def test_official_names_in_the_genitive(g):
    checked = 0
    for place in g.places("region"):
        for nominative, genitive in GENITIVE:
            if place.name.endswith(nominative) and " " not in place.name[: -len(nominative)].strip():
                form = place.name[: -len(nominative)] + genitive
                assert [(m.text, m.place.iso) for m in g.match(form)] == [(form, place.iso)], form
                checked += 1
    assert checked > 120


def test_a_name_after_its_dash_is_no_obstacle(g):
    # «Кемеровская область — Кузбасс»: its adjective still makes a region with a generic noun
    assert found(g, "кемеровского региона") == [("кемеровского региона", "RU-KEM", "official")]
    assert found(g, "Ханты-Мансийского округа") == [("Ханты-Мансийского округа", "RU-KHM", "official")]


def test_compound_adjectives_name_both_countries(g):
    assert [(m.place.iso, m.via) for m in g.match("российско-китайских отношений")] == [
        ("RU", "adjective"), ("CN", "adjective")]


def test_excluded_phrases_hide_the_place_words_they_contain(g):
    assert g.match("В Ферганской долине и у Казанского вокзала") == []
    assert isos(g, "Ферганская область и Казань") == ["UZ-FA", "RU-TA"]


def test_river_names_of_uzbek_regions_and_adjectives_of_primorye_and_pomorye(g):
    assert isos(g, "Делегация из Кашкадарьи прибыла в Сурхандарью.") == ["UZ-QA", "UZ-SU"]
    assert isos(g, "Приморские компании закупают лес, поморские рыбаки продают треску.") == ["RU-PRI", "RU-ARK"]


def test_ordinary_uses_of_primorsky_are_no_place(g):
    assert isos(g, "Туристы отдыхали в приморском городе и гуляли по приморскому бульвару.") == []


def test_the_russian_form_of_the_uvs_aimag(g):
    assert isos(g, "Губернатор Увсунского аймака прибыл с визитом.") == ["MN-046"]


def test_the_ural_federal_district_is_not_the_city_of_uralsk(g):
    assert isos(g, "первое место в Уральском федеральном округе") == []
    assert isos(g, "делегация прибыла в Уральск") == ["KZ-27"]

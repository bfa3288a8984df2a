"""Officials: names in the nominative, positions, whose office, merging within a document."""

from datetime import date

import pytest

from interreg.ingest.entities import analyse
from interreg.ingest.facts import Document
from interreg.ingest.entities.names import name_from_words, normalise_word


def officials(text: str) -> set[tuple[str, str | None, str | None]]:
    analysis = analyse(Document(id="t", text=text, published=date(2025, 4, 26)))
    return {(p.name, p.position, p.of) for p in analysis.persons}


# --- names -----------------------------------------------------------------------------------

@pytest.mark.parametrize("words, case, expected", [
    ("Ботиром Зариповым", "Ins", "Ботир Зарипов"),
    ("Виталия Хоценко", "Gen", "Виталий Хоценко"),
    ("Павла Малкова", "Gen", "Павел Малков"),
    ("Жамшида Ходжаева", "Gen", "Жамшид Ходжаев"),
    ("Натальи Ивановны Кочановой", "Gen", "Наталья Кочанова"),
    ("Александром Генриховичем Турчиным", "Ins", "Александр Турчин"),
    ("Раджаббоем Ахмадзодой", "Ins", "Раджаббой Ахмадзода"),
    ("Хань Шэнцзянем", "Ins", "Хань Шэнцзянь"),
    ("Борисом Дубровским", "Ins", "Борис Дубровский"),
    ("Адильбеку Джаксыбекову", "Dat", "Адильбек Джаксыбеков"),
    ("Юрия Берга", "Gen", "Юрий Берг"),
    ("Нодиром НУРМАТОВЫМ", "Ins", "Нодир Нурматов"),
    ("С. Исманова", "Gen", "С. Исманов"),
    ("Игорь Руденя", "Nom", "Игорь Руденя"),
])
def test_names_go_back_to_the_nominative(words, case, expected):
    assert name_from_words(words.split(), case).full == expected


def test_surnames_that_do_not_decline_stay():
    assert normalise_word("Мельниченко", "Gen", "Masc", "last") == "Мельниченко"
    assert normalise_word("Ичинхорлоо", "Ins", None, "last") == "Ичинхорлоо"


def test_a_short_surname_keeps_what_looks_like_an_ending():
    assert normalise_word("Ким", "Gen", "Masc", "last") == "Ким"


def test_given_name_with_patronymic_has_no_surname():
    name = name_from_words(["Ботиром", "Комиловичем"], "Ins")
    assert (name.first, name.middle, name.last) == ("Ботир", "Комилович", None)


# --- positions and whose office ----------------------------------------------------------------

def test_title_with_genitive_complement():
    assert officials("Губернатор Курганской области Вадим Шумков принял делегацию Северо-Казахстанской области.") \
        == {("Вадим Шумков", "губернатор", "RU-KGN")}


def test_titles_in_oblique_cases_and_their_regions():
    found = officials("Состоялась встреча губернатора Ульяновской области Алексея Русских "
                      "и хокима Ферганской области Хайрулло Бозорова.")
    assert found == {("Алексей Русских", "губернатор", "RU-ULY"), ("Хайрулло Бозоров", "хоким", "UZ-FA")}


@pytest.mark.parametrize("text, expected", [
    ("Первый заместитель хокима Ташкентской области Бахтиёр Умаров подписал меморандум.",
     ("Бахтиёр Умаров", "первый заместитель хокима", "UZ-TO")),
    ("Исполняющий обязанности губернатора Оренбургской области Евгений Солнцев принял гостей.",
     ("Евгений Солнцев", "исполняющий обязанности губернатора", "RU-ORE")),
    ("Делегацию возглавил и.о. хокима Самаркандской области Рустам Кобилов.",
     ("Рустам Кобилов", "исполняющий обязанности хокима", "UZ-SA")),
    ("Председатель Гродненского облисполкома Юрий Караев выступил на форуме.",
     ("Юрий Караев", "председатель облисполкома", "BY-HR")),
    ("Вице-губернатор Санкт-Петербурга Владимир Княгинин открыл выставку.",
     ("Владимир Княгинин", "вице-губернатор", "RU-SPE")),
])
def test_multiword_titles(text, expected):
    assert expected in officials(text)


def test_national_offices_belong_to_the_country():
    found = officials("Глава Чувашии Олег Николаев встретился с Чрезвычайным и Полномочным Послом "
                      "Республики Беларусь в Российской Федерации Дмитрием Кротовым.")
    assert ("Дмитрий Кротов", "посол", "BY") in found
    assert ("Олег Николаев", "глава", "RU-CU") in found


def test_a_consul_serves_the_country_that_sends_him():
    found = officials("Вице-губернатор обсудил с генеральным консулом Республики Узбекистан "
                      "в Санкт-Петербурге Суннатом Умаровым вопросы сотрудничества.")
    assert ("Суннат Умаров", "генеральный консул", "UZ") in found


def test_a_plenipotentiary_serves_the_region_he_is_in():
    found = officials("Прибыл полномочный представитель Правительства Кыргызской Республики "
                      "в Чуйской области Бактыбек Кудайбергенов.")
    assert ("Бактыбек Кудайбергенов", "полномочный представитель правительства", "KG-C") in found


def test_office_from_context_when_the_title_has_no_complement():
    found = officials("Делегация Андижанской области прибыла в Курганскую область. "
                      "Губернатор Вадим Шумков встретился с хокимом Шухратбеком Абдурахмоновым.")
    assert ("Вадим Шумков", "губернатор", "RU-KGN") in found
    assert ("Шухратбек Абдурахмонов", "хоким", "UZ-AN") in found


def test_aким_of_the_capital():
    assert ("Ерлан Ахметов", "аким", "KZ-71") in officials("Мэр принял акима столицы Ерлана Ахметова.")


def test_a_city_office_has_no_region():
    assert ("Ильсур Метшин", "мэр", None) in officials("Мэр Казани Ильсур Метшин открыл форум.")


def test_title_after_the_name():
    assert ("Алексей Дюмин", "губернатор", "RU-TUL") in officials(
        "Алексей Дюмин, губернатор Тульской области, провёл переговоры с гостями.")
    assert ("Эркин Турсунов", "исполняющий обязанности хокима", "UZ-SI") in officials(
        "Эркин Турсунов назначен исполняющим обязанности хокима Сырдарьинской области.")


def test_a_private_title_makes_no_official():
    found = officials("Генеральный директор компании «Уралхим» Дмитрий Коняев и губернатор Пермского края "
                      "Дмитрий Махонин обсудили поставки.")
    assert found == {("Дмитрий Махонин", "губернатор", "RU-PER")}


def test_people_without_a_title_are_not_officials():
    assert officials("Журналист Тимур Хомичев подготовил материал о Бухарской области.") == set()


# --- one person, many mentions ---------------------------------------------------------------------

def test_mentions_of_one_person_merge():
    text = ("Губернатор Омской области Виталий Хоценко встретился с хокимом Бухарской области Ботиром Зариповым. "
            "Хоценко поблагодарил коллегу. Подписали с уважаемым Ботиром Комиловичем соглашение.")
    analysis = analyse(Document(id="t", text=text))
    names = sorted((p.name, p.position, p.of) for p in analysis.persons)
    assert names == [("Ботир Зарипов", "хоким", "UZ-BU"), ("Виталий Хоценко", "губернатор", "RU-OMS")]
    zaripov = next(i for i, p in enumerate(analysis.persons) if p.last == "Зарипов")
    mentioned = [text[m.start:m.end] for m in analysis.person_mentions if m.person == zaripov]
    assert mentioned == ["Ботиром Зариповым", "Ботиром Комиловичем"]


def test_the_most_telling_title_is_kept():
    found = officials("Встреча губернатора с руководителем Бухарской области Ботиром Зариповым. "
                      "Хоким Ботир Зарипов пригласил делегацию.")
    assert found == {("Ботир Зарипов", "хоким", "UZ-BU")}


def test_a_title_without_a_name_goes_to_the_untitled_person_nearby():
    found = officials("Глава Якутии провёл встречу с делегацией провинции Хэйлунцзян. "
                      "Айсен Николаев отметил давние связи.")
    assert found == {("Айсен Николаев", "глава", "RU-SA")}


def test_initials_and_uppercase_surnames():
    assert ("С. Исманов", "заместитель полномочного представителя президента", "KG-C") in officials(
        "Визит заместителя полномочного представителя Президента КР в Чуйской области С.Исманова завершился.")
    assert ("Мирзиёев", "президент", "UZ") in officials("Малая родина президента Узбекистана МИРЗИЁЕВА.")


def test_a_genitive_title_before_a_nominative_name_is_not_apposition():
    found = officials("Указом Президента Республики Узбекистан Эркин Турсунов назначен хокимом Сырдарьинской области.")
    assert found == {("Эркин Турсунов", "хоким", "UZ-SI")}


def test_surname_first_as_in_official_lists():
    name = name_from_words(["Кушербаева", "Крымбека", "Елеуовича"], "Gen")
    assert (name.first, name.middle, name.last) == ("Крымбек", "Елеуович", "Кушербаев")


def test_an_unnamed_title_skips_people_the_text_describes_otherwise():
    assert officials("Губернатор Омской области провёл встречу с делегацией. "
                     "Предприниматель Иван Петров рассказал о планах.") == set()


def test_plural_title_spread_over_coordinated_names_and_regions():
    found = officials("Главы двух регионов Георгий Полтавченко и Юрий Берг договорились о поставках зерна. "
                      "По итогам встречи губернаторы Петербурга и Оренбургской области подписали соглашение.")
    assert found == {("Георгий Полтавченко", "губернатор", "RU-SPE"), ("Юрий Берг", "губернатор", "RU-ORE")}


def test_body_names_in_a_complement_and_a_country_inside_an_organisation():
    assert ("Константин Толкачев", "председатель", "RU-BA") in officials(
        "Председатель Курултая Башкортостана Константин Толкачев встретился с делегацией.")
    assert ("Ерлан Кошанов", "председатель", "KZ") in officials(
        "Председатель Мажилиса Парламента Казахстана Ерлан Кошанов посетил Омскую область.")


def test_a_surname_natasha_missed_after_a_genitive_title():
    assert officials("Встреча прошла по поручению Президента Мирзиёева.") == {("Мирзиёев", "президент", "UZ")}


def test_a_district_office_has_no_region():
    assert ("Герман Колов", "глава администрации", None) in officials(
        "Меморандум подписал глава администрации Краснокаменского района Герман Колов.")


def test_a_nominative_title_whatever_the_tagger_says():
    assert ("Александр Турчин", "председатель облисполкома", "BY-MI") in officials(
        "МИНСК, 20 июня — БелТА. Председатель Минского облисполкома Александр Турчин встретился с гостями.")


def test_plural_title_over_regions_and_names_in_the_same_order():
    found = officials("Хокимы Бухарской и Навоийской областей Ботир Зарипов и Нормат Турсунов приняли участие в форуме.")
    assert found == {("Ботир Зарипов", "хоким", "UZ-BU"), ("Нормат Турсунов", "хоким", "UZ-NW")}


def test_glued_initials_and_feminine_surnames():
    assert ("И. Смирнова", "министр", "RU-ARK") in officials(
        "По словам министра экономики Архангельской области И.В. Смирновой, рост продолжится.")
    assert ("А. Касымова", "заместитель акима", "KZ-61") in officials(
        "Аким Туркестанской области провёл совещание. Заместитель акима области А.Касымова доложила о севе.")


def test_adjectival_and_short_surnames_in_oblique_cases():
    assert ("Андрей Лапицкий", "председатель облисполкома", "BY-MI") in officials(
        "Делегацию возглавил председатель Минского облисполкома Андрей Сергеевич Лапицкий. "
        "Встреча с Андреем Сергеевичем Лапицким прошла в Красноярске.")
    assert ("Ли Вэй", "заместитель председателя народного правительства", "CN-XJ") in officials(
        "Делегацию Синьцзян-Уйгурского автономного района возглавил заместитель председателя "
        "народного правительства СУАР Ли Вэй. Глава Республики Алтай встретился с Ли Вэем.")


def test_a_generic_noun_that_only_one_country_uses():
    assert ("Батбаяр Ганзориг", "губернатор", "MN-046") in officials(
        "Глава Республики Тыва принял делегацию аймака Увс во главе с губернатором аймака Батбаяром Ганзоригом.")


def test_a_deputy_serves_where_the_principal_does():
    found = officials("Хоким Ферганской области Шухрат Каримов провёл совещание. Темпы ниже, чем в Андижанской "
                      "области. Первый заместитель хокима области Бахтиёр Юлдашев доложил о готовности.")
    assert ("Бахтиёр Юлдашев", "первый заместитель хокима", "UZ-FA") in found


def test_abbreviated_titles_and_represented_regions():
    assert ("Бахытжан Жаркенов", "заместитель акима", "KZ-39") in officials(
        "Замакима Костанайской области Бахытжан Жаркенов провёл встречу с делегацией.")
    assert ("Дмитрий Перминов", "член совета федерации", "RU-OMS") in officials(
        "Член Совета Федерации от Омской области Дмитрий Перминов принял участие в форуме.")


def test_a_name_set_off_by_commas_after_its_title():
    assert officials("Глава региона, Радий Хабиров, отметил важность визита в Башкирию.") == {
        ("Радий Хабиров", "глава", "RU-BA")}
    assert officials("Встречу провели губернатор Омской области и хоким Бухарской области.") == set()


def test_heads_of_companies_clusters_and_chambers_are_not_officials():
    assert officials("Председатель правления Бухарского текстильного кластера Иван Иванов рассказал о поставках. "
                     "Президент Торгово-промышленной палаты Узбекистана Давран Ваххабов посетил Омск.") == set()


def test_lines_in_capitals_and_empty_texts():
    assert officials("ГУБЕРНАТОР ОМСКОЙ ОБЛАСТИ ВИТАЛИЙ ХОЦЕНКО ВСТРЕТИЛСЯ С ХОКИМОМ") == {
        ("Виталий Хоценко", "губернатор", "RU-OMS")}
    assert officials("   \n") == set()


def test_a_title_before_a_name_in_the_same_sentence_is_somebody_else():
    assert officials("Губернатор Омской области встретился с Иваном Петровым.") == set()
    assert ("Акмалжон Махмудалиев", "хоким", "UZ-SI") in officials(
        "Предшественник Турдимова, Акмалжон Махмудалиев, был освобождён от должности хокима Сырдарьинской области.")


def test_a_name_cut_after_its_patronymic_keeps_its_surname():
    assert officials("Делегацию Пермского края возглавил заместитель губернатора Пермского края "
                     "Олегом Викторовичем Лесниковым.") >= {("Олег Лесников", "заместитель губернатора", "RU-PER")}
    assert officials("Переговоры прошли с заместителем председателя правительства Курганской области "
                     "Натальей Петровной Ткачук.") == {
        ("Наталья Ткачук", "заместитель председателя правительства", "RU-KGN")}


@pytest.mark.parametrize("words, case, expected", [
    ("Александром Кравцом", "Ins", "Александр Кравец"),
    ("Петра Стрельца", "Gen", "Пётр Стрелец"),
    ("Ивану Швецу", "Dat", "Иван Швец"),
    ("Олегом Жнецом", "Ins", "Олег Жнец"),
    ("Карлом Шульцем", "Ins", "Карл Шульц"),
])
def test_surnames_with_a_fleeting_vowel(words, case, expected):
    assert name_from_words(words.split(), case).full == expected


def test_a_given_name_in_an_oblique_case_after_a_nominative_title():
    assert officials("Делегацию возглавила заместитель губернатора Тверской области Ольгой Ивановной Бондарь.") == {
        ("Ольга Бондарь", "заместитель губернатора", "RU-TVE")}


def test_a_portfolio_after_the_title_or_its_region():
    assert officials("Делегацию Тамбовской области возглавил вице-губернатор — заместитель председателя "
                     "правительства по социальным вопросам Иван Андреевич Сидоренко.") == {
        ("Иван Сидоренко", "вице-губернатор", "RU-TAM")}
    assert officials("На встрече был заместитель губернатора Кузбасса по промышленности Олег Игоревич Петров.") == {
        ("Олег Петров", "заместитель губернатора", "RU-KEM")}


def test_a_ministry_joined_by_an_abbreviation_takes_its_region_from_the_context():
    assert officials("С тверской стороны участвовал министр промышленности и ТЭК Ирина Олеговна Смирнова.") == {
        ("Ирина Смирнова", "министр", "RU-TVE")}


def test_a_department_official_after_a_quote():
    assert officials("«Рынок близкий», — рассказала заместитель директора департамента экономической "
                     "политики Тверской области Ольга Сергеевна Маслова.") == {
        ("Ольга Маслова", "заместитель директора департамента", "RU-TVE")}


def test_nested_prefixes():
    assert officials("В переговорах участвовал исполняющий обязанности заместителя губернатора "
                     "Кузбасса Олег Петров.") == {
        ("Олег Петров", "исполняющий обязанности заместителя губернатора", "RU-KEM")}


def test_an_appointment_names_the_new_office_not_the_past_career():
    assert officials("Указом Президента хокимом Сырдарьинской области назначен Иван Олегович Сапаров. "
                     "В 2019–2023 годах он занимал должность первого заместителя хокима "
                     "Наманганской области.") == {("Иван Сапаров", "хоким", "UZ-SI")}


def test_a_delegation_leader_holds_office_where_the_delegation_comes_from():
    assert officials("Делегация провинции Хэнань во главе с вице-губернатором Ли Вэй побывала "
                     "в Новосибирске.") == {("Ли Вэй", "вице-губернатор", "CN-HA")}
    assert officials("Тверская делегация во главе с заместителем председателя правительства области "
                     "Олегом Ивановым посетила Минск.") == {
        ("Олег Иванов", "заместитель председателя правительства", "RU-TVE")}


def test_an_office_of_a_union_of_states_has_no_region_or_country():
    assert officials("«Это важно», — отметил в Минске Государственный секретарь Союзного государства "
                     "Иван Петров.") == {("Иван Петров", "государственный секретарь", None)}


def test_officials_named_together_each_get_a_region_of_their_kind():
    assert officials("На форуме в Иркутске губернатор Игорь Кобзев и глава республики Алексей Цыденов "
                     "обсудили поставки леса из Бурятии и Иркутской области.") == {
        ("Игорь Кобзев", "губернатор", "RU-IRK"), ("Алексей Цыденов", "глава", "RU-BU")}


def test_a_region_another_holder_of_the_same_title_has_is_not_taken_again():
    assert officials("В Кургане встретились губернатор Курганской области Вадим Шумков и губернатор "
                     "Игорь Руденя, который прибыл из Тверской области.") == {
        ("Вадим Шумков", "губернатор", "RU-KGN"), ("Игорь Руденя", "губернатор", "RU-TVE")}


def test_a_headline_title_does_not_take_the_first_word_of_the_next_paragraph():
    assert officials("Иван Петров | Губернатор Тверской области\n\nСегодня провёл переговоры с председателем "
                     "Гомельского облисполкома Олегом Степановичем Жуковым.") == {
        ("Иван Петров", "губернатор", "RU-TVE"), ("Олег Жуков", "председатель облисполкома", "BY-HO")}
    assert officials("Аким Костанайской области провёл встречу с губернатором Курганской области\n\n"
                     "Аким Костанайской области Олег Сидоров встретился с губернатором Курганской области "
                     "Вадимом Шумковым.") == {
        ("Олег Сидоров", "аким", "KZ-39"), ("Вадим Шумков", "губернатор", "RU-KGN")}


def test_a_national_sounding_title_in_a_republic_government_is_the_republic_s():
    assert officials("Делегация Татарстана прибыла в Бишкек. В переговорах участвовал вице-премьер "
                     "правительства республики Олег Сафин.") == {("Олег Сафин", "вице-премьер", "RU-TA")}


def test_the_body_an_office_sits_in_and_titles_of_turkmen_and_karakalpak_offices():
    assert officials("Прошли переговоры с заместителем мэра Москвы в правительстве Москвы Ольгой Орловой.") == {
        ("Ольга Орлова", "заместитель мэра", "RU-MOW")}
    assert officials("Губернатор Омской области провёл переговоры с хякимом Лебапского велаята "
                     "Мергеном Атаевым.") >= {("Мерген Атаев", "хяким", "TM-L")}
    assert officials("Делегация встретилась с председателем Жокаргы Кенеса Республики Каракалпакстан "
                     "Азаматом Бекмуратовым.") == {("Азамат Бекмуратов", "председатель жокаргы кенеса", "UZ-QR")}


def test_a_region_of_the_title_s_country_named_only_by_its_capital_beats_another_country_s():
    assert officials("Делегация Бухарской области во главе с хокимом Ботиром Зариповым посетила Омск, "
                     "где её принял губернатор Виталий Хоценко.") == {
        ("Ботир Зарипов", "хоким", "UZ-BU"), ("Виталий Хоценко", "губернатор", "RU-OMS")}
    assert officials("Делегация во главе с заместителем губернатора Алтайского края Ярославом Ждановым "
                     "прибыла в Павлодар. Её принял заместитель акима области Ернур Смагулов.") == {
        ("Ярослав Жданов", "заместитель губернатора", "RU-ALT"), ("Ернур Смагулов", "заместитель акима", "KZ-55")}


def test_an_office_held_before_gives_way_to_the_one_held_now():
    assert officials("Иван Петров, ранее занимавший пост министра экономики Курганской области, назначен "
                     "вице-губернатором Тюменской области.") == {("Иван Петров", "вице-губернатор", "RU-TYU")}
    assert officials("Ранее губернатор Омской области Виталий Хоценко посетил Бухару.") == {
        ("Виталий Хоценко", "губернатор", "RU-OMS")}


def test_a_title_glossed_in_brackets_keeps_the_title_written_first():
    assert officials("Заседание прошло под председательством губернатора (марзпета) Лорийской области "
                     "Армена Сарояна.") == {("Армен Сароян", "губернатор", "AM-LO")}


def test_a_surname_in_capitals_after_a_patronymic():
    assert officials("Переговоры с заместителем губернатора Пермского края Олегом Викторовичем ЛЕСНИКОВЫМ "
                     "прошли в Ташкенте.") == {("Олег Лесников", "заместитель губернатора", "RU-PER")}


def test_a_list_of_portfolios_in_a_title():
    assert officials("Министр инвестиций, промышленности и торговли Республики Узбекистан Лазиз Кудратов "
                     "посетил Казань.") == {("Лазиз Кудратов", "министр", "UZ")}


def test_a_plural_title_before_a_colon_list_gives_every_member_the_title():
    assert officials("В списке вице-премьеров правительства Узбекистана: Джамшид Ходжаев, "
                     "Шухрат Ганиев и Бахтиёр Саидов.") == {
        ("Джамшид Ходжаев", "вице-премьер", "UZ"), ("Шухрат Ганиев", "вице-премьер", "UZ"),
        ("Бахтиёр Саидов", "вице-премьер", "UZ")}
    assert officials("В делегацию вошли министры правительства Омской области: Игорь Иванов и Анна Кузнецова.") == {
        ("Игорь Иванов", "министр", "RU-OMS"), ("Анна Кузнецова", "министр", "RU-OMS")}


def test_a_plural_title_whose_genitive_complement_looks_like_a_plural():
    assert officials("Вице-премьеры правительства Узбекистана Джамшид Ходжаев и Шухрат Ганиев "
                     "посетили Омскую область.") == {
        ("Джамшид Ходжаев", "вице-премьер", "UZ"), ("Шухрат Ганиев", "вице-премьер", "UZ")}


def test_the_first_mention_s_title_holds_for_the_bare_surname_later():
    found = officials("Губернатор Омской области Виталий Хоценко встретился с делегацией. "
                      "Позже Хоценко провёл переговоры с хокимом Бухарской области Ботиром Зариповым. "
                      "Зарипов рассказал о потенциале региона.")
    assert found == {("Виталий Хоценко", "губернатор", "RU-OMS"), ("Ботир Зарипов", "хоким", "UZ-BU")}


def test_heads_of_international_bodies_hold_no_office_of_a_region():
    found = officials("В Омской области побывал председатель Исполнительного комитета СНГ Сергей Лебедев. "
                      "Министр ЕЭК Андрей Слепнев выступил на форуме в Оренбургской области.")
    assert all(of is None for _, _, of in found)


def test_a_deputy_head_of_a_krai_government_serves_a_russian_region():
    found = officials("По поручению губернатора Хабаровского края Дмитрия Демешина делегация посетила Харбин. "
                      "Там прошла встреча с заместителем губернатора провинции Хэйлунцзян Юй Цзянем. Как сообщил "
                      "первый заместитель председателя правительства края Сергей Абрамов, стороны обсудили торговлю.")
    assert ("Сергей Абрамов", "первый заместитель председателя правительства", "RU-KHA") in found


def test_a_headline_in_capitals_names_nobody_by_one_word():
    found = officials("ГУБЕРНАТОР ТУЛЬСКОЙ ОБЛАСТИ ПОСЕТИТ БЕЛАРУСЬ\n"
                      "Губернатор Тульской области Василий Стародубцев посетит Республику Беларусь.")
    assert found == {("Василий Стародубцев", "губернатор", "RU-TUL")}


def test_a_title_without_a_name_does_not_go_to_an_oblique_name_in_the_next_sentence():
    found = officials("Поставки техники обсуждали сегодня посол Беларуси и губернатор Иркутской области. "
                      "Встреча прошла по итогам поручений, данных Александром Лукашенко во время визита.")
    assert ("Александр Лукашенко", "губернатор", "RU-IRK") not in found


def test_a_body_s_name_before_a_given_name_is_not_part_of_the_name():
    found = officials("Об этом рассказала заместитель председателя правительства Подмосковья — глава "
                      "регионального Мининвеста Екатерина Зиновьева.")
    assert {name for name, _, _ in found} == {"Екатерина Зиновьева"}

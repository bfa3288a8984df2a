"""Hand-written facts for the graph tests: four short reports, written for these tests.

- `omsk-1` and `buhara-2` report the same meeting of the Omsk and Bukhara regions
  from two outlets, a day apart (only the first gives the date);
- `omsk-1` also reports a signed agreement, `buhara-2` a textile flow Bukhara → Omsk;
- `minsk-3` a planned road map Omsk–Minsk region and food both ways;
- `pavlodar-4`, undated, a meeting of Omsk with Kazakhstan and timber/metals both ways.
"""

from __future__ import annotations

from datetime import date

from interreg.ingest.facts import (AgreementFact, Document, DocumentFacts, Evidence, MeetingFact,
                                   OrganizationFact, PersonFact, Place, TopicFact, TradeFact)

OMSK = Place("RU-OMS", "Омская область", "RU", "region")
BUKHARA = Place("UZ-BU", "Бухарская область", "UZ", "region")
MINSK_REGION = Place("BY-MI", "Минская область", "BY", "region")
PAVLODAR = Place("KZ-PAV", "Павлодарская область", "KZ", "region")
KAZAKHSTAN = Place("KZ", "Казахстан", "KZ", "country")


def _facts(doc_id: str, sentences: list[str], **document) -> tuple[DocumentFacts, list[Evidence]]:
    text = " ".join(sentences)
    evidence, start = [], 0
    for sentence in sentences:
        evidence.append(Evidence(doc_id, sentence, start, start + len(sentence)))
        start += len(sentence) + 1
    return DocumentFacts(Document(id=doc_id, text=text, **document)), evidence


def omsk_report() -> DocumentFacts:
    facts, ev = _facts("omsk-1", [
        "Губернатор Омской области Виталий Хоценко встретился с хокимом Бухарской области Ботиром Зариповым.",
        "Стороны подписали соглашение о сотрудничестве.",
        "Обсуждалось сотрудничество в промышленности.",
    ], url="https://omsk.example.ru/news/1", title="Омск и Бухара", outlet="Омская правда",
        town="Омск", published=date(2025, 4, 26), source="news/omsk.jsonl#1")
    facts.regions = [OMSK, BUKHARA]
    facts.persons = [
        PersonFact("Виталий Хоценко", "Виталий", "Хоценко", None, "губернатор", "RU-OMS", ev[0]),
        PersonFact("Ботир Зарипов", "Ботир", "Зарипов", None, "хоким", "UZ-BU", ev[0]),
    ]
    facts.meetings = [MeetingFact(["RU-OMS", "UZ-BU"], ["Виталий Хоценко", "Ботир Зарипов"],
                                  date(2025, 4, 26), ev[0])]
    facts.agreements = [AgreementFact(["RU-OMS", "UZ-BU"], "соглашение о сотрудничестве", "signed",
                                      date(2025, 4, 26), ev[1])]
    facts.topics = [TopicFact("industry", "промышленность", ev[2])]
    facts.partners = [("RU-OMS", "UZ-BU")]
    return facts


def bukhara_report() -> DocumentFacts:
    facts, ev = _facts("buhara-2", [
        "В Бухаре прошли переговоры делегации Омской области во главе с Виталием Хоценко.",
        "Бухарская область поставляет в Омск хлопковую пряжу и ткани.",
    ], url="https://buhara.example.uz/2", outlet="Бухоро хабарлари", published=date(2025, 4, 27))
    facts.regions = [BUKHARA, OMSK]
    facts.persons = [PersonFact("Виталий Хоценко", "Виталий", "Хоценко", None, "губернатор", "RU-OMS", ev[0])]
    facts.meetings = [MeetingFact(["RU-OMS", "UZ-BU"], ["Виталий Хоценко"], None, ev[0])]
    facts.trade = [TradeFact("UZ-BU", "RU-OMS", "textiles", "XI", "actual", None, None, ev[1])]
    facts.topics = [TopicFact("industry", "промышленность", ev[1]),
                    TopicFact("textiles", "текстильная промышленность", ev[1])]
    return facts


def minsk_report() -> DocumentFacts:
    facts, ev = _facts("minsk-3", [
        "Омская и Минская области планируют подписать дорожную карту сотрудничества.",
        "Минская область увеличит поставки молочной продукции в Омск, а омичи отправят в Минскую область зерно на 2 млн долларов.",
        "В переговорах участвовал Омский аграрный научный центр.",
    ], url="https://minsk.example.by/3", outlet="БелТА", town="Минск", published=date(2025, 5, 10))
    facts.regions = [OMSK, MINSK_REGION]
    facts.organizations = [OrganizationFact("Омский аграрный научный центр", ev[2])]
    facts.agreements = [AgreementFact(["BY-MI", "RU-OMS"], "дорожная карта", "planned", None, ev[0])]
    facts.trade = [TradeFact("BY-MI", "RU-OMS", "food", "IV", "planned", None, None, ev[1]),
                   TradeFact("RU-OMS", "BY-MI", "food", "II", "actual", 2_000_000.0, "USD", ev[1])]
    return facts


def pavlodar_report() -> DocumentFacts:
    facts, ev = _facts("pavlodar-4", [
        "Аким Павлодарской области Асаин Байханов провёл встречу с делегацией Омской области и Казахстана.",
        "Павлодарская область закупает омский лес и продаёт в Омск металлопрокат.",
    ], url="https://pavlodar.example.kz/4", outlet=None)
    facts.regions = [PAVLODAR, OMSK, KAZAKHSTAN]
    facts.persons = [PersonFact("Асаин Байханов", "Асаин", "Байханов", None, "аким", "KZ-PAV", ev[0])]
    facts.meetings = [MeetingFact(["KZ", "RU-OMS"], ["Асаин Байханов"], None, ev[0])]
    facts.trade = [TradeFact("RU-OMS", "KZ-PAV", "timber", "IX", "actual", None, None, ev[1]),
                   TradeFact("KZ-PAV", "RU-OMS", "metals", "XV", "actual", None, None, ev[1])]
    return facts


def sample_batch() -> list[DocumentFacts]:
    return [omsk_report(), bukhara_report(), minsk_report(), pavlodar_report()]

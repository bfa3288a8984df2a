"""A synthetic news corpus shaped like the real one, as `DocumentFacts`, for load and query benchmarks.

Everything is drawn from a seeded random generator over the real gazetteer, so the same
seed gives the same documents. The corpus is made of *stories*: one cooperation event
between a Russian region and a partner abroad (mostly Uzbekistan, Kazakhstan, Belarus,
China, Kyrgyzstan), told by one to a dozen outlets over a few days, so that reports of one
story merge into one event. Regions are picked by a Zipf-like popularity (a few regions
are in the news all the time, most rarely); officials hold offices and recur; a story may
carry a meeting, an agreement, trade flows and topics, each with its sentence and offsets.

Persons and organisations grow with the corpus, as in real news: each place has a pool of
officials and each Russian region a pool of organisations whose size grows with the
number of documents asked for (`pool_sizes`), drawn by the same Zipf-like popularity —
the head and a deputy recur in every corpus, the hundredth official of a region is rare.
Up to PERSONS_FROM documents the pools are the places' two first officials and one
chamber of commerce, so small corpora stay as they were.

>>> news = SyntheticNews(seed=7)
>>> first = next(news.documents(3))
>>> first.document.id, bool(first.regions)
('syn-000000', True)
>>> sum(len(batch) for batch in news.batches(250, size=100))
250
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property, lru_cache
from itertools import accumulate
from typing import Iterator

from interreg.graph import identity
from interreg.ingest.facts import (AgreementFact, Document, DocumentFacts, Evidence, MeetingFact,
                                   OrganizationFact, PersonFact, Place, TopicFact, TradeFact)
from interreg.ingest.entities.gazetteer import gazetteer
from interreg.tables import read_table

DEFAULT_DOCUMENTS = 100_000
DEFAULT_SEED = 2024
FIRST_DAY = date(2019, 1, 1)
DAYS = 7 * 365                      # news over seven years

# Partner countries and how often they appear beside a Russian region (relative weights).
PARTNER_COUNTRIES = {"UZ": 30, "KZ": 25, "BY": 18, "CN": 10, "KG": 8, "TJ": 3, "AM": 2,
                     "AZ": 2, "MN": 1, "TM": 1}
CURRENCIES = {"RU": "RUB", "UZ": "UZS", "KZ": "KZT", "BY": "BYN", "KG": "KGS", "TJ": "TJS",
              "CN": "CNY", "MN": "MNT", "AM": "USD", "AZ": "USD", "TM": "USD"}
OUTLETS = 300
# Shares of stories: a partner named as a whole country, a pair of two Russian regions.
COUNTRY_PARTNER_SHARE = 0.15
DOMESTIC_SHARE = 0.08
# Offices per place: a head and deputies, by country (positions in the nominative, lower case).
POSITIONS = {"RU": ("губернатор", "заместитель губернатора", "министр экономического развития"),
             "UZ": ("хоким", "заместитель хокима"), "KZ": ("аким", "заместитель акима"),
             "BY": ("председатель облисполкома", "заместитель председателя облисполкома"),
             "KG": ("полпред", "заместитель полпреда"), "CN": ("губернатор провинции", "вице-губернатор"),
             "country": ("посол", "министр иностранных дел")}
DEFAULT_POSITIONS = ("глава", "заместитель главы")
# Pools growing with the corpus: one more official per place every DOCUMENTS_PER_OFFICIAL
# documents beyond the first two, one more organisation per region every
# DOCUMENTS_PER_ORGANIZATION (at 1,000,000 documents: 100 officials a place, some 24,000
# persons; 50 organisations a Russian region).
DOCUMENTS_PER_OFFICIAL = 10_000
DOCUMENTS_PER_ORGANIZATION = 20_000
# Officials beyond a place's first ones hold these (deputies, ministers, heads of departments).
MORE_POSITIONS = ("заместитель", "министр", "начальник управления", "председатель комитета", "советник")
ORGANIZATION_KINDS = ("Торгово-промышленная палата", "Агентство инвестиций", "Корпорация развития",
                      "Фонд поддержки экспорта", "Центр поддержки предпринимательства", "Технопарк",
                      "Ассоциация экспортёров", "Союз промышленников")
FIRST_NAMES = {
    "RU": "Александр Алексей Андрей Виталий Владимир Глеб Денис Дмитрий Евгений Игорь Михаил Олег Павел Роман Сергей",
    "BY": "Александр Виктор Владимир Геннадий Иван Игорь Николай Пётр Юрий",
    "CN": "Ван Ли Чжан Лю Чэнь Ян Хуан Чжао У Сунь",
    "other": "Азиз Ботир Даврон Ерлан Жандос Кайрат Нурлан Рустам Санжар Темур Улугбек Шавкат",
}
LAST_NAMES = {
    "RU": "Иванов Смирнов Кузнецов Попов Волков Соколов Лебедев Козлов Новиков Морозов Петров Орлов Егоров Зайцев",
    "BY": "Ковалёв Шуневич Исаченко Мавчун Семенов Турчин Буцкевич Кривошеев",
    "CN": "Цзюнь Гуанъи Вэйдун Цзиньхуа Сяомин Хайтао Юнцин Дэмин",
    "other": "Абдуллаев Каримов Рахимов Юсупов Назаров Ахметов Сулейменов Жумабаев Исмаилов Турсунов",
}
AGREEMENT_KIND_PHRASES = {"план": "план мероприятий", "программа": "программа сотрудничества",
                          "контракт": "контракт на поставку", "протокол": "протокол о намерениях"}
AGREEMENT_STATUSES = (("signed", 6), ("planned", 3), ("approved", 1))
STATUS_WORDS = {"signed": "подписали", "planned": "намерены подписать", "approved": "утвердили"}


def zipf_weights(count: int, exponent: float = 1.0) -> list[float]:
    """Popularity of the rank-1, rank-2 … items: 1/rank^exponent."""
    return [1.0 / (rank ** exponent) for rank in range(1, count + 1)]


@lru_cache(maxsize=None)
def _zipf_cumulative(count: int) -> tuple[float, ...]:
    return tuple(accumulate(zipf_weights(count)))


def pool_sizes(documents: int) -> tuple[int, int]:
    """Officials per place and organisations per Russian region for a corpus of `documents`.

    >>> pool_sizes(1_000), pool_sizes(100_000), pool_sizes(1_000_000)
    ((2, 1), (10, 5), (100, 50))
    """
    return (max(2, documents // DOCUMENTS_PER_OFFICIAL), max(1, documents // DOCUMENTS_PER_ORGANIZATION))


@dataclass(frozen=True)
class Official:
    name: str
    first: str
    last: str
    position: str
    office: Place


@dataclass(frozen=True)
class Outlet:
    name: str
    town: str
    site: str


class SyntheticNews:
    """The world the stories are drawn from: places by popularity, officials, outlets."""

    def __init__(self, seed: int = DEFAULT_SEED):
        self.seed = seed
        setup = random.Random(seed)
        places = gazetteer()
        self.countries = {p.iso: p for p in places.places("country")}
        by_country: dict[str, list[Place]] = {}
        for place in places.places("region"):
            by_country.setdefault(place.country, []).append(place)
        # popularity order: a fixed shuffle of each country's regions, the first the most popular
        self.ranked: dict[str, list[Place]] = {}
        for country in sorted(by_country):
            regions = sorted(by_country[country], key=lambda p: p.iso)
            setup.shuffle(regions)
            self.ranked[country] = regions
        self._weights = {c: zipf_weights(len(regions)) for c, regions in self.ranked.items()}
        self.officials: dict[str, list[Official]] = {}
        for place in [r for regions in self.ranked.values() for r in regions] + list(self.countries.values()):
            self.officials[place.iso] = self._make_officials(setup, place)
        self.outlets = [self._make_outlet(setup, n) for n in range(OUTLETS)]
        self._outlet_weights = zipf_weights(OUTLETS, 0.8)

    # --- the world ------------------------------------------------------------------

    def _make_officials(self, rng: random.Random, place: Place) -> list[Official]:
        group = place.country if place.country in FIRST_NAMES else "other"
        if place.country == "BY":
            group = "BY"
        positions = POSITIONS["country"] if place.kind == "country" else POSITIONS.get(place.country,
                                                                                      DEFAULT_POSITIONS)
        officials = []
        for position in positions:
            first = rng.choice(FIRST_NAMES[group].split())
            last = rng.choice(LAST_NAMES[group].split())
            officials.append(Official(f"{first} {last}", first, last, position, place))
        return officials

    def _make_outlet(self, rng: random.Random, number: int) -> Outlet:
        country = rng.choices(["RU"] + list(PARTNER_COUNTRIES), [60] + list(PARTNER_COUNTRIES.values()))[0]
        home = rng.choice(self.ranked[country])
        town = gazetteer().capital_of(home.iso) or home.name
        kind = rng.choice(("Новости", "Вести", "Курьер", "Информ", "Правда", "24", "Медиа"))
        return Outlet(f"{town} {kind} {number}", town, f"https://outlet{number}.example")

    def popular_regions(self, country: str = "RU", count: int = 5) -> list[str]:
        """The most written-about regions of a country, most first."""
        return [p.iso for p in self.ranked[country][:count]]

    def rare_regions(self, country: str = "RU", count: int = 5) -> list[str]:
        """The least written-about regions of a country."""
        return [p.iso for p in self.ranked[country][-count:]]

    @cached_property
    def commodities(self) -> list[tuple[str, str, tuple[str, ...]]]:
        """(id, Russian name, HS sections) of every commodity group the graph knows."""
        sections: dict[str, set[str]] = {}
        for row in read_table("interreg.ingest", "data/commodities.tsv"):
            if row["hs_section"]:
                sections.setdefault(row["category"], set()).add(row["hs_section"])
        return [(row["id"], row["name"], tuple(sorted(sections.get(row["id"], ()))) or (None,))
                for row in read_table("interreg.graph", "data/commodities.tsv")]

    @cached_property
    def agreement_kinds(self) -> list[str]:
        families = dict.fromkeys(row["family"] for row in read_table("interreg.graph", "data/agreement_kinds.tsv"))
        return [AGREEMENT_KIND_PHRASES.get(f, f if " " in f else f"{f} о сотрудничестве") for f in families]

    @cached_property
    def topics(self) -> list[tuple[str, str]]:
        return [(row["id"], row["name"]) for row in read_table("interreg.ingest", "data/topics.tsv")]

    # --- the stories ------------------------------------------------------------------

    def _region(self, rng: random.Random, country: str) -> Place:
        return rng.choices(self.ranked[country], self._weights[country])[0]

    def _sides(self, rng: random.Random) -> tuple[Place, Place]:
        russian = self._region(rng, "RU")
        if rng.random() < DOMESTIC_SHARE:
            other = self._region(rng, "RU")
            while other.iso == russian.iso:
                other = self._region(rng, "RU")
            return russian, other
        country = rng.choices(list(PARTNER_COUNTRIES), list(PARTNER_COUNTRIES.values()))[0]
        if rng.random() < COUNTRY_PARTNER_SHARE:
            return russian, self.countries[country]
        return russian, self._region(rng, country)

    def documents(self, count: int = DEFAULT_DOCUMENTS) -> Iterator[DocumentFacts]:
        """`count` documents, story after story; the same seed gives the same documents."""
        rng = random.Random(self.seed + 1)
        persons, organizations = pool_sizes(count)
        made = 0
        while made < count:
            story = self._story(rng, persons, organizations)
            reports = min(count - made, 1 + min(int(rng.expovariate(0.6)), 11))
            outlets = rng.choices(self.outlets, self._outlet_weights, k=reports)
            for outlet in dict.fromkeys(outlets):
                yield self._report(rng, story, outlet, made)
                made += 1

    def batches(self, count: int = DEFAULT_DOCUMENTS, size: int = 1000) -> Iterator[list[DocumentFacts]]:
        """The documents in lists of `size`, built one list at a time."""
        batch: list[DocumentFacts] = []
        for facts in self.documents(count):
            batch.append(facts)
            if len(batch) == size:
                yield batch
                batch = []
        if batch:
            yield batch

    def _story(self, rng: random.Random, persons: int = 2, organizations: int = 1) -> dict:
        a, b = self._sides(rng)
        day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        story = {"a": a, "b": b, "day": day, "dated": rng.random() < 0.6,
                 "meeting": rng.random() < 0.7, "agreement": None, "trade": [],
                 "persons": [self._official(rng, a, persons), self._official(rng, b, persons)],
                 "topics": rng.sample(self.topics, rng.choice((1, 1, 2))),
                 "organization": None}
        if rng.random() < 0.35 or not story["meeting"]:
            status = rng.choices([s for s, _ in AGREEMENT_STATUSES], [w for _, w in AGREEMENT_STATUSES])[0]
            story["agreement"] = (rng.choice(self.agreement_kinds), status)
        if rng.random() < 0.4:
            for _ in range(rng.choice((1, 1, 2))):
                exporter, importer = (a, b) if rng.random() < 0.5 else (b, a)
                if importer.kind == "region" and rng.random() < 0.2:     # «поставляет в Узбекистан»
                    importer = self.countries[importer.country]
                commodity, name, sections = rng.choice(self.commodities)
                amount = round(rng.lognormvariate(15, 1.5), -3) if rng.random() < 0.5 else None
                currency = (rng.choice((CURRENCIES[exporter.country], "USD")) if amount else None)
                story["trade"].append((exporter, importer, commodity, name, rng.choice(sections),
                                       "planned" if rng.random() < 0.25 else "actual", amount, currency))
        if rng.random() < 0.2:
            story["organization"] = self._organization(rng, a, organizations)
        return story

    def _official(self, rng: random.Random, place: Place, pool: int) -> Official:
        if pool <= 2:                           # the draw small corpora have always made
            return rng.choice(self.officials[place.iso][:2])
        return rng.choices(self._official_pool(place, pool), cum_weights=_zipf_cumulative(pool))[0]

    def _official_pool(self, place: Place, size: int) -> list[Official]:
        """The place's first two officials, then more from a generator of its own, so a pool
        holds the same persons whatever else was drawn; names are unique within the place."""
        pools = self.__dict__.setdefault("_pools", {})
        pool = pools.get(place.iso)
        if pool is None or len(pool) < size:
            rng = random.Random(f"{self.seed}:{place.iso}")
            pool = list(self.officials[place.iso][:2])
            group = "BY" if place.country == "BY" else (place.country if place.country in FIRST_NAMES else "other")
            firsts, lasts = FIRST_NAMES[group].split(), LAST_NAMES[group].split()
            names = {official.name for official in pool}
            while len(pool) < size:
                first, middle, last = rng.choice(firsts), rng.choice(firsts), rng.choice(lasts)
                name = f"{first} {middle}ович {last}" if group in ("RU", "BY") else f"{first} {middle} {last}"
                if name in names:            # the names of a big pool run out: a number tells them apart
                    name = f"{name} {len(pool)}"
                names.add(name)
                pool.append(Official(name, first, last, rng.choice(MORE_POSITIONS), place))
            pools[place.iso] = pool
        return pool[:size]

    def _organization(self, rng: random.Random, region: Place, pool: int) -> str:
        if pool <= 1:
            return f"{ORGANIZATION_KINDS[0]} {region.name}"
        rank = rng.choices(range(pool), cum_weights=_zipf_cumulative(pool))[0]
        kind = ORGANIZATION_KINDS[rank % len(ORGANIZATION_KINDS)]
        return f"{kind} {region.name}" + (f" № {rank // len(ORGANIZATION_KINDS) + 1}"
                                          if rank >= len(ORGANIZATION_KINDS) else "")

    def _report(self, rng: random.Random, story: dict, outlet: Outlet, number: int) -> DocumentFacts:
        doc_id = f"syn-{number:06d}"
        published = story["day"] + timedelta(days=rng.randrange(3))
        a, b = story["a"], story["b"]
        explicit = story["day"] if story["dated"] and rng.random() < 0.8 else None
        text = _Text(doc_id)
        facts = DocumentFacts(Document(id=doc_id, text="", url=f"{outlet.site}/news/{number}",
                                       outlet=outlet.name, town=outlet.town, published=published,
                                       source="synthetic"))
        places = {a.iso: a, b.iso: b}
        parties = sorted((a.iso, b.iso))
        if story["meeting"]:
            persons = story["persons"] if rng.random() < 0.8 else story["persons"][:1]
            sentence = text.add(f"{persons[0].position.capitalize()} {persons[0].name} провёл переговоры "
                                f"с делегацией: {b.name} и {a.name}.")
            facts.meetings.append(MeetingFact(parties, [p.name for p in persons], explicit, sentence))
            for person in persons:
                facts.persons.append(PersonFact(person.name, person.first, person.last, None,
                                                person.position, person.office.iso, sentence))
        if story["agreement"]:
            kind, status = story["agreement"]
            sentence = text.add(f"{a.name} и {b.name} {STATUS_WORDS[status]} {kind}.")
            facts.agreements.append(AgreementFact(parties, kind, status, explicit, sentence))
        for exporter, importer, commodity, name, section, status, amount, currency in story["trade"]:
            worth = f" на {amount:,.0f} {currency}" if amount else ""
            sentence = text.add(f"{exporter.name} поставляет в {importer.name}: {name}{worth}.")
            facts.trade.append(TradeFact(exporter.iso, importer.iso, commodity, section, status,
                                         amount, currency, sentence))
            places.setdefault(importer.iso, importer)
        if story["organization"] and rng.random() < 0.5:
            sentence = text.add(f"В работе участвовала {story['organization']}.")
            facts.organizations.append(OrganizationFact(story["organization"], sentence))
        if story["topics"]:
            sentence = text.add("Обсуждали " + ", ".join(name for _, name in story["topics"]) + ".")
            facts.topics = [TopicFact(topic, name, sentence) for topic, name in story["topics"]]
        facts.regions = list(places.values())
        facts.partners = sorted({tuple(sorted(pair)) for pair in _pairs(facts)})
        facts.document.text = text.value
        facts.document.title = text.value[:80]
        return facts


class _Text:
    """A document's text, sentence by sentence, with the Evidence of each."""

    def __init__(self, doc_id: str):
        self.doc_id = doc_id
        self.value = ""

    def add(self, sentence: str) -> Evidence:
        if self.value:
            self.value += " "
        start = len(self.value)
        self.value += sentence
        return Evidence(self.doc_id, sentence, start, start + len(sentence))


def _pairs(facts: DocumentFacts):
    for fact in facts.meetings + facts.agreements:
        if len(fact.parties) == 2:
            yield fact.parties
    for flow in facts.trade:
        if identity.country_of(flow.exporter) != identity.country_of(flow.importer) or \
                identity.place_label(flow.importer) == "Region":
            yield (flow.exporter, flow.importer)

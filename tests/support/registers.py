"""A labelled generator of returnee registers with repeat registrations and hard negatives.

``generate_register(n, seed)`` returns about ``n`` ``PersonRecord``s (deterministic by seed),
the set of true duplicate pairs (records of the same person) and the set of hard-negative pairs
(different people with the same name and nationality). About 8 % of people are registered twice
or three times; each repeat registration alters the first the way field teams do: the other
language's spelling, swapped name columns, a dropped middle name, a year-only date of birth, day
and month swapped, a year off, no phone or document the second time, a typo, upper case.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from dataclasses import dataclass, replace

from models.duplicates import PersonRecord

# "French spellings=English spellings*weight". The first French spelling is the usual one.
_FAMILY = {
    "mande": """Traoré/Traore=Traore*30 Coulibaly/Koulibaly=Kulibali/Coulibaly*22 Keïta/Keita=Keita*14
        Koné/Kone=Konneh/Kone*18 Diarra/Dyarra=Jarra*10 Camara/Kamara=Kamara*20
        Konaté/Konate=Konateh*8 Kouyaté/Kouyate=Kuyateh*4 Sissoko/Cissoko=Sissoko*6
        Cissé/Cisse/Sissé=Ceesay/Sisay/Sesay*14 Touré/Toure=Touray/Turay*12
        Diakité/Diakite=Jakite*6 Doumbia/Dumbia=Dumbuya*6 Fofana/Fofanah=Fofanah*8
        Sangaré/Sangare=Sangare*5 Dembélé/Dembele=Dembele*6 Kanté/Kante=Kanteh*5
        Dramé/Drame=Drammeh*4 Sylla/Silla=Sillah*6 Bagayoko=Bagayogo*4 Sacko/Sako=Sako*4
        Tounkara=Tunkara*3 Samaké/Samake=Samake*3 Soumaré/Soumare=Sumareh*3 Sanogo=Sanogo*4
        Ouattara/Wattara=Wattara*6 Bamba=Bamba*4 Fané/Fane=Faneh*2 Dabo=Darboe*3
        Magassouba=Magassouba*2 Sinayoko=Sinayogo*1 Tangara=Tangara*2 Niaré/Niare=Nyare*1""",
    "fula": """Diallo/Dialo=Jallow/Jalloh*40 Bah/Ba=Bah/Ba*20 Barry/Bary=Barrie*16
        Sow/Sowe=Sowe/Sow*12 Baldé/Balde=Baldeh*10 Sidibé/Sidibe=Sidibeh*6 Diao=Jaw*3
        Kane=Kane*3 Tall/Tal=Tall*3 Ly=Ly*2 Wane/Wann=Wane*2 Diba=Jibba*2 Kandé=Kandeh*2
        Djigo/Diigo=Jigo*1 Sy/Si=Sey*3""",
    "wolof": """Ndiaye/N'Diaye/N'diaye=Njie/Ndiaye*20 Diop/Diope=Jobe*16 Fall/Fal=Fall*10
        Gueye/Guèye=Gaye*10 Faye=Faye/Fye*6 Seck=Secka*5 Mbaye/M'Baye=Mbye*6 Sarr/Sar=Sarr*5
        Thiam/Tiam=Cham*5 Diouf=Joof*5 Sène/Sene=Sene*4 Niang/Nyang=Nyang*4
        Ndao/N'Dao=Ndow*3 Mboup=Mbop*2 Samb=Samb*2 Ndour=Ndure*2 Dieng=Jeng*3 Thioune=Choon*1""",
    "krio": """Koroma=Koroma/Kuruma*14 Kamara=Kamara*12 Sesay=Sesay/Sisay*12 Bangoura=Bangura*10
        Conté/Conte=Conteh*8 Kargbo=Kargbo*5 Mansaré/Mansare=Mansaray*5 Sankoh=Sankoh/Sanko*5
        Kanu=Kanu*3 Kallon=Kallon*3 Kaba=Kabba*3 Johnson=Johnson*3 Williams=Williams*2
        Cole=Cole*2 Taylor=Taylor*1 Macauley=Macaulay*1 Thomas=Thomas*2 Kollie=Kollie*3
        Doe=Doe*3 Flomo=Flomo*2 Togba=Togbah*1 Kromah=Kroma*2 Chérif/Cherif=Sherif/Sheriff*3
        Doukouré=Dukuly*2 Jusu=Jusu*1 Bockarie=Bockarie/Bokarie*2 Fomba=Fomba*2""",
    "akan": """Kouassi/Kwassi=Kwasi*8 Kouadio=Kwadwo*6 Konan/Konnan=Konan*6 Yao=Yaw*6
        N'Guessan/Nguessan=Nguessan*5 Koffi/Kofi=Kofi*5 Kouamé/Kouame=Kwame*5 Aka=Aka*2
        Brou=Brou*2 Yeboah=Yeboah*2 Mensah=Mensah*3 Asante=Asante*2 Owusu=Owusu*2
        Boateng=Boateng*1 Adjei=Agyei*1 Kouakou=Kwaku*3""",
    "mossi": """Ouédraogo/Ouedraogo=Wedraogo*8 Sawadogo=Sawadogo*5 Zongo=Zongo*2
        Compaoré/Compaore=Kompaore*2 Kaboré/Kabore=Kabore*3 Ilboudo=Ilboudo*2 Nikiéma=Nikiema*1""",
}  # fmt: skip

_MALE = """Mamadou/Mamadu=Mamadu/Mamadou*40 Mohamed/Mohammed=Mohammed/Muhammad*30
    Moussa/Mousa=Musa/Moussa*22 Ibrahima/Brahima=Ibrahim/Ebrima*20 Amadou/Ahmadou=Amadu*16
    Ousmane/Ousman=Usman/Osman*14 Abdoulaye/Abdoulay=Abdulai/Abdoulie*16
    Boubacar/Aboubacar=Abubakar/Abubakarr*14 Souleymane/Souleimane=Suleiman/Sulayman*10
    Seydou/Seidou=Saidu*10 Lamine/Lamin=Lamin*12 Bakary/Bakari=Bakary/Bakarr*10 Lansana=Lansana*5
    Alhassane/Alassane=Alhassan/Alasan*8 Sékou/Sekou=Saikou/Sekou*8 Modou/Moudou=Modou/Momodou*8
    Aliou/Alliou=Alieu/Aliu*8 Oumar/Omar=Omar/Umaru*8 Idrissa/Idrisa=Idrissa*5
    Karamoko=Karamoko*2 Thierno/Tierno=Chernor/Cherno*6 Sory/Sori=Sorie*4 Alpha/Alfa=Alpha*6
    Fodé/Fode=Foday*5 Cheick/Cheikh=Sheikh/Sheku*5 Tidiane/Tidjane=Tijan/Tijani*4
    Djibril/Djibrila=Jibril*4 Yaya/Yahya=Yaya*4 Adama=Adama*6 Issa/Issiaka=Isa/Issa*5
    Kalilou/Khalilou=Kalilu*3 Salif/Salifou=Salifu*4 Daouda=Dawda*4 Babacar/Babakar=Babucarr*3
    Malick/Malik=Malick*3 Pape/Papa=Pa*2 Kofi/Koffi=Kofi*2 Kouamé=Kwame*2 Yao=Yaw*2
    Emmanuel=Emmanuel*2 Joseph=Joseph*2 Samuel=Samuel*2 Ismaïla/Ismaila=Ismaila/Ismail*4
    Abdoul/Abdou=Abdul*4 Karim/Karime=Karim*3 Aziz=Aziz*2 Youssouf/Yousouf=Yusuf*4
    Hamidou/Hamadou=Hamidu*3 Mahamadou=Mahamadu*3 Siaka=Siaka*3 Drissa=Drisa*3
    Bourama/Bouréma=Burama*3 Mady/Madi=Madi*2 Samba=Samba*3 Demba=Demba*3 Ousseynou=Ousainou*3""".replace(
    "\n", " "
)  # fmt: skip
_FEMALE = """Fatoumata/Fatoumatta=Fatumata/Fatmata*35 Aminata/Aminatta=Aminata*25
    Mariama/Mariam=Mariama/Mariam*20 Kadiatou/Kadiatu=Kadiatu/Khadija*16
    Aïssatou/Aissatou=Isatou/Aisatu*15 Hawa/Awa=Hawa/Awa*12 Fanta=Fanta*10 Binta/Bintou=Binta*8
    Oumou/Oumy=Umu*8 Assitan/Assita=Asita*5 Rokia/Rokiatou=Rokia*5 Djénéba/Djeneba=Jeneba/Jainaba*8
    Nafissatou/Nafissa=Nafisatu*4 Ramatoulaye/Ramata=Ramatulai*4 Kadidia/Kadidja=Kadija*4
    Fatou/Fatu=Fatou/Fatu*12 Mariatou/Mariétou=Mariatu*6 Safiatou/Safiatu=Safiatu*4
    Salimata/Salamata=Salimatu*4 Maïmouna/Maimouna=Maimuna*5 Ndeye/N'Deye=Ndey*5 Khady/Khadi=Kadi*4
    Coumba/Koumba=Kumba*5 Sira=Sira*3 Sali/Saly=Sally*2 Yacine/Yassine=Yassin*3 Adja/Hadja=Haddy*3
    Akosua=Akosua*2 Ama=Ama*2 Adjoa=Adwoa*2 Grace=Grace*2 Mary/Marie=Mary*3 Kani=Kani*2
    Sanata=Sanatu*2 Tenin=Tenneh*2 Nènè/Nene=Neneh*3 Fanta Madi=Fanta Madi*1""".replace(
    "\n", " "
)  # fmt: skip

# Nationality: share, language of spelling, family-name groups with their weights, places.
_COUNTRIES = {
    "MLI": (30, "fr", {"mande": 70, "fula": 25, "mossi": 2, "wolof": 3},
            "Bamako Kayes Sikasso Ségou Mopti Kita Nioro Yélimané Diéma Kéniéba Bafoulabé Koutiala"),
    "GIN": (24, "fr", {"fula": 55, "mande": 40, "krio": 5},
            "Conakry Labé Kankan Mamou Kindia Pita Dalaba Siguiri Kouroussa Faranah Boké Télimélé"),
    "CIV": (11, "fr", {"akan": 50, "mande": 40, "mossi": 10},
            "Abidjan Bouaké Daloa Korhogo Yamoussoukro San-Pédro Man Gagnoa Odienné"),
    "SEN": (10, "fr", {"wolof": 60, "fula": 30, "mande": 10},
            "Dakar Thiès Kaolack Touba Ziguinchor Saint-Louis Kolda Tambacounda Matam Louga"),
    "GMB": (9, "en", {"wolof": 35, "fula": 30, "mande": 35},
            "Banjul Serrekunda Brikama Farafenni Basse Bakau Soma Lamin Gunjur Kerewan"),
    "SLE": (8, "en", {"krio": 60, "fula": 20, "mande": 20},
            "Freetown Bo Kenema Makeni Koidu Port Loko Kabala Kambia Lunsar Waterloo"),
    "LBR": (4, "en", {"krio": 70, "mande": 30},
            "Monrovia Gbarnga Buchanan Kakata Voinjama Zwedru Harper Ganta"),
    "BFA": (2, "fr", {"mossi": 70, "mande": 20, "fula": 10},
            "Ouagadougou Bobo-Dioulasso Koudougou Ouahigouya Banfora"),
    "NER": (2, "fr", {"fula": 50, "mande": 50}, "Niamey Zinder Maradi Tahoua Agadez"),
}  # fmt: skip
_DIAL = {"MLI": "223", "GIN": "224", "CIV": "225", "SEN": "221", "GMB": "220", "SLE": "232",
         "LBR": "231", "BFA": "226", "NER": "227"}  # fmt: skip


@dataclass(frozen=True)
class _Name:
    french: tuple[str, ...]
    english: tuple[str, ...]


def _parse(text: str) -> list[tuple[_Name, int]]:
    names: list[tuple[_Name, int]] = []
    for item in text.split():
        spellings, weight = item.rsplit("*", 1) if "*" in item else (item, "1")
        fr, en = spellings.split("=")
        names.append((_Name(tuple(fr.split("/")), tuple(en.split("/"))), int(weight)))
    return names


@dataclass(frozen=True)
class Register:
    records: list[PersonRecord]
    duplicate_pairs: set[tuple[int, int]]
    hard_negative_pairs: set[tuple[int, int]]
    person_of: dict[int, int]  # record id -> person number


@dataclass(frozen=True)
class _Person:
    number: int
    family: _Name
    given: tuple[_Name, ...]
    sex: str
    birth: dt.date
    year_only: bool
    nationality: str
    phone: str | None
    document: str | None
    place: str


class _Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.family = {group: _parse(text) for group, text in _FAMILY.items()}
        self.male = _parse(_MALE.replace("Fanta Madi", "FantaMadi"))
        self.female = _parse(_FEMALE.replace("Fanta Madi", "FantaMadi"))
        self.countries = list(_COUNTRIES)
        self.country_weights = [c[0] for c in _COUNTRIES.values()]
        self.phones: set[str] = set()

    def pick(self, names: list[tuple[_Name, int]]) -> _Name:
        return self.rng.choices([n for n, _ in names], weights=[w for _, w in names])[0]

    def person(self, number: int, like: _Person | None = None) -> _Person:
        rng = self.rng
        if like is None:
            nat = rng.choices(self.countries, weights=self.country_weights)[0]
            groups = _COUNTRIES[nat][2]
            group = rng.choices(list(groups), weights=list(groups.values()))[0]
            family = self.pick(self.family[group])
            sex = "M" if rng.random() < 0.72 else "F"
            pool = self.male if sex == "M" else self.female
            given = [self.pick(pool)]
            if rng.random() < 0.3:
                second = self.pick(pool)
                if second != given[0]:
                    given.append(second)
            given_t = tuple(given)
        else:  # a different person with the same name and nationality (hard negative)
            nat, family, given_t, sex = like.nationality, like.family, like.given, like.sex
        age = int(rng.gauss(27, 8))
        while not 15 <= age <= 65:
            age = int(rng.gauss(27, 8))
        year = 2025 - age
        birth = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
        if rng.random() < 0.04:
            birth = dt.date(year, 1, 1)  # "born 1 January": the usual filler
        phone = None
        if rng.random() < 0.65:
            phone = f"+{_DIAL[nat]}{rng.randint(60_000_000, 99_999_999)}"
        document = None
        if rng.random() < 0.45:
            document = f"{nat[0]}{rng.choice('ABCDEFGHJK')}{rng.randint(1_000_000, 9_999_999)}"
        place = rng.choice(_COUNTRIES[nat][3].split())
        return _Person(number, family, given_t, sex, birth, rng.random() < 0.18, nat, phone,
                       document, place)  # fmt: skip

    def spell(self, name: _Name, lang: str, other_language: float = 0.0) -> str:
        rng = self.rng
        if rng.random() < other_language:
            lang = "en" if lang == "fr" else "fr"
        choices = name.french if lang == "fr" else name.english
        spelled = choices[0] if rng.random() < 0.7 else rng.choice(choices)
        return spelled.replace("FantaMadi", "Fanta Madi")

    def record(self, rid: int, person: _Person, repeat: bool) -> PersonRecord:
        rng = self.rng
        lang = _COUNTRIES[person.nationality][1]
        other = 0.35 if repeat else 0.05  # registered in another country the second time
        family = self.spell(person.family, lang, other)
        givens = [self.spell(g, lang, other) for g in person.given]
        birth, year_only = person.birth, person.year_only
        phone, document, place = person.phone, person.document, person.place
        if repeat:
            if len(givens) > 1 and rng.random() < 0.45:
                givens.pop(rng.randrange(len(givens)))  # dropped middle name
            if not year_only and rng.random() < 0.2:
                year_only = True
            elif year_only and rng.random() < 0.3:
                year_only = False
            roll = rng.random()
            if not year_only and roll < 0.1 and birth.day <= 12 and birth.day != birth.month:
                birth = dt.date(birth.year, birth.day, birth.month)
            elif roll < 0.2:
                birth = dt.date(birth.year + rng.choice((-1, 1)), birth.month, birth.day)
            if phone and rng.random() < 0.45:
                phone = None
            elif rng.random() < 0.15:
                phone = f"+{_DIAL[person.nationality]}{rng.randint(60_000_000, 99_999_999)}"
            if document and rng.random() < 0.5:
                document = None
            elif document and rng.random() < 0.1:
                document = document[:-2] + document[-1] + document[-2]  # transposed digits
            if rng.random() < 0.3:
                place = None if rng.random() < 0.5 else place.upper()
            if rng.random() < 0.15:
                family = _typo(rng, family)
            elif rng.random() < 0.1:
                givens[0] = _typo(rng, givens[0])
        given = " ".join(givens)
        if rng.random() < 0.4:
            family = family.upper()
        if rng.random() < 0.15:
            family, given = _strip_accents(family), _strip_accents(given)
        if repeat and rng.random() < 0.15:
            family, given = given, family  # typed in each other's columns
        if year_only:
            birth = dt.date(birth.year, 1, 1)
        return PersonRecord(
            id=rid,
            family_name=family,
            given_names=given,
            sex=person.sex,
            birth_date=birth,
            birth_precision="year" if year_only else "day",
            nationality=person.nationality,
            phone=phone,
            document_number=document,
            place_of_origin=place,
        )


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.random()
    if kind < 0.3:
        return word[:i] + word[i + 1 :]  # dropped letter
    if kind < 0.6:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]  # transposed letters
    if kind < 0.8:
        return word[:i] + word[i] + word[i:]  # doubled letter
    return word[:i] + rng.choice("aeioumnrs") + word[i + 1 :]  # wrong letter


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def generate_register(
    n: int = 3000, seed: int = 1, repeat_share: float = 0.08, twin_share: float = 0.05
) -> Register:
    """About ``n`` records: people, ``repeat_share`` of them registered 2-3 times, and
    ``twin_share`` of them with a namesake (same name and nationality, a different person)."""
    gen = _Generator(seed)
    rng = gen.rng
    rows: list[tuple[int, PersonRecord]] = []
    people: list[_Person] = []
    number = 0
    while len(rows) < n:
        person = gen.person(number)
        people.append(person)
        number += 1
        rows.append((person.number, gen.record(0, person, repeat=False)))
        if rng.random() < repeat_share:
            for _ in range(2 if rng.random() < 0.15 else 1):
                rows.append((person.number, gen.record(0, person, repeat=True)))
        if rng.random() < twin_share:
            namesake = gen.person(number, like=person)
            people.append(namesake)
            number += 1
            rows.append((namesake.number, gen.record(0, namesake, repeat=False)))
    rng.shuffle(rows)
    records = [replace(record, id=i) for i, (_, record) in enumerate(rows, 1)]
    person_of = {record.id: pnum for record, (pnum, _) in zip(records, rows, strict=True)}
    by_person: dict[int, list[int]] = {}
    for rid, pnum in person_of.items():
        by_person.setdefault(pnum, []).append(rid)
    duplicates = {
        (a, b) for ids in by_person.values() for i, a in enumerate(ids) for b in ids[i + 1 :]
    }
    # Hard negatives: different people with the same canonical name and nationality.
    by_name: dict[tuple[object, ...], list[int]] = {}
    for person in people:
        key = (person.family, frozenset(person.given), person.nationality)
        by_name.setdefault(key, []).append(person.number)
    hard: set[tuple[int, int]] = set()
    for numbers in by_name.values():
        if len(numbers) < 2:
            continue
        ids = [rid for num in numbers for rid in by_person.get(num, [])]
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                if person_of[a] != person_of[b]:
                    hard.add((min(a, b), max(a, b)))
    return Register(records, duplicates, hard, person_of)


def evaluate(
    flagged: set[tuple[int, int]], register: Register
) -> tuple[float, float, float, float]:
    """(precision, recall, F1, share of hard-negative pairs flagged) of ``flagged`` pairs."""
    truth = register.duplicate_pairs
    hits = len(flagged & truth)
    precision = hits / len(flagged) if flagged else 1.0
    recall = hits / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    hard = register.hard_negative_pairs
    hard_share = len(flagged & hard) / len(hard) if hard else 0.0
    return precision, recall, f1, hard_share

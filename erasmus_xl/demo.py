"""A deterministic, realistic demo register for 2024–2026, and a copy with typical mistakes.

Why: a coordinator (and a test) needs a full register to try the validation, the indicators and
the reports on, without anyone's personal data. Everything is explicit data below; nothing is
random. The school is Rēzeknes tehnikums; its projects "Mācāmies darot"
(2023-1-LV01-KA122-VET-000135915) and "Mācāmies un veidojam Eiropu kopā"
(2022-1-LV01-KA122-VET-000077629), Flexiplant and the partners in Ukmergė, Jõhvi and Arendal
come from its internationalisation strategy; later projects, all people, other organisations,
OIDs and amounts are invented (the amounts follow the 2024 Erasmus+ travel table and an example
NA's daily rates only roughly). "Today" of the demo is 22.11.2026 (`DEMO_TODAY`): mobilities
that ended before it are completed, later ones planned or confirmed.

Counts per calendar year of the start date, with the counting rules of the domain brief
(actual = status completed; pipeline = planned + confirmed; cancelled never counts):

| year | learners | learners pipeline | learners cancelled | staff | staff pipeline | accompanying | learners hosted | staff hosted | events | competitions | projects coordinator | projects partner | new partners |
| 2024 | 18 | 0 | 1 | 2 | 0 | 4 | 4 | 1 | 1 | 3 | 0 | 1 | 2 |
| 2025 | 23 | 0 | 1 | 4 | 0 | 5 | 5 | 2 | 2 | 2 | 1 | 2 | 3 |
| 2026 | 38 | 20 | 2 | 5 | 2 | 7 | 4 | 3 | 2 | 3 | 2 | 3 | 2 |

(learners, staff, accompanying, hosted, events and competitions are actual counts; hosted guests
are the sum of `Skaits`; projects are cooperation projects, approved or closed, whose period
overlaps the year; new partners are partners whose cooperation began that year.)
Against the strategy's targets: 2024 met (18 of 18), 2025 23 of 25, 2026 38 done and 20 in the
pipeline of 60 — a register that is behind target in its third year, as real ones are. The 2026
pipeline holds a planned group mobility of VET learners (LM-GROUP-VET, Tartu, 14.–18.12.2026,
group "G-2026-01": 3 learners, each counted as a learner mobility, and 1 accompanying person).
"""
from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from erasmus_xl.io.outputs import ensure_folder
from erasmus_xl.render.register_template import write_register
from erasmus_xl.resources import load_data

DEMO_TODAY = dt.date(2026, 11, 22)
DEMO_FILE = "demo-register.xlsx"
MISTAKES_FILE = "demo-register-kludas.xlsx"

D = dt.date

# --------------------------------------------------------------------------- projects

P_FLEXIPLANT = "2020-1-PL01-KA202-081486"
P_2022 = "2022-1-LV01-KA122-VET-000077629"
P_2023 = "2023-1-LV01-KA122-VET-000135915"
P_2024 = "2024-1-LV01-KA122-VET-000212347"
P_2025 = "2025-1-LV01-KA122-VET-000301562"
P_2026 = "2026-1-LV01-KA121-VET-000387514"
P_GREENWOOD = "2024-1-PL01-KA220-VET-000254321"
P_KITCHEN = "2025-1-LT01-KA220-VET-000318842"
P_SMALL = "2026-1-EE01-KA210-VET-000402217"
P_NORDPLUS = "NPJR-2025/10047"
P_ETWINNING = "eTw-2026-104583"
P_REJECTED = "2025-1-LV01-KA220-VET-000309155"
P_SUBMITTED = "2026-2-LV01-KA210-VET-000421883"

PROJECTS: list[dict] = [
    {"project_number": P_FLEXIPLANT, "title": "Flexiplant", "programme": "erasmus_plus", "role": "partner",
     "start_date": D(2020, 12, 1), "end_date": D(2022, 11, 30), "grant": Decimal("18450.00"), "status": "closed",
     "kind": "cooperation"},
    {"project_number": P_2022, "title": "Mācāmies un veidojam Eiropu kopā", "programme": "erasmus_plus",
     "role": "coordinator", "start_date": D(2022, 9, 1), "end_date": D(2024, 2, 29), "grant": Decimal("84270.00"),
     "status": "closed"},
    {"project_number": P_2023, "title": "Mācāmies darot", "programme": "erasmus_plus", "role": "coordinator",
     "start_date": D(2023, 9, 1), "end_date": D(2025, 2, 28), "grant": Decimal("72840.00"), "status": "closed"},
    {"project_number": P_2024, "title": "Prakse bez robežām", "programme": "erasmus_plus", "role": "coordinator",
     "start_date": D(2024, 9, 1), "end_date": D(2026, 2, 28), "grant": Decimal("118960.00"), "status": "closed"},
    {"project_number": P_2025, "title": "Prasmes Eiropai", "programme": "erasmus_plus", "role": "coordinator",
     "start_date": D(2025, 9, 1), "end_date": D(2027, 2, 28), "grant": Decimal("96480.00"), "status": "approved"},
    {"project_number": P_2026, "title": "Erasmus akreditācijas projekts 2026", "programme": "erasmus_plus",
     "role": "coordinator", "start_date": D(2026, 6, 1), "end_date": D(2027, 8, 31), "grant": Decimal("214600.00"),
     "status": "approved", "kind": "mobility"},
    {"project_number": P_GREENWOOD, "title": "GreenWood — zaļās prasmes kokapstrādē", "programme": "erasmus_plus",
     "role": "partner", "start_date": D(2024, 11, 1), "end_date": D(2026, 10, 31), "grant": Decimal("38500.00"),
     "status": "approved"},
    {"project_number": P_NORDPLUS, "title": "Ziemeļu un Baltijas garšas (Nordic-Baltic Food Craft)",
     "programme": "nordplus", "role": "coordinator", "start_date": D(2025, 8, 1), "end_date": D(2027, 7, 31),
     "grant": Decimal("27800.00"), "status": "approved"},
    {"project_number": P_REJECTED, "title": "Mehatronika nākotnei", "programme": "erasmus_plus", "role": "coordinator",
     "start_date": D(2025, 11, 1), "end_date": D(2027, 10, 31), "grant": None, "status": "rejected"},
    {"project_number": P_KITCHEN, "title": "Digitālā virtuve (Digital Kitchen)", "programme": "erasmus_plus",
     "role": "partner", "start_date": D(2025, 12, 1), "end_date": D(2027, 11, 30), "grant": Decimal("42150.00"),
     "status": "approved"},
    {"project_number": P_ETWINNING, "title": "Zaļā virtuve (Green Kitchen)", "programme": "etwinning",
     "role": "coordinator", "start_date": D(2026, 2, 1), "end_date": D(2026, 6, 12), "grant": None, "status": "closed",
     "kind": "cooperation"},
    {"project_number": P_SMALL, "title": "Mazi soļi ilgtspējai (Small Steps to Sustainability)",
     "programme": "erasmus_plus", "role": "partner", "start_date": D(2026, 9, 1), "end_date": D(2027, 8, 31),
     "grant": Decimal("12000.00"), "status": "approved"},
    {"project_number": P_SUBMITTED, "title": "Digitālās prasmes pavāriem", "programme": "erasmus_plus",
     "role": "coordinator", "start_date": D(2027, 3, 1), "end_date": D(2029, 2, 28), "grant": None,
     "status": "submitted"},
]

# --------------------------------------------------------------------------- partners

UKMERGE = "Ukmergės technologijų ir verslo mokykla"
JOHVI = "Ida-Virumaa Kutsehariduskeskus"
KAUNAS = "Kauno maisto pramonės ir prekybos mokymo centras"
TARTU = "Tartu Kutsehariduskeskus"
PARNU = "Pärnumaa Kutsehariduskeskus"
PANEVEZYS = "Panevėžio profesinio rengimo centras"
ARENDAL = "Sam Eyde videregående skole"
ROSTOCK = "Autohaus Krüger GmbH"
RIMINI = "Hotel Villa Serena"
BIALYSTOK = "Zespół Szkół Drzewnych i Budowlanych"
VARNA = "Hotel Morsko Oko"
JYVASKYLA = "Keski-Suomen ravintola-ammattiopisto"
FIRENZE = "Firenze Teacher Academy"
GDANSK = "Ekoenergia Sp. z o.o."
TALLINN = "Tallinna Teeninduskool"
KAUNAS_IT = "UAB Baltijos tinklų servisas"

PARTNERS: list[dict] = [
    {"name": ARENDAL, "country": "NO", "city": "Arendal", "oid": "E10027741", "type": "vet_school", "cooperation_since": 2013},
    {"name": KAUNAS, "country": "LT", "city": "Kaunas", "oid": "E10112468", "type": "vet_school", "cooperation_since": 2017},
    {"name": VARNA, "country": "BG", "city": "Varna", "oid": "E10251903", "type": "company", "cooperation_since": 2017},
    {"name": ROSTOCK, "country": "DE", "city": "Rostock", "oid": "E10228190", "type": "company", "cooperation_since": 2018},
    {"name": RIMINI, "country": "IT", "city": "Rimini", "oid": "E10236674", "type": "company", "cooperation_since": 2018},
    {"name": TARTU, "country": "EE", "city": "Tartu", "oid": "E10056712", "type": "vet_school", "cooperation_since": 2019},
    {"name": UKMERGE, "country": "LT", "city": "Ukmergė", "oid": "E10041127", "type": "vet_school", "cooperation_since": 2022},
    {"name": JOHVI, "country": "EE", "city": "Jõhvi", "oid": "E10089354", "type": "vet_school", "cooperation_since": 2022},
    {"name": PARNU, "country": "EE", "city": "Pärnu", "oid": "E10193385", "type": "vet_school", "cooperation_since": 2024},
    {"name": BIALYSTOK, "country": "PL", "city": "Białystok", "oid": "E10204519", "type": "vet_school",
     "cooperation_since": D(2024, 11, 1)},
    {"name": PANEVEZYS, "country": "LT", "city": "Panevėžys", "oid": "E10140826", "type": "vet_school", "cooperation_since": 2025},
    {"name": JYVASKYLA, "country": "FI", "city": "Jyväskylä", "oid": "E10267315", "type": "vet_school", "cooperation_since": 2025},
    {"name": FIRENZE, "country": "IT", "city": "Firenze", "oid": "E10272048", "type": "other", "cooperation_since": 2025},
    {"name": GDANSK, "country": "PL", "city": "Gdańsk", "oid": "E10288561", "type": "company", "cooperation_since": 2026},
    {"name": TALLINN, "country": "EE", "city": "Tallinn", "oid": "E10071936", "type": "vet_school", "cooperation_since": 2026},
]

# --------------------------------------------------------------------------- people

# Fictitious learners (first name, surname with the right gender ending); taken in order.
LEARNER_NAMES: tuple[str, ...] = (
    "Elīna Liepiņa", "Kristaps Kozlovskis", "Anete Tihomirova", "Artūrs Žogots", "Laura Skudra", "Roberts Ņikitins",
    "Dārta Krūmiņa", "Dāvis Ķirsons", "Katrīna Ruskule", "Mārtiņš Kokins", "Sanija Pastare", "Edgars Ozols",
    "Paula Locāne", "Ričards Pauliņš", "Madara Gribuste", "Markuss Ščerbaks", "Agnese Ziemele", "Emīls Bērziņš",
    "Linda Petrova", "Gustavs Mālnieks", "Evelīna Spūle", "Niks Čudars", "Diāna Ēriņa", "Rihards Zariņš",
    "Karīna Mičule", "Oskars Šadurskis", "Marta Dzene", "Jānis Jakovļevs", "Līga Greivule", "Kārlis Vaivods",
    "Annija Leikuma", "Aleksandrs Smirnovs", "Ieva Romanovska", "Daniels Vanags", "Justīne Kalniņa", "Toms Ivanovs",
    "Viktorija Lukaševiča", "Ernests Rudzītis", "Alise Bondarenko", "Valters Kučs", "Kristīne Zeltiņa", "Gints Dombrovskis",
    "Sintija Kivleniece", "Matīss Tuče", "Beāte Keiša", "Renārs Stepiņš", "Renāte Upeniece", "Krišs Borisovs",
    "Santa Ruskule", "Arvis Kokins", "Aiga Pastare", "Sandis Ozols", "Lāsma Locāne", "Ēriks Pauliņš",
    "Rūta Gribuste", "Vladislavs Ščerbaks", "Zane Ziemele", "Deniss Bērziņš", "Estere Petrova", "Ņikita Mālnieks",
    "Amēlija Spūle", "Maksims Čudars", "Adriana Ēriņa", "Armands Zariņš", "Kate Mičule", "Aigars Šadurskis",
    "Elza Dzene", "Elvis Jakovļevs", "Sabīne Greivule", "Rolands Vaivods", "Megija Leikuma", "Kaspars Smirnovs",
    "Keita Romanovska", "Viesturs Vanags", "Patrīcija Kalniņa", "Ralfs Ivanovs", "Nikola Lukaševiča", "Reinis Rudzītis",
    "Emīlija Bondarenko", "Pēteris Kučs", "Anastasija Zeltiņa", "Alvis Dombrovskis", "Darja Kivleniece", "Dmitrijs Tučs",
    "Alīna Keiša", "Klāvs Stepiņš", "Ramona Upeniece", "Linards Borisovs", "Vita Krūmiņa", "Miks Ķirsons",
    "Lelde Tihomirova", "Andrejs Žogots", "Ance Skudra", "Jurģis Ņikitins", "Jolanta Kivleniece", "Olafs Ozols",
    "Inga Liepiņa", "Sergejs Kozlovskis", "Dana Pauliņa", "Valērijs Mālnieks", "Gerda Spūle", "Kristaps Čudars",
    "Loreta Bērziņa", "Artūrs Zariņš",
)

# Fictitious staff: teachers who accompany groups or go on their own mobilities.
SPROGIS, PUDANE, RANCANS, VILCANE = "Juris Sproģis", "Ilze Pudāne", "Valdis Rancāns", "Sandra Vilcāne"
LAIZANE, CIRCENIS, GAILITE, UDRIS = "Inese Laizāne", "Aivars Circenis", "Daiga Gailīte", "Normunds Ūdris"
KRASOVSKIS, STRODE, VOLKOVA, LOCMELE = "Vitālijs Krasovskis", "Anita Strode", "Jeļena Volkova", "Ināra Ločmele"
MEZALE, BELAJEVS = "Gunta Mežale", "Aleksandrs Beļajevs"

# Education programmes (the names of data/school.json).
IP_DB = "Datorsistēmas, datu bāzes un datortīkli"
IP_PROG = "Programmēšana"
IP_FOOD = "Pārtikas produktu tehnoloģija"
IP_FOOD35 = "Pārtikas produktu tehnoloģija (35b)"
IP_BUILD = "Būvniecība"
IP_FINISH = "Būvdarbi"
IP_COOK = "Ēdināšanas pakalpojumi (pavārs)"
IP_PASTRY = "Ēdināšanas pakalpojumi (konditors)"
IP_HOTEL = "Viesnīcu pakalpojumi"
IP_ENERGY = "Enerģētika un elektrotehnika"
IP_WOOD = "Kokizstrādājumu izgatavošana"
IP_COMM = "Komerczinības"
IP_MECH = "Mehatronika"
IP_AUTO = "Autotransports"

JOHVI_KM = 317   # Jõhvi is missing from the city lists: the coordinator types the distance


@dataclass(frozen=True)
class Trip:
    """One outgoing trip: a learner group (with its accompanying teacher) or one staff member."""

    project: str
    activity: str
    organisation: str
    country: str
    city: str
    start: dt.date
    end: dt.date
    programmes: tuple[str, ...] = ()     # one per learner, in order
    status: str = "completed"
    green: bool = False
    accompanying: str | None = None
    staff: str | None = None
    cancelled: int = 0                   # learners who withdrew (status cancelled)
    names: tuple[str, ...] = ()          # explicit learners instead of the next ones of LEARNER_NAMES
    distance_km: int | None = None
    group: str | None = None             # group mobility: the code of column "Grupa"


def _n(programme: str, count: int) -> tuple[str, ...]:
    return (programme,) * count


TRIPS: tuple[Trip, ...] = (
    # 2024 ------------------------------------------------------------------------------------
    Trip(P_2022, "LM-SHORT-VET", ROSTOCK, "DE", "Rostock", D(2024, 1, 8), D(2024, 2, 2), _n(IP_AUTO, 4),
         accompanying=SPROGIS),
    Trip(P_2023, "LM-SHORT-VET", UKMERGE, "LT", "Ukmergė", D(2024, 3, 4), D(2024, 3, 22),
         _n(IP_WOOD, 2) + _n(IP_COOK, 3), green=True, accompanying=PUDANE),
    Trip(P_2023, "LM-SHORT-VET", JOHVI, "EE", "Jõhvi", D(2024, 4, 15), D(2024, 5, 3), _n(IP_PROG, 2) + _n(IP_HOTEL, 2),
         green=True, accompanying=RANCANS, distance_km=JOHVI_KM),
    Trip(P_2023, "LM-SHORT-VET", KAUNAS, "LT", "Kaunas", D(2024, 9, 30), D(2024, 10, 18),
         _n(IP_PASTRY, 3) + _n(IP_FOOD35, 2), green=True, accompanying=VILCANE, cancelled=1),
    Trip(P_2023, "SM-JOB-SHDW", TARTU, "EE", "Tartu", D(2024, 10, 7), D(2024, 10, 11), staff=LAIZANE, green=True),
    Trip(P_2023, "SM-COUR-TRAIN", KAUNAS, "LT", "Kaunas", D(2024, 11, 18), D(2024, 11, 22), staff=CIRCENIS, green=True),
    # 2025 ------------------------------------------------------------------------------------
    Trip(P_2023, "LM-SHORT-VET", PARNU, "EE", "Pärnu", D(2025, 1, 13), D(2025, 1, 31), (IP_BUILD,) + _n(IP_FINISH, 2),
         green=True),
    Trip(P_2024, "LM-SHORT-VET", RIMINI, "IT", "Rimini", D(2025, 3, 3), D(2025, 3, 28), _n(IP_HOTEL, 2) + _n(IP_COOK, 2),
         accompanying=GAILITE),
    Trip(P_2024, "SM-JOB-SHDW", UKMERGE, "LT", "Ukmergė", D(2025, 3, 10), D(2025, 3, 14), staff=VOLKOVA, green=True),
    Trip(P_2024, "LM-SHORT-VET", BIALYSTOK, "PL", "Białystok", D(2025, 4, 7), D(2025, 4, 25),
         _n(IP_WOOD, 3) + (IP_FINISH,), green=True, accompanying=UDRIS),
    Trip(P_2024, "LM-SHORT-VET", PANEVEZYS, "LT", "Panevėžys", D(2025, 5, 5), D(2025, 5, 23),
         _n(IP_ENERGY, 2) + _n(IP_MECH, 2), green=True, accompanying=KRASOVSKIS),
    Trip(P_2024, "SM-COUR-TRAIN", FIRENZE, "IT", "Firenze", D(2025, 6, 16), D(2025, 6, 20), staff=LOCMELE),
    Trip(P_2024, "SM-COUR-TRAIN", FIRENZE, "IT", "Firenze", D(2025, 6, 16), D(2025, 6, 20), staff=MEZALE),
    Trip(P_2024, "LM-LONG-VET", KAUNAS_IT, "LT", "Kaunas", D(2025, 9, 1), D(2025, 12, 19), (IP_DB,), green=True),
    Trip(P_2024, "LM-SHORT-VET", ROSTOCK, "DE", "Rostock", D(2025, 9, 8), D(2025, 10, 3), _n(IP_AUTO, 3),
         accompanying=SPROGIS, cancelled=1),
    Trip(P_2024, "LM-SHORT-VET", VARNA, "BG", "Varna", D(2025, 10, 13), D(2025, 11, 7), _n(IP_HOTEL, 2) + _n(IP_COMM, 2),
         accompanying=STRODE),
    Trip(P_2024, "SM-TTA", JOHVI, "EE", "Jõhvi", D(2025, 11, 17), D(2025, 11, 21), staff=BELAJEVS, green=True,
         distance_km=JOHVI_KM),
    Trip(P_2024, "SM-JOB-SHDW", TARTU, "EE", "Tartu", D(2025, 11, 24), D(2025, 11, 28), staff=LAIZANE,
         status="cancelled", green=True),
    # 2026 ------------------------------------------------------------------------------------
    Trip(P_2024, "LM-SHORT-VET", JOHVI, "EE", "Jõhvi", D(2026, 1, 12), D(2026, 1, 30), _n(IP_PROG, 2) + _n(IP_DB, 2),
         green=True, accompanying=RANCANS, distance_km=JOHVI_KM),
    Trip(P_2025, "SM-JOB-SHDW", KAUNAS, "LT", "Kaunas", D(2026, 2, 9), D(2026, 2, 13), staff=LOCMELE, green=True),
    Trip(P_2025, "LM-SHORT-VET", KAUNAS, "LT", "Kaunas", D(2026, 3, 2), D(2026, 3, 20),
         _n(IP_PASTRY, 2) + _n(IP_COOK, 2) + _n(IP_FOOD, 2), green=True, accompanying=PUDANE),
    Trip(P_2025, "LM-SHORT-VET", TARTU, "EE", "Tartu", D(2026, 4, 13), D(2026, 4, 30),
         _n(IP_BUILD, 2) + _n(IP_ENERGY, 2) + _n(IP_MECH, 2), green=True, accompanying=UDRIS, cancelled=1),
    Trip(P_2025, "SM-COUR-TRAIN", FIRENZE, "IT", "Firenze", D(2026, 4, 13), D(2026, 4, 17), staff=CIRCENIS),
    Trip(P_2025, "SM-COUR-TRAIN", FIRENZE, "IT", "Firenze", D(2026, 4, 13), D(2026, 4, 17), staff=VOLKOVA),
    Trip(P_2025, "LM-SHORT-VET", RIMINI, "IT", "Rimini", D(2026, 5, 4), D(2026, 5, 29), _n(IP_HOTEL, 3) + _n(IP_COOK, 2),
         accompanying=GAILITE),
    Trip(P_2026, "LM-SHORT-VET", ROSTOCK, "DE", "Rostock", D(2026, 9, 7), D(2026, 10, 2), _n(IP_AUTO, 6),
         accompanying=SPROGIS),
    Trip(P_2026, "LM-SHORT-VET", ARENDAL, "NO", "Arendal", D(2026, 10, 5), D(2026, 10, 23),
         _n(IP_ENERGY, 2) + _n(IP_DB, 2) + (IP_PROG,), accompanying=KRASOVSKIS),
    Trip(P_2026, "SM-JOB-SHDW", ARENDAL, "NO", "Arendal", D(2026, 10, 5), D(2026, 10, 9), staff=LAIZANE),
    Trip(P_2026, "LM-LONG-VET", KAUNAS_IT, "LT", "Kaunas", D(2026, 10, 5), D(2027, 1, 29), (IP_DB,), status="confirmed",
         green=True, names=("Krišs Borisovs",)),
    Trip(P_2026, "LM-SHORT-VET", GDANSK, "PL", "Gdańsk", D(2026, 10, 19), D(2026, 11, 13),
         _n(IP_ENERGY, 3) + _n(IP_MECH, 3), green=True, accompanying=BELAJEVS, cancelled=1),
    Trip(P_2026, "SM-TTA", PANEVEZYS, "LT", "Panevėžys", D(2026, 10, 26), D(2026, 10, 30), staff=MEZALE, green=True),
    Trip(P_2026, "LM-SHORT-VET", PARNU, "EE", "Pärnu", D(2026, 11, 9), D(2026, 11, 27), _n(IP_FINISH, 3) + _n(IP_WOOD, 3),
         status="confirmed", green=True, accompanying=VILCANE),
    Trip(P_2026, "LM-SHORT-VET", UKMERGE, "LT", "Ukmergė", D(2026, 11, 30), D(2026, 12, 18),
         _n(IP_COMM, 2) + _n(IP_HOTEL, 2) + _n(IP_COOK, 2), status="confirmed", green=True, accompanying=VOLKOVA),
    Trip(P_2026, "LM-SHORT-VET", TALLINN, "EE", "Tallinn", D(2026, 11, 30), D(2026, 12, 18),
         _n(IP_HOTEL, 2) + _n(IP_PASTRY, 2), status="planned", green=True, accompanying=PUDANE),
    Trip(P_2026, "SM-JOB-SHDW", TALLINN, "EE", "Tallinn", D(2026, 12, 7), D(2026, 12, 11), staff=GAILITE,
         status="planned", green=True),
    Trip(P_2026, "SM-COUR-TRAIN", FIRENZE, "IT", "Firenze", D(2026, 12, 14), D(2026, 12, 18), staff=STRODE,
         status="confirmed"),
    # A group mobility of VET learners (2–30 days, at least 2 learners): one code in "Grupa" ties the rows.
    Trip(P_2026, "LM-GROUP-VET", TARTU, "EE", "Tartu", D(2026, 12, 14), D(2026, 12, 18),
         _n(IP_PASTRY, 2) + (IP_COOK,), status="planned", green=True, accompanying=VILCANE, group="G-2026-01"),
)

# --------------------------------------------------------------------------- hosting, events, competitions

INCOMING: list[dict] = [
    {"id": "U-2024-01", "project_number": "2023-1-EE01-KA122-VET-000139874", "participant_type": "learner", "count": 4,
     "sending_organisation": JOHVI, "country": "EE", "start_date": D(2024, 4, 8), "end_date": D(2024, 4, 26),
     "status": "completed"},
    {"id": "U-2024-02", "project_number": "2023-1-LT01-KA121-VET-000129517", "participant_type": "staff", "count": 1,
     "sending_organisation": UKMERGE, "country": "LT", "start_date": D(2024, 10, 14), "end_date": D(2024, 10, 18),
     "status": "completed"},
    {"id": "U-2025-01", "project_number": "2024-1-LT01-KA121-VET-000201934", "participant_type": "learner", "count": 3,
     "sending_organisation": UKMERGE, "country": "LT", "start_date": D(2025, 3, 3), "end_date": D(2025, 3, 21),
     "status": "completed"},
    {"id": "U-2025-02", "project_number": "2024-1-EE01-KA121-VET-000215566", "participant_type": "learner", "count": 2,
     "sending_organisation": TARTU, "country": "EE", "start_date": D(2025, 5, 5), "end_date": D(2025, 5, 23),
     "status": "completed"},
    {"id": "U-2025-03", "project_number": "2025-1-EE01-KA121-VET-000298410", "participant_type": "staff", "count": 2,
     "sending_organisation": PARNU, "country": "EE", "start_date": D(2025, 9, 22), "end_date": D(2025, 9, 26),
     "status": "completed"},
    {"id": "U-2026-01", "project_number": "2025-1-LT01-KA121-VET-000311276", "participant_type": "learner", "count": 4,
     "sending_organisation": PANEVEZYS, "country": "LT", "start_date": D(2026, 4, 13), "end_date": D(2026, 5, 1),
     "status": "completed"},
    {"id": "U-2026-02", "project_number": "2025-1-EE01-KA121-VET-000297125", "participant_type": "staff", "count": 2,
     "sending_organisation": JOHVI, "country": "EE", "start_date": D(2026, 5, 18), "end_date": D(2026, 5, 22),
     "status": "completed"},
    {"id": "U-2026-03", "project_number": "2026-1-LT01-KA121-VET-000389012", "participant_type": "staff", "count": 1,
     "sending_organisation": UKMERGE, "country": "LT", "start_date": D(2026, 10, 12), "end_date": D(2026, 10, 16),
     "status": "completed"},
    {"id": "U-2026-04", "project_number": "2026-1-PL01-KA121-VET-000377651", "participant_type": "staff", "count": 2,
     "sending_organisation": BIALYSTOK, "country": "PL", "start_date": D(2026, 10, 19), "end_date": D(2026, 10, 23),
     "status": "cancelled"},
    {"id": "U-2026-05", "project_number": "2026-1-EE01-KA121-VET-000392240", "participant_type": "learner", "count": 2,
     "sending_organisation": JOHVI, "country": "EE", "start_date": D(2026, 11, 30), "end_date": D(2026, 12, 18),
     "status": "confirmed"},
]

EVENTS: list[dict] = [
    {"id": "P-2024-01", "title": "TCA “Kvalitatīvas mobilitātes profesionālajā izglītībā”", "type": "tca",
     "country": "EE", "city": "Tallinn", "start_date": D(2024, 5, 15), "end_date": D(2024, 5, 17), "participants": 1,
     "status": "completed"},
    {"id": "P-2025-01", "title": "Kontaktseminārs KA220-VET partnerību veidošanai", "type": "contact_seminar",
     "country": "LT", "city": "Vilnius", "start_date": D(2025, 3, 25), "end_date": D(2025, 3, 27), "participants": 2,
     "status": "completed"},
    {"id": "P-2025-02", "title": "Starptautiskā konference “Mobilitāte profesionālās izglītības kvalitātei”",
     "type": "conference", "country": "LV", "city": "Rīga", "start_date": D(2025, 10, 16), "end_date": D(2025, 10, 17),
     "participants": 3, "status": "completed"},
    {"id": "P-2026-01", "title": "TCA “Iekļaušana un daudzveidība profesionālajā izglītībā”", "type": "tca",
     "country": "FI", "city": "Helsinki", "start_date": D(2026, 3, 10), "end_date": D(2026, 3, 12), "participants": 1,
     "status": "completed"},
    {"id": "P-2026-02", "title": "Starptautiskā konference “VET for the Future”", "type": "conference",
     "country": "PL", "city": "Kraków", "start_date": D(2026, 10, 8), "end_date": D(2026, 10, 10), "participants": 2,
     "status": "completed"},
    {"id": "P-2026-03", "title": "Kontaktseminārs “Zaļās prasmes profesionālajā izglītībā”", "type": "contact_seminar",
     "country": "EE", "city": "Tartu", "start_date": D(2026, 12, 2), "end_date": D(2026, 12, 4), "participants": 1,
     "status": "planned"},
]

COMPETITIONS: list[dict] = [
    {"id": "K-2024-01", "title": "Kurzemes elektromontāža 2024", "country": "LV", "date": D(2024, 3, 14),
     "participants": 2, "result": "3. vieta", "status": "completed"},
    {"id": "K-2024-02", "title": "Baltic VET Skills 2024", "country": "LT", "date": D(2024, 4, 18), "participants": 2,
     "result": "žūrijas specbalva", "status": "completed"},
    {"id": "K-2024-03", "title": "Driver – Safe Traffic Participant 2024", "country": "LT", "date": D(2024, 10, 24),
     "participants": 3, "result": "1. vieta teorijas daļā", "status": "completed"},
    {"id": "K-2025-01", "title": "Kurzemes elektromontāža 2025", "country": "LV", "date": D(2025, 3, 13),
     "participants": 2, "result": "2. vieta", "status": "completed"},
    {"id": "K-2025-02", "title": "Baltic VET Skills 2025", "country": "EE", "date": D(2025, 4, 10), "participants": 2,
     "result": "atzinība", "status": "completed"},
    {"id": "K-2025-03", "title": "Driver – Safe Traffic Participant 2025", "country": "LT", "date": D(2025, 10, 23),
     "participants": 3, "result": None, "status": "cancelled"},
    {"id": "K-2026-01", "title": "Kurzemes elektromontāža 2026", "country": "LV", "date": D(2026, 3, 12),
     "participants": 2, "result": "1. vieta", "status": "completed"},
    {"id": "K-2026-02", "title": "Baltic VET Skills 2026", "country": "LV", "date": D(2026, 4, 16), "participants": 3,
     "result": "2. vieta", "status": "completed"},
    {"id": "K-2026-03", "title": "Driver – Safe Traffic Participant 2026", "country": "LT", "date": D(2026, 10, 22),
     "participants": 2, "result": "4. vieta", "status": "completed"},
]

# --------------------------------------------------------------------------- money (illustrative)

# Travel per participant and return trip (Erasmus+ 2024 table), by country of the demo.
TRAVEL_EUR = {"LT": (180, 210), "EE": (180, 210), "PL": (180, 210), "DE": (275, 320), "IT": (275, 320),
              "BG": (275, 320), "NO": (275, 320), "FI": (275, 320)}   # (standard, green)
COUNTRY_GROUP = {"NO": 1, "FI": 1, "DE": 2, "IT": 2, "LT": 3, "EE": 3, "PL": 3, "BG": 3}
DAILY_EUR = {"learner": {1: 64, 2: 56, 3: 48}, "staff": {1: 117, 2: 104, 3: 91}}   # days 1–14; 70 % later
ORGANISATIONAL_SPENT_EUR = 175  # booked per participant (of a 350 € unit cost), accompanying persons excluded
INCLUSION_EUR = {2023: 100, 2024: 125}   # per participant with fewer opportunities, by call year
COURSE_FEE_EUR_PER_DAY = 80

# Learners with fewer opportunities: every sixth learner of LEARNER_NAMES, starting with the third.
FEWER_OPPORTUNITIES_STEP = (6, 2)


# --------------------------------------------------------------------------- building the register

def demo_data() -> dict[str, list[dict]]:
    """The clean demo register in the format of `write_register` (a fresh copy on every call)."""
    mobilities, trip_rows = _mobilities()
    return {
        "mobilities": mobilities,
        "incoming": copy.deepcopy(INCOMING),
        "events": copy.deepcopy(EVENTS),
        "competitions": copy.deepcopy(COMPETITIONS),
        "projects": copy.deepcopy(PROJECTS),
        "partners": copy.deepcopy(PARTNERS),
        "feedback": _feedback(mobilities),
        "finance": _finance(trip_rows),
    }


def _mobilities() -> tuple[list[dict], list[tuple[Trip, list[dict]]]]:
    rows: list[dict] = []
    per_trip: list[tuple[Trip, list[dict]]] = []
    counters: dict[int, int] = {}
    learner_index = 0

    def next_id(year: int) -> str:
        counters[year] = counters.get(year, 0) + 1
        return f"M-{year}-{counters[year]:03d}"

    for trip in TRIPS:
        base = {"project_number": trip.project, "activity_type": trip.activity,
                "receiving_organisation": trip.organisation, "country": trip.country, "city": trip.city,
                "start_date": trip.start, "end_date": trip.end, "green_travel": trip.green,
                "distance_km": trip.distance_km}
        if trip.group:
            base["group"] = trip.group
        trip_rows: list[dict] = []
        if trip.staff:
            first, last = trip.staff.split(" ", 1)
            trip_rows.append({"participant_type": "staff", "first_name": first, "last_name": last,
                              "fewer_opportunities": False, "status": trip.status})
        else:
            programmes = list(trip.programmes) + [trip.programmes[-1]] * trip.cancelled
            statuses = [trip.status] * len(trip.programmes) + ["cancelled"] * trip.cancelled
            for position, (programme, status) in enumerate(zip(programmes, statuses, strict=False)):
                if position < len(trip.names):
                    name, fewer = trip.names[position], False
                else:
                    name = LEARNER_NAMES[learner_index]
                    step, offset = FEWER_OPPORTUNITIES_STEP
                    fewer = learner_index % step == offset
                    learner_index += 1
                first, last = name.split(" ", 1)
                trip_rows.append({"participant_type": "learner", "first_name": first, "last_name": last,
                                  "education_programme": programme, "fewer_opportunities": fewer, "status": status})
            if trip.accompanying:
                first, last = trip.accompanying.split(" ", 1)
                trip_rows.append({"participant_type": "accompanying", "first_name": first, "last_name": last,
                                  "fewer_opportunities": False, "status": trip.status})
        full_rows = []
        for partial in trip_rows:
            row = {"id": next_id(trip.start.year), **base, **partial}
            full_rows.append(row)
            rows.append(row)
        per_trip.append((trip, full_rows))
    return rows, per_trip


# Explicit answer patterns, cycled over the completed mobilities in order.
SATISFACTION = (5, 4, 5, 5, 4, 3, 5, 4, 5, 5, 4)
LEVELS_LEARNER = (("A2", "B1"), ("B1", "B1"), ("A2", "A2"), ("B1", "B2"), ("A2", "B1"), ("B2", "B2"), ("A1", "A2"))
LEVELS_STAFF = (("B1", "B1"), ("B1", "B2"), ("A2", "B1"), ("B2", "B2"))
MOTIVATION = ((3, 4), (4, 5), (2, 4), (4, 4), (3, 5), (5, 5), (3, 3), (4, 5))
NEW_METHODS = (2, 1, 3, 1, 0, 2)
FEEDBACK_MISSING_EVERY = 10      # every tenth participant has not answered (yet)


def _feedback(mobilities: list[dict]) -> list[dict]:
    rows: list[dict] = []
    answered = [m for m in mobilities if m["status"] == "completed" and m["participant_type"] != "accompanying"]
    for index, mobility in enumerate(answered):
        if index % FEEDBACK_MISSING_EVERY == FEEDBACK_MISSING_EVERY - 1:
            continue
        staff = mobility["participant_type"] == "staff"
        before, after = (LEVELS_STAFF if staff else LEVELS_LEARNER)[index % (4 if staff else 7)]
        motivation_before, motivation_after = MOTIVATION[index % len(MOTIVATION)]
        rows.append({
            "mobility_id": mobility["id"],
            "satisfaction": SATISFACTION[index % len(SATISFACTION)],
            "language": "vācu" if mobility["country"] == "DE" else "angļu",
            "level_before": before, "level_after": after,
            "motivation_before": None if staff else motivation_before,
            "motivation_after": None if staff else motivation_after,
            "new_methods": NEW_METHODS[index % len(NEW_METHODS)] if staff else None,
        })
    return rows


def _individual_support(days: int, daily: int) -> Decimal:
    """Days 1–14 at the full rate, from day 15 at 70 % (rounded to whole euros per day)."""
    full = min(days, 14)
    reduced = max(0, days - 14)
    return Decimal(full * daily + reduced * round(daily * 0.7)).quantize(Decimal("0.01"))


def _finance(per_trip: list[tuple[Trip, list[dict]]]) -> list[dict]:
    """Expenses of completed and confirmed trips paid by DEMO_TODAY, one document per payment, numbered per year."""
    entries: list[tuple[dt.date, str, str, Decimal, str | None, str]] = []
    org_participants: dict[str, int] = {}
    last_day: dict[str, dt.date] = {}
    for trip, rows in per_trip:
        going = [r for r in rows if r["status"] in ("completed", "confirmed")]
        if not going:
            continue
        days = (trip.end - trip.start).days + 1
        group = COUNTRY_GROUP[trip.country]
        travel_rate = TRAVEL_EUR[trip.country][1 if trip.green else 0]
        place = f"{trip.city} ({trip.start.strftime('%d.%m.%Y')}–{trip.end.strftime('%d.%m.%Y')})"
        travel = Decimal(travel_rate * len(going)).quantize(Decimal("0.01"))
        entries.append((trip.start - dt.timedelta(days=21), trip.project, "travel", travel, None,
                        f"Ceļa izdevumi, {len(going)} pers., {place}"))
        support = Decimal(0)
        for row in going:
            kind = "learner" if row["participant_type"] == "learner" else "staff"
            support += _individual_support(days, DAILY_EUR[kind][group])
        entries.append((trip.start - dt.timedelta(days=7), trip.project, "individual_support", support, None,
                        f"Individuālais atbalsts (avanss), {len(going)} pers., {place}"))
        call_year = int(trip.project[:4])
        for row in going:
            if row.get("fewer_opportunities"):
                entries.append((trip.start - dt.timedelta(days=7), trip.project, "inclusion_support",
                                Decimal(INCLUSION_EUR[2024 if call_year >= 2024 else 2023]).quantize(Decimal("0.01")),
                                row["id"], f"Iekļaušanas atbalsts, {row['first_name']} {row['last_name']}"))
        if trip.activity == "SM-COUR-TRAIN":
            fee = Decimal(COURSE_FEE_EUR_PER_DAY * min(days, 10)).quantize(Decimal("0.01"))
            entries.append((trip.start - dt.timedelta(days=14), trip.project, "course_fees", fee, rows[0]["id"],
                            f"Kursu maksa, {trip.organisation}"))
        counted = sum(1 for r in going if r["participant_type"] != "accompanying")
        org_participants[trip.project] = org_participants.get(trip.project, 0) + counted
        last_day[trip.project] = max(last_day.get(trip.project, trip.end), trip.end)
    for project, participants in org_participants.items():
        day = min(last_day[project] + dt.timedelta(days=14), DEMO_TODAY - dt.timedelta(days=1))
        amount = Decimal(ORGANISATIONAL_SPENT_EUR * participants).quantize(Decimal("0.01"))
        entries.append((day, project, "organisational_support", amount, None,
                        "Mobilitāšu sagatavošana, valodas kursi un uzraudzība (darba samaksa)"))
    entries += [
        (D(2025, 2, 10), P_GREENWOOD, "travel", Decimal("420.00"), None, "Ceļa izdevumi, partneru sanāksme Białystok, 2 pers."),
        (D(2025, 10, 6), P_GREENWOOD, "travel", Decimal("385.00"), None, "Ceļa izdevumi, partneru sanāksme Tartu, 2 pers."),
        (D(2025, 9, 15), P_NORDPLUS, "organisational_support", Decimal("1250.00"), None, "Atklāšanas sanāksmes organizēšana Rēzeknē"),
        (D(2026, 3, 23), P_NORDPLUS, "travel", Decimal("1640.00"), None, "Ceļa izdevumi, skolēnu apmaiņa Jyväskylä, 8 pers."),
        (D(2026, 2, 16), P_KITCHEN, "travel", Decimal("360.00"), None, "Ceļa izdevumi, partneru sanāksme Kaunas, 2 pers."),
    ]
    entries = sorted((e for e in entries if e[0] <= DEMO_TODAY), key=lambda e: (e[0], e[1], e[2]))
    documents: list[dict] = []
    numbers: dict[int, int] = {}
    for day, project, category, amount, mobility_id, description in entries:
        numbers[day.year] = numbers.get(day.year, 0) + 1
        documents.append({"project_number": project, "date": day, "document_no": f"RT-{day.year}/{numbers[day.year]:03d}",
                     "category": category, "amount": amount, "mobility_id": mobility_id, "description": description})
    return documents


# --------------------------------------------------------------------------- mistakes

@dataclass(frozen=True)
class Mistake:
    """One deliberate mistake of the demo: where, which finding code it should give, and what it is."""

    sheet: str          # sheet key
    ref: str            # the row's ID (or document number, partner name)
    code: str           # the finding code expected from the reader or the validator
    lv: str
    en: str


READER_CODES = frozenset({"not_a_date", "country_unknown", "enum_invalid", "number_out_of_range"})

MISTAKES: tuple[Mistake, ...] = (
    Mistake("mobilities", "M-2025-006", "not_a_date", "Sākuma datums ierakstīts kā teksts “31.02.2025” — tāda datuma nav.",
            "Start date typed as the text 31.02.2025, which does not exist."),
    Mistake("mobilities", "M-2024-003", "end_before_start", "Beigu datumā ierakstīts iepriekšējais gads.",
            "End date typed with the previous year."),
    Mistake("mobilities", "M-2024-009", "country_unknown", "Valsts ar drukas kļūdu “Lietva”.",
            "Country with a typo."),
    Mistake("mobilities", "M-2024-014", "enum_invalid", "Aktivitātes veids ar drukas kļūdu “LM-SHORT-VTE”.",
            "Activity type typo."),
    Mistake("mobilities", "M-2026-021", "duplicate_id", "ID nokopēts no iepriekšējās rindas (M-2026-020).",
            "ID copied from the row above."),
    Mistake("mobilities", "M-2026-058", "person_overlap",
            "Tas pats izglītojamais ierakstīts divās grupās, kas pārklājas (Gdańsk un Pärnu).",
            "The same learner in two overlapping groups."),
    Mistake("mobilities", "M-2025-024", "project_unknown", "Projekta numurā samainīti cipari — tāda projekta lapā “Projekti” nav.",
            "Project number with swapped digits: no such project."),
    Mistake("mobilities", "M-2026-047", "status_not_updated", "Mobilitāte beidzās, bet statuss joprojām “apstiprināta”.",
            "Ended, but still confirmed."),
    Mistake("partners", TARTU, "oid_malformed", "OID ar 7 cipariem 8 vietā.", "OID with 7 digits instead of 8."),
    Mistake("finance", "RT-2026/009", "document_double_booked", "Tas pats dokuments iegrāmatots arī citā projektā.",
            "The same document booked on another project as well."),
    Mistake("finance", "RT-2025/900", "amount_negative", "Atmaksa ierakstīta kā negatīva summa.",
            "A refund typed as a negative amount."),
    Mistake("feedback", "M-2024-001", "number_out_of_range", "Apmierinātība 7 skalā no 1 līdz 5.",
            "Satisfaction 7 on a 1–5 scale."),
    Mistake("feedback", "M-2025-099", "feedback_unknown_mobility", "Atsauksme par mobilitāti, kuras nav lapā “Mobilitātes”.",
            "Feedback for a mobility that does not exist."),
)


def demo_mistakes(data: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """A deep copy of `data` (the clean demo) with the typical mistakes listed in `MISTAKES`."""
    data = copy.deepcopy(data)
    mobilities = data["mobilities"]

    def mobility(mobility_id: str) -> dict:
        return next(m for m in mobilities if m["id"] == mobility_id)

    mobility("M-2025-006")["start_date"] = "31.02.2025"
    wrong_year = mobility("M-2024-003")
    wrong_year["end_date"] = wrong_year["end_date"].replace(year=wrong_year["end_date"].year - 1)
    mobility("M-2024-009")["country"] = "Lietva"
    mobility("M-2024-014")["activity_type"] = "LM-SHORT-VTE"
    mobility("M-2026-021")["id"] = "M-2026-020"
    # A learner of the Gdańsk group (19.10.–13.11.2026) typed again into the Pärnu group (from 09.11.2026).
    gdansk = next(m for m in mobilities if m["city"] == "Gdańsk" and m["participant_type"] == "learner")
    twin = mobility("M-2026-058")
    twin["first_name"], twin["last_name"] = gdansk["first_name"], gdansk["last_name"]
    mobility("M-2025-024")["project_number"] = P_2024[:-3] + P_2024[-1] + P_2024[-2] + P_2024[-3]
    mobility("M-2026-047")["status"] = "confirmed"
    next(p for p in data["partners"] if p["name"] == TARTU)["oid"] = "E1005671"
    finance = data["finance"]
    source = next(f for f in finance if f["document_no"] == "RT-2026/009")
    other_project = P_2025 if source["project_number"] != P_2025 else P_2024
    finance.append({**source, "project_number": other_project, "description": "Ceļa izdevumi (dublikāts)"})
    finance.append({"project_number": P_2024, "date": D(2025, 12, 15), "document_no": "RT-2025/900",
                    "category": "travel", "amount": Decimal("-120.00"), "mobility_id": None,
                    "description": "Atmaksa par neizmantotu biļeti"})
    next(f for f in data["feedback"] if f["mobility_id"] == "M-2024-001")["satisfaction"] = 7
    data["feedback"].append({"mobility_id": "M-2025-099", "satisfaction": 4, "language": "angļu",
                             "level_before": "A2", "level_after": "B1", "motivation_before": 3, "motivation_after": 4,
                             "new_methods": None})
    return data


def write_demo(outdir: Path | str, *, force: bool = False) -> tuple[Path, Path]:
    """Write the clean demo and the one with mistakes into `outdir` (created if needed)."""
    outdir = Path(outdir)
    ensure_folder(outdir)
    data = demo_data()
    examples = load_data("demo_rates")  # marked as examples on the Likmes sheet: the budget is complete
    clean = write_register(outdir / DEMO_FILE, data, force=force, rate_examples=examples)
    mistakes = write_register(outdir / MISTAKES_FILE, demo_mistakes(data), force=force, rate_examples=examples)
    return clean, mistakes


__all__ = ["DEMO_TODAY", "MISTAKES", "READER_CODES", "Mistake", "demo_data", "demo_mistakes", "write_demo"]

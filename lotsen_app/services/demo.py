"""Realistic demo data: households of clients, guides and their assignments.

Used by ``lotsen demo``, by ``lotsen --demo`` and by the benchmarks (up to 100,000 clients).
Everything comes from one ``random.Random(seed)`` and is laid out relative to ``today``, so that
the same seed on the same day gives the same file and the demo always looks current.

All names, phone numbers (0203 555 …, 0170 555 …), e-mail addresses (example.org) and streets
(Musterstraße, Beispielweg …) are made up. Rows go in as bulk inserts, in batches, inside one
transaction. Letters and deadlines are a method of :class:`_DemoWriter`; the authority directory
and appointments (with their contacts) are written by :mod:`lotsen_app.services.demo_appointments`.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import accumulate
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from lotsen_app.domain.casework import DEFAULT_TEMPLATES, template_tasks
from lotsen_app.domain.deadlines import (
    DeadlineInput,
    DeadlineKind,
    Period,
    PeriodUnit,
    Procedure,
    compute_deadline,
    next_working_day,
)
from lotsen_app.domain.enums import (
    AssignmentRole,
    ClientStatus,
    ClosingReason,
    DeadlineStatus,
    FormOfAddress,
    Gender,
    GoalStatus,
    Pillar,
    StepActor,
    VolunteerActivity,
)
from lotsen_app.domain.names import fold, person_key
from lotsen_app.letters.consent import consent_version
from lotsen_app.persistence.database import Database
from lotsen_app.persistence.models import (
    AppointmentClient,
    Assignment,
    Base,
    Client,
    ClientStatusChange,
    Consent,
    ContactClient,
    Deadline,
    District,
    Goal,
    GoalEventRecord,
    Guide,
    IncomingLetter,
    Task,
    VolunteerTimeEntry,
)
from lotsen_app.persistence.repositories import record_audit
from lotsen_app.services.authority_directory import load_demo_directory
from lotsen_app.services.demo_appointments import DemoAppointments

BATCH_CLIENTS = 5000
CITY = "Duisburg"
#: Share of the closed clients whose case lies further back than the retention period (3 years,
#: the default), so that Datenschutz → Aufbewahrung has something to show.
OLD_CASE_SHARE = 0.025
#: The dated columns moved back with such an old case (birth dates and arrival years stay).
_OLD_CASE_DATES: tuple[tuple[type[Base], str, tuple[str, ...]], ...] = (
    (Client, "id", ("status_since", "opened_on", "closed_on", "created_at", "updated_at")),
    (ClientStatusChange, "client_id", ("changed_on",)),
    (Assignment, "client_id", ("start_date", "end_date")),
    (Consent, "client_id", ("given_on", "withdrawn_on")),
    (IncomingLetter, "client_id", ("letter_date", "posted_on", "received_on", "created_at")),
    (
        Deadline,
        "client_id",
        ("start_date", "received_on", "delivered_on", "due_date", "done_on", "created_at"),
    ),
    (Goal, "client_id", ("agreed_on", "target_date", "status_changed_on")),
    (Task, "client_id", ("due_date", "done_on", "created_on")),
)


@dataclass(frozen=True)
class DemoOptions:
    clients: int = 120
    seed: int = 1
    today: date | None = None  # None: date.today()


# --------------------------------------------------------------------------------------------
# Reference material: names by client group, districts, texts
# --------------------------------------------------------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    """Names written as one block of text, split at white space (names here have no spaces)."""
    return tuple(text.split())


@dataclass(frozen=True)
class _Group:
    """People who share a first language; names and languages that go together."""

    code: str
    weight: int
    female: tuple[str, ...]
    male: tuple[str, ...]
    family: tuple[str, ...]
    arrival_range: tuple[int, int]  # earliest and latest year of an arrival "long ago"


_GROUPS: tuple[_Group, ...] = (
    _Group(
        "tr",
        22,
        female=_words("""
            Ayşe Fatma Elif Zeynep Emine Hatice Meryem Büşra Gülşen Özlem Şeyma Derya Sevgi
            Yıldız Songül Esra Tuğba Dilek Hülya Gönül
        """),
        male=_words("""
            Mehmet Mustafa Ahmet Ali Hüseyin Hasan İbrahim Murat Emre Yusuf Ömer Serkan Kemal
            Burak Çağlar Oğuz Tuncay Selçuk Barış Gökhan
        """),
        family=_words("""
            Yılmaz Kaya Demir Şahin Çelik Yıldırım Öztürk Aydın Özdemir Arslan Doğan Kılıç Aslan
            Çetin Koç Kurt Özkan Şimşek Polat Güneş Erdem Aksoy Uçar Taşkın Karataş Ateş
        """),
        arrival_range=(1992, 2021),
    ),
    _Group(
        "ar",
        15,
        female=_words("""
            Fatima Amira Layla Nour Rania Hiba Yasmin Samira Huda Mariam Aya Rasha Dalia Lina
            Salma Reem
        """),
        male=_words("""
            Mohammed Ahmad Omar Khaled Hassan Youssef Mahmoud Ali Ibrahim Samir Tarek Bilal Karim
            Walid Hamza Abdullah Rami
        """),
        family=_words("""
            Al-Hassan Haddad Khalil Nasser Saleh Mansour Hamdan Darwish Othman Suleiman Abdallah
            Al-Khatib Hussein Aziz Barakat Kassem Moussa Shaker Al-Ali Jaber
        """),
        arrival_range=(2014, 2021),
    ),
    _Group(
        "bg",
        15,
        female=_words("""
            Maria Ivana Elena Desislava Tsvetelina Galina Yordanka Radka Stefka Nadezhda Petya
            Violeta Aysel Emine
        """),
        male=_words("""
            Georgi Ivan Dimitar Nikolay Stoyan Petar Todor Hristo Krasimir Asen Angel Yordan
            Ahmed Sali
        """),
        family=_words("""
            Ivanov Georgiev Dimitrov Petrov Stoyanov Todorov Nikolov Kolev Angelov Yordanov
            Marinov Hristov Asenov Ahmedov Hasanov Aliev Mehmedov Salimov
        """),
        arrival_range=(2012, 2021),
    ),
    _Group(
        "ro",
        12,
        female=_words("""
            Maria Elena Ioana Andreea Mihaela Alexandra Ștefania Raluca Cristina Florentina
            Gabriela Loredana Oana Nicoleta
        """),
        male=_words("""
            Ion Gheorghe Constantin Mihai Andrei Florin Ștefan Marius Adrian Costel Vasile
            Nicolae Cătălin Ionuț Răzvan
        """),
        family=_words("""
            Popescu Ionescu Stoica Dumitrescu Munteanu Lungu Țurcanu Rădulescu Stănescu Pătrașcu
            Ciobanu Niță Dobre Moldovan Tănase Bălan Păun Sârbu Ghiță Lăzărescu
        """),
        arrival_range=(2012, 2021),
    ),
    _Group(
        "uk",
        12,
        female=_words("""
            Olena Oksana Tetiana Natalija Iryna Switlana Julija Kateryna Halyna Anastasija Olha
            Daryna Sofija Viktoriia
        """),
        male=_words("""
            Oleksandr Andrij Serhij Mykola Wolodymyr Dmytro Taras Bohdan Jurij Iwan Maksym Artem
            Vitalii
        """),
        # Passport spellings and German-style transliterations side by side, as in real files.
        family=_words("""
            Schewtschenko Kowalenko Bondarenko Tkatschenko Krawtschenko Lysenko Melnyk
            Kowaltschuk Moroz Iwanow Petrow Sokolow Shevchenko Kovalenko Boyko Savchenko Hnatiuk
            Ivanov
        """),
        arrival_range=(2014, 2021),
    ),
    _Group(
        "fa",
        7,
        female=_words("""
            Zahra Maryam Fatemeh Shirin Parisa Nasrin Soraya Mahsa Roya Laleh Farzaneh Tahmina
            Nargis
        """),
        male=_words("""
            Reza Hossein Mohammad Ahmad Mehdi Amir Hamid Farhad Jawad Naweed Sayed Karim Habib
        """),
        family=_words("""
            Ahmadi Hosseini Rahimi Karimi Mohammadi Rezaei Jafari Sadeghi Noori Hakimi Amiri
            Sultani Haidari Azizi Wardak Popal
        """),
        arrival_range=(2015, 2021),
    ),
    _Group(
        "ku",
        7,
        female=_words("""
            Berîvan Rojda Dilan Hêvî Zozan Jînda Şîrîn Nûjîn Gulistan Rûken Nesrîn
        """),
        male=_words("""
            Azad Dilşad Şêrko Baran Rojhat Welat Serhat Berzan Kawa Zana Rêber Hejar
        """),
        family=_words("""
            Ebdo Haso Xelîl Osman Hisên Şêxo Reşo Mûsa Temo Amedî Zaxoyî Botanî Bekir Silêman
        """),
        arrival_range=(1995, 2021),
    ),
    _Group(
        "pl",
        5,
        female=_words("""
            Katarzyna Małgorzata Agnieszka Anna Joanna Magdalena Barbara Ewa Aleksandra Żaneta
            Dorota
        """),
        male=_words("""
            Piotr Krzysztof Tomasz Paweł Łukasz Michał Marcin Jakub Grzegorz Wojciech Mateusz
        """),
        family=_words("""
            Kowalski Nowak Wiśniewski Wójcik Kamiński Lewandowski Zieliński Szymański Woźniak
            Dąbrowski Kozłowski Jabłoński Król Mazur Żak Grabowski Pawłowski
        """),
        arrival_range=(2004, 2021),
    ),
    _Group(
        "de",
        5,
        female=_words("""
            Anna Sabine Petra Julia Claudia Monika Lena Sarah Jutta Katharina Jana Laura Irina
            Olga Helena
        """),
        male=_words("""
            Thomas Michael Andreas Stefan Peter Alexander Jürgen Viktor Markus Jan Waldemar Lukas
            Eduard Johann
        """),
        family=_words("""
            Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer
            Koch Bauer Richter Klein Wolf Schröder Neumann Braun Krüger Hartmann Lange Köhler
            Jäger
        """),
        arrival_range=(1990, 2012),
    ),
)

# Children born here often get names that work in both languages.
_CHILD_FEMALE = _words("Mila Lina Sara Mia Amelie Hanna Ela Leyla Emilia Maya")
_CHILD_MALE = _words("Adam Elias Noah Yusuf Emir Leon Deniz David Luka Amir")

_GERMAN_GUIDES_FEMALE = _words("""
    Sabine Gabriele Ursula Birgit Annette Christiane Heike Karin Johanna Miriam Franziska
    Renate Silke Dagmar Lea Antje
""")
_GERMAN_GUIDES_MALE = _words("""
    Klaus Jürgen Wolfgang Dieter Bernd Frank Uwe Martin Matthias Rainer Hans-Peter Christoph
    Tobias Ulrich Georg Jonas
""")
_GERMAN_GUIDES_FAMILY = _words("""
    Brückner Großmann Hülsmann Kämper Terhorst Wiegand Böckmann Schüren Overbeck Lindemann
    Pöppelmann Tenbrink Hermes Kreuzer Stöcker Eßer Vogt Dreßen Heinemann Sonnenberg Laufer
    Kühn Möller Haas
""")

# Where clients live: weighted toward the districts where most newcomers live; others weigh 1.
_DISTRICT_WEIGHTS: dict[str, int] = {
    name: int(weight)
    for name, weight in (
        item.split(":")
        for item in _words("""
            Marxloh:14 Hochfeld:12 Alt-Hamborn:9 Bruckhausen:7 Obermarxloh:6
            Rheinhausen-Mitte:6 Hochemmerich:6 Mittelmeiderich:4 Beeck:4 Dellviertel:4 Laar:3
            Untermeiderich:3 Neumühl:3 Wanheimerort:3 Hochheide:3 Obermeiderich:2
            Neudorf-Nord:2 Altstadt:2 Fahrn:2 Vierlinden:2 Röttgersbach:2 Bergheim:2
            Friemersheim:2 Ruhrort:2 Kaßlerfeld:2
        """)
    )
}

_POSTAL_CODES: dict[str, str] = {
    name: code
    for name, code in (
        item.split(":")
        for item in _words("""
            Vierlinden:47178 Overbruch:47178 Alt-Walsum:47179 Aldenrade:47179 Wehofen:47179
            Fahrn:47169 Röttgersbach:47167 Marxloh:47169 Obermarxloh:47167 Neumühl:47167
            Alt-Hamborn:47166 Bruckhausen:47166 Beeck:47139 Beeckerwerth:47139 Laar:47119
            Untermeiderich:47137 Mittelmeiderich:47137 Obermeiderich:47138 Ruhrort:47119
            Alt-Homberg:47198 Hochheide:47198 Baerl:47199 Altstadt:47051 Neuenkamp:47059
            Kaßlerfeld:47059 Duissern:47058 Neudorf-Nord:47057 Neudorf-Süd:47057 Dellviertel:47053
            Hochfeld:47053 Wanheimerort:47055 Rheinhausen-Mitte:47226 Hochemmerich:47226
            Bergheim:47228 Friemersheim:47229 Rumeln-Kaldenhausen:47239 Bissingheim:47279
            Wedau:47279 Buchholz:47249 Wanheim-Angerhausen:47249 Großenbaum:47269 Rahm:47269
            Huckingen:47259 Hüttenheim:47259 Ungelsheim:47259 Mündelheim:47259
        """)
    )
}

# Obviously made-up streets, so that no demo address points at a real home.
_DEMO_STREETS = (
    "Musterstraße",
    "Beispielweg",
    "Demoallee",
    "Probestraße",
    "Am Musterhof",
    "Beispielplatz",
    "Mustergasse",
    "Testring",
    "Demoweg",
    "Musterallee",
)

_ADULT_STRENGTHS = (
    "spricht drei Sprachen",
    "handwerklich geschickt",
    "Berufserfahrung in der Pflege",
    "Führerschein Klasse B",
    "sehr zuverlässig bei Terminen",
    "organisiert den Alltag der ganzen Familie",
    "gut vernetzt in der Nachbarschaft",
    "hilft anderen beim Übersetzen",
    "lernt schnell und besucht den Integrationskurs",
    "Ausbildung im Elektrobereich",
    "Studium der Betriebswirtschaft im Herkunftsland",
    "Erfahrung in der Gastronomie",
    "kann gut mit Kindern umgehen",
    "engagiert in der Elternpflegschaft der Grundschule",
    "kennt sich gut mit dem Smartphone aus",
    "geduldig und freundlich",
    "hat einen Ordner für alle Briefe angelegt",
    "Erfahrung auf dem Bau",
    "Deutschkurs A2 abgeschlossen",
    "B1-Zertifikat in der Tasche",
    "singt im Chor des Stadtteilzentrums",
    "trainiert eine Kinderfußballmannschaft",
    "Ausbildung als Friseur:in",
    "Erfahrung in der Landwirtschaft",
    "Erfahrung im Lager und in der Logistik",
    "spricht gut Englisch",
    "näht und repariert Kleidung",
    "kocht gern für Nachbarschaftsfeste",
    "fährt Fahrrad und ist im ganzen Stadtteil unterwegs",
    "rechnet sicher und behält die Finanzen im Blick",
)
_YOUNG_STRENGTHS = (
    "lernt sehr schnell Deutsch",
    "gut in Mathematik",
    "hilfsbereit und offen",
    "spielt Basketball im Verein",
    "kennt sich mit Computern aus",
    "Praktikum in einer Kfz-Werkstatt gemacht",
    "motiviert für eine Ausbildung",
    "engagiert im Jugendzentrum",
    "zeichnet und gestaltet gern",
    "spricht vier Sprachen",
)
_CHILD_STRENGTHS_SMALL = (
    "fröhlich und neugierig",
    "spielt gern draußen",
    "spricht schon erste Wörter Deutsch",
    "malt gern",
    "singt gern Lieder aus der Kita",
)
_CHILD_STRENGTHS_SCHOOL = (
    "rechnet gern",
    "liest viel",
    "spielt Fußball im Verein",
    "spricht sehr gut Deutsch",
    "hilfsbereit in der Klasse",
    "schwimmt gern",
    "interessiert sich für Naturwissenschaften",
    "spielt Gitarre",
)
_ADULT_GOALS = (
    "Ich möchte die Briefe vom Jobcenter selbst verstehen.",
    "Eine größere Wohnung für unsere Familie finden.",
    "Ich möchte wieder in meinem Beruf arbeiten.",
    "Deutsch bis B1 lernen, damit ich allein zum Arzt gehen kann.",
    "Meinen Berufsabschluss anerkennen lassen.",
    "Termine bei Behörden allein schaffen.",
    "Den Führerschein in Deutschland machen.",
    "Ein Konto eröffnen und die Finanzen selbst im Griff haben.",
    "Mit den Lehrkräften meiner Kinder selbst sprechen können.",
    "Den Aufenthaltstitel rechtzeitig verlängern, ohne Angst vor Fristen.",
    "Mehr Kontakt zu Nachbarn und Vereinen finden.",
    "Erst einen Minijob finden, später eine feste Stelle.",
    "Einen Sprachkurs mit Kinderbetreuung finden.",
    "Die Einbürgerung vorbereiten.",
    "Anträge für Kindergeld und Kinderzuschlag selbst stellen.",
    "Mich selbstständig machen, mit einem kleinen Laden.",
    "Ich möchte wissen, wo ich welche Hilfe bekomme.",
)
_YOUNG_GOALS = (
    "Einen Ausbildungsplatz finden.",
    "Den Hauptschulabschluss nachholen.",
    "Ein Studium in Deutschland beginnen.",
    "Eine eigene Wohnung finden.",
    "Den Führerschein machen.",
    "Deutsch bis B2 lernen.",
)
_CHILD_GOALS_SMALL = (
    "Einen Kita-Platz in der Nähe finden.",
    "Einen Platz in einer Spielgruppe finden.",
    "Die Anmeldung zur Grundschule vorbereiten.",
)
_CHILD_GOALS_SCHOOL = (
    "Gut in der Schule ankommen.",
    "Einen Sportverein finden.",
    "Hausaufgabenhilfe in der Nähe finden.",
    "Den Wechsel auf die weiterführende Schule gut schaffen.",
    "Einen Praktikumsplatz finden.",
    "Schwimmen lernen.",
)

_CLOSING_REASONS: tuple[tuple[ClosingReason, int, tuple[str, ...]], ...] = (
    (
        ClosingReason.GOALS_REACHED,
        35,
        (
            "Kommt mit der Post von Behörden jetzt allein zurecht.",
            "Ziele erreicht, Kontakt bei Bedarf wieder möglich.",
            "Arbeitsstelle gefunden.",
            "",
        ),
    ),
    (
        ClosingReason.REFERRED,
        15,
        (
            "Weitervermittelt an die Migrationsberatung.",
            "Weitervermittelt an die Schuldnerberatung.",
        ),
    ),
    (ClosingReason.MOVED_AWAY, 15, ("Umzug in eine andere Stadt.", "")),
    (ClosingReason.NOT_NEEDED, 15, ("Anliegen erledigt.", "")),
    (ClosingReason.NO_CONTACT, 12, ("Seit längerer Zeit nicht mehr erreichbar.", "")),
    (ClosingReason.OTHER, 8, ("",)),
)
_PAUSE_NOTES = (
    "Pause auf eigenen Wunsch, meldet sich wieder.",
    "Ganztags im Sprachkurs, Pause bis zum Kursende.",
    "Längere Reise zur Familie.",
    "",
)
_RESUME_NOTES = ("Meldet sich nach der Pause wieder.", "Neues Anliegen.", "")
_REOPEN_NOTES = ("Neues Anliegen, Begleitung wieder aufgenommen.", "Wieder in Duisburg.", "")
_HANDOVER_NOTES = (
    "Übergabe wegen Umzug der Lotsin/des Lotsen. Offen: Antrag auf Kinderzuschlag.",
    "Übergabe: Familie kennt den Weg zum Jobcenter, Unterlagen liegen im Ordner bei der Familie.",
    "Übergabe wegen Zeitmangel. Offen: Anmeldung zum Integrationskurs.",
    "Übergabe, weil die neue Begleitung dieselbe Sprache spricht.",
    "Übergabe: Termin bei der Ausländerbehörde ist vorbereitet.",
    "Übergabe nach Ende des Ehrenamts. Offen: Wohnungssuche.",
)

# Age phases of the city, in years: 0-3, 3-6, 6-10, 10-16 (children), 17-25, over 25.
_CHILD_PHASES: tuple[tuple[int, int, int], ...] = ((0, 2, 20), (3, 5, 18), (6, 9, 25), (10, 16, 37))


def _feminine(family: str, group: str) -> str:
    """The female form of a family name where the language has one."""
    if group == "bg" and family.endswith(("ov", "ev")):
        return family + "a"
    if group == "pl" and family.endswith(("ski", "cki", "dzki")):
        return family[:-1] + "a"
    if group == "uk" and family.endswith(("ow", "ov")):
        return family + "a"
    return family


# --------------------------------------------------------------------------------------------
# The generator
# --------------------------------------------------------------------------------------------


@dataclass
class _Person:
    given_name: str
    family_name: str
    gender: Gender | None
    form_of_address: FormOfAddress
    birth_date: date | None
    birth_year: int | None
    age_days: int  # true age, also when the record does not show it
    child: bool


@dataclass
class _Change:
    status: ClientStatus
    on: date
    reason: ClosingReason | None = None
    note: str = ""


@dataclass
class _Period:
    """A stretch of the case in which it is open (active or paused)."""

    start: date
    end: date | None


# Letters from authorities: (authority, procedure, subject, kind). Widerspruch and Einspruch are
# computed with the real deadline engine (one month); the other kinds take the date in the letter.
_JOBCENTER = "Jobcenter Duisburg"
_FAMILIENKASSE = "Familienkasse NRW West"
_AUSLAENDERBEHOERDE = "Ausländerbehörde Duisburg"
_SOZIALAMT = "Sozialamt Duisburg"
_FINANZAMT = "Finanzamt Duisburg-Süd"
_AGENTUR = "Agentur für Arbeit Duisburg"

_LETTERS: tuple[tuple[str, Procedure, str, DeadlineKind, int], ...] = (
    (
        _JOBCENTER,
        Procedure.SGB10,
        "Bescheid über Bürgergeld (Kürzung)",
        DeadlineKind.WIDERSPRUCH,
        8,
    ),
    (_JOBCENTER, Procedure.SGB10, "Änderungsbescheid Bürgergeld", DeadlineKind.WIDERSPRUCH, 6),
    (
        _JOBCENTER,
        Procedure.SGB10,
        "Aufhebungs- und Erstattungsbescheid",
        DeadlineKind.WIDERSPRUCH,
        4,
    ),
    (
        _JOBCENTER,
        Procedure.SGB10,
        "Aufforderung zur Mitwirkung: Kontoauszüge",
        DeadlineKind.MITWIRKUNG,
        8,
    ),
    (
        _JOBCENTER,
        Procedure.SGB10,
        "Weiterbewilligung: fehlende Unterlagen nachreichen",
        DeadlineKind.ABGABE,
        5,
    ),
    (
        _FAMILIENKASSE,
        Procedure.AO,
        "Aufhebung der Festsetzung des Kindergeldes",
        DeadlineKind.EINSPRUCH,
        4,
    ),
    (_FAMILIENKASSE, Procedure.AO, "Anforderung einer Schulbescheinigung", DeadlineKind.VORLAGE, 5),
    (
        _AUSLAENDERBEHOERDE,
        Procedure.VWVFG,
        "Verlängerung des Aufenthaltstitels: Unterlagen vorlegen",
        DeadlineKind.VORLAGE,
        5,
    ),
    (
        _AUSLAENDERBEHOERDE,
        Procedure.VWVFG,
        "Aufforderung: gültigen Pass vorlegen",
        DeadlineKind.VORLAGE,
        2,
    ),
    (
        _SOZIALAMT,
        Procedure.SGB10,
        "Bescheid über Grundsicherung (Ablehnung)",
        DeadlineKind.WIDERSPRUCH,
        2,
    ),
    (
        _SOZIALAMT,
        Procedure.SGB10,
        "Aufforderung zur Mitwirkung: Mietbescheinigung",
        DeadlineKind.MITWIRKUNG,
        2,
    ),
    (_FINANZAMT, Procedure.AO, "Einkommensteuerbescheid", DeadlineKind.EINSPRUCH, 2),
    (_FINANZAMT, Procedure.AO, "Erinnerung: Abgabe der Steuererklärung", DeadlineKind.ABGABE, 2),
    (
        _AGENTUR,
        Procedure.SGB10,
        "Bescheid über Arbeitslosengeld (Sperrzeit)",
        DeadlineKind.WIDERSPRUCH,
        2,
    ),
    (
        _AGENTUR,
        Procedure.SGB10,
        "Einladung: Lebenslauf und Zeugnisse mitbringen",
        DeadlineKind.VORLAGE,
        2,
    ),
)
_LETTER_WEIGHTS = tuple(item[4] for item in _LETTERS)
_FIXED_EXPLANATION = "Datum aus dem Brief übernommen (nicht berechnet)."
# The computation columns of a deadline whose date the letter sets (filled in when computed).
_NOT_COMPUTED: dict[str, Any] = {
    "note": "",
    "procedure": "",
    "start_date": None,
    "received_on": None,
    "period_value": None,
    "period_unit": "",
    "belehrung_missing": False,
    "state": "NW",
    "shift_excluded": False,
    "delivered_on": None,
}
_ONE_MONTH = Period(1, PeriodUnit.MONTHS)
_TASK_TEXTS = ("Unterlagen zusammenstellen", "Kopien machen", "Termin zur Abgabe vereinbaren")
_OBJECTION_TASK = {
    DeadlineKind.WIDERSPRUCH: "Widerspruch gemeinsam schreiben",
    DeadlineKind.EINSPRUCH: "Einspruch gemeinsam schreiben",
}
_ACTORS = (StepActor.CLIENT_ALONE, StepActor.TOGETHER, StepActor.GUIDE)
_LETTER_HISTORY_DAYS = 548  # about 18 months


def _file_number(rng: random.Random, authority: str) -> str:
    if authority == _JOBCENTER:
        return f"23601BG{rng.randint(1000000, 9999999)}"
    if authority == _FAMILIENKASSE:
        return f"{rng.randint(100, 999)}FK{rng.randint(100000, 999999)}"
    if authority == _FINANZAMT:
        return f"134/{rng.randint(1000, 9999)}/{rng.randint(1000, 9999)}"
    if authority == _AUSLAENDERBEHOERDE:
        return f"32-{rng.randint(10000, 99999)}"
    if authority == _AGENTUR:
        return f"{rng.randint(100, 999)}D{rng.randint(100000, 999999)}"
    return f"50-{rng.randint(1000, 9999)}/{rng.randint(10, 99)}"


@dataclass
class _GuideInfo:
    id: int
    languages: tuple[str, ...]
    active: bool
    coordinator: bool


@dataclass(frozen=True)
class _Household:
    """What later writers (appointments, contacts, goals ...) need to know about a household."""

    first_client_id: int  # members have consecutive ids
    size: int
    status: ClientStatus
    opened_on: date
    status_since: date
    lead_guide_id: int | None  # the open lead, None without guide or when closed
    language: str  # letter language
    had_guide: bool = False  # a guide was assigned at some time (also for closed cases)


@dataclass
class _Counts:
    clients: int = 0
    households: int = 0
    by_status: dict[ClientStatus, int] = field(default_factory=dict)
    without_guide: int = 0
    assignments: int = 0
    handovers: int = 0
    letters: int = 0
    deadlines: int = 0
    open_deadlines: int = 0
    tasks: int = 0


class _DemoWriter:
    """Writes one kind of demo data per method, all from one random generator."""

    def __init__(self, session: Session, options: DemoOptions, today: date) -> None:
        self.session = session
        self.options = options
        self.today = today
        self.rng = random.Random(options.seed)
        self.counts = _Counts()
        self.guides: list[_GuideInfo] = []
        self.households: list[_Household] = []
        self._regular: list[int] = []  # indexes into self.guides: active, not coordinating
        self._coordinators: list[int] = []
        self._inactive: list[int] = []
        self._by_language: dict[str, list[int]] = {}
        self._district_ids: list[int | None] = []
        self._district_names: list[str] = []
        self._district_cum: list[float] = []
        self._group_cum: list[float] = []
        self._names: dict[tuple[str, str], tuple[str, str]] = {}
        self._client_rows: list[dict[str, Any]] = []
        self._change_rows: list[dict[str, Any]] = []
        self._assignment_rows: list[dict[str, Any]] = []
        self._next_client_id = 1 + (session.scalar(select(func.max(Client.id))) or 0)
        self._next_guide_id = 1 + (session.scalar(select(func.max(Guide.id))) or 0)

    # --- small helpers ------------------------------------------------------------------

    def _days_ago(self, days: int) -> date:
        return self.today - timedelta(days=days)

    def _between(self, first: date, last: date) -> date:
        """A day from first to last inclusive (first when the range is empty)."""
        span = (last - first).days
        return first if span <= 0 else first + timedelta(days=self.rng.randint(0, span))

    def _at(self, day: date) -> datetime:
        return datetime.combine(day, time(self.rng.randint(8, 18), self.rng.randint(0, 59)))

    def _phone(self, mobile: bool) -> str:
        prefix = "0170 555" if mobile else "0203 555"
        return f"{prefix} {self.rng.randint(1000, 9999)}"

    def _email(self, given: str, family: str) -> str:
        local = f"{fold(given)}.{fold(family)}".replace(" ", "")
        if self.rng.random() < 0.5:
            local += str(self.rng.randint(1, 99))
        return f"{local}@example.org"

    def _derived(self, given: str, family: str) -> tuple[str, str]:
        key = (given, family)
        derived = self._names.get(key)
        if derived is None:
            derived = (fold(f"{given} {family}"), person_key(given, family))
            self._names[key] = derived
        return derived

    def _pick_text(self, pool: Sequence[str], most: int) -> str:
        chosen = self.rng.sample(pool, self.rng.randint(1, most))
        text = "; ".join(chosen)
        return text[0].upper() + text[1:] + "."

    def _insert(self, model: type[Base], rows: list[dict[str, Any]]) -> None:
        """A Core executemany on the table: one statement for the whole batch.

        (``insert(Model)`` would take the ORM bulk path, which splits the batch wherever a row
        has None in a column with a default, and is then many times slower.)
        """
        table = Base.metadata.tables[model.__tablename__]
        self.session.execute(insert(table), rows)

    # --- districts ----------------------------------------------------------------------

    def load_districts(self) -> None:
        rows = self.session.execute(
            select(District.id, District.name)
            .where(District.active.is_(True))
            .order_by(District.id)
        ).all()
        total = 0.0
        for district_id, name in rows:
            total += _DISTRICT_WEIGHTS.get(name, 1)
            self._district_ids.append(district_id)
            self._district_names.append(name)
            self._district_cum.append(total)
        # A few records without a district (not asked, or moved within the city recently).
        self._district_ids.append(None)
        self._district_names.append("")
        self._district_cum.append(total + total * 0.03)
        running = 0.0
        for group in _GROUPS:
            running += group.weight
            self._group_cum.append(running)

    def _district(self) -> tuple[int | None, str]:
        index = self.rng.choices(range(len(self._district_ids)), cum_weights=self._district_cum)[0]
        return self._district_ids[index], self._district_names[index]

    # --- guides -------------------------------------------------------------------------

    def write_guides(self) -> None:
        count = max(2, round(self.options.clients / 12))
        coordinators = 1 if count < 10 else 2
        inactive = 0 if count < 4 else max(1, round(count * 0.08))
        seen: set[tuple[str, str]] = set()
        rows: list[dict[str, Any]] = []
        for index in range(count):
            given, family, languages = self._guide_name()
            attempt = 0
            while (given, family) in seen and attempt < 20:
                given, family, languages = self._guide_name()
                attempt += 1
            seen.add((given, family))
            coordinator = index < coordinators
            active = coordinator or index < count - inactive
            created = self._at(self._days_ago(self.rng.randint(1500, 3000)))
            guide_id = self._next_guide_id + index
            email = ""
            if coordinator or self.rng.random() < 0.85:
                email = self._email(given, family)
            rows.append(
                {
                    "id": guide_id,
                    "given_name": given,
                    "family_name": family,
                    "phone": self._phone(self.rng.random() < 0.8),
                    "email": email,
                    "languages": languages,
                    "active": active,
                    "is_coordinator": coordinator,
                    "created_at": created,
                    "updated_at": created,
                }
            )
            info = _GuideInfo(guide_id, languages, active, coordinator)
            position = len(self.guides)
            self.guides.append(info)
            if coordinator:
                self._coordinators.append(position)
            elif active:
                self._regular.append(position)
                for code in languages:
                    self._by_language.setdefault(code, []).append(position)
            else:
                self._inactive.append(position)
        self._insert(Guide, rows)

    def _guide_name(self) -> tuple[str, str, tuple[str, ...]]:
        rng = self.rng
        female = rng.random() < 0.65  # most volunteers are women
        if rng.random() < 0.6:
            given = rng.choice(_GERMAN_GUIDES_FEMALE if female else _GERMAN_GUIDES_MALE)
            family = rng.choice(_GERMAN_GUIDES_FAMILY)
            extra = [
                code
                for code, p in (("en", 0.6), ("fr", 0.2), ("tr", 0.08), ("ru", 0.1))
                if rng.random() < p
            ]
            return given, family, ("de", *extra)
        group = rng.choice([g for g in _GROUPS if g.code != "de"])
        given = rng.choice(group.female if female else group.male)
        family = rng.choice(group.family)
        if female:
            family = _feminine(family, group.code)
        languages = ["de", group.code]
        if group.code == "uk":
            languages.append("ru")
        elif group.code in ("ku", "bg") and rng.random() < 0.6:
            languages.append("tr")
        elif group.code == "ar" and rng.random() < 0.4:
            languages.append("fr" if rng.random() < 0.5 else "en")
        if rng.random() < 0.4 and "en" not in languages:
            languages.append("en")
        return given, family, tuple(languages)

    def _choose_guide(self, language: str, exclude: Sequence[int] = ()) -> int | None:
        """An active guide (index), preferring one who speaks the letter language."""
        rng = self.rng
        pool: list[int] = []
        if language != "de" and rng.random() < 0.55:
            pool = self._by_language.get(language, [])
        if not pool:
            pool = self._coordinators if rng.random() < 0.05 or not self._regular else self._regular
        if not pool:
            pool = self._coordinators
        for _ in range(5):  # pools are large; a few draws avoid copying them
            if not pool:
                break
            choice = rng.choice(pool)
            if choice not in exclude:
                return choice
        candidates = [g for g in self._regular + self._coordinators if g not in exclude]
        return rng.choice(candidates) if candidates else None

    # --- clients, their history and their assignments ------------------------------------

    def write_clients(self) -> None:
        remaining = self.options.clients
        while remaining > 0:
            members = self._household(remaining)
            remaining -= len(members)
            if len(self._client_rows) >= BATCH_CLIENTS:
                self._flush()
        self._flush()

    def _flush(self) -> None:
        if self._client_rows:
            self._insert(Client, self._client_rows)
        if self._change_rows:
            self._insert(ClientStatusChange, self._change_rows)
        if self._assignment_rows:
            self._insert(Assignment, self._assignment_rows)
        self._client_rows, self._change_rows, self._assignment_rows = [], [], []

    def _household(self, room: int) -> list[_Person]:
        rng = self.rng
        group = _GROUPS[rng.choices(range(len(_GROUPS)), cum_weights=self._group_cum)[0]]
        kind = rng.choices(
            ("single", "young", "couple", "single_parent", "family"), weights=(36, 20, 10, 15, 19)
        )[0]
        children = 0
        if kind == "single_parent":
            children = rng.choice((1, 1, 2, 2, 3))
        elif kind == "family":
            children = rng.choice((1, 2, 2, 3, 3, 4))
        adults = 2 if kind in ("couple", "family") else 1
        adults = min(adults, room)
        children = min(children, room - adults)

        arrival = self._arrival(group)
        family_name = rng.choice(group.family)
        child_ages = sorted((self._child_age_days() for _ in range(children)), reverse=True)
        members: list[_Person] = []
        oldest_child = child_ages[0] if child_ages else 0
        female = rng.random() < (0.85 if kind == "single_parent" else 0.6)
        for index in range(adults):
            if kind == "young":
                years = rng.randint(17, 25)
            elif child_ages:
                years = max(26, oldest_child // 365 + rng.randint(19, 38))
            else:
                years = rng.choices(
                    (rng.randint(26, 40), rng.randint(41, 60), rng.randint(61, 82)),
                    weights=(50, 38, 12),
                )[0]
            family = family_name
            if index == 1:
                female = not female
                if group.code in ("ar", "fa", "ku") and rng.random() < 0.6:
                    family = rng.choice(group.family)  # spouses often keep their own name
            age_days = years * 365 + rng.randrange(365)
            members.append(self._person(group, family, female, age_days, members))
        for age_days in child_ages:
            members.append(self._child(group, family_name, age_days, arrival, members))

        youngest = min(person.age_days for person in members)
        opened_limit = max(0, youngest - 14)  # a newborn joins the case a little later
        if arrival is not None:
            opened_limit = min(opened_limit, (self.today - date(arrival, 1, 1)).days)
        without_guide = rng.random() < 0.05
        if without_guide:
            opened_days = rng.randint(0, 40)
        elif rng.random() < 0.8:
            opened_days = rng.randint(0, 540)
        else:
            opened_days = rng.randint(541, 1460)
        opened_on = self._days_ago(max(0, min(opened_days, opened_limit)))
        letter = self._letter_language(group, arrival)
        if without_guide:
            changes = [_Change(ClientStatus.ACTIVE, opened_on)]
            assignments: list[dict[str, Any]] = []
        else:
            changes = self._timeline(opened_on)
            assignments = self._assignments(changes, letter)

        self._write_household(group, letter, members, arrival, changes, assignments)
        self.counts.households += 1
        if without_guide:
            self.counts.without_guide += len(members)
        return members

    def _child_age_days(self) -> int:
        low, high, _ = self.rng.choices(_CHILD_PHASES, weights=[p[2] for p in _CHILD_PHASES])[0]
        # Keep a few days away from birthdays that would move a child into the next phase.
        return self.rng.randint(low * 365 + 3, high * 365 + 360)

    def _arrival(self, group: _Group) -> int | None:
        rng = self.rng
        if rng.random() < 0.15:
            return None
        year = self.today.year
        if group.code == "uk" and rng.random() < 0.85:
            return rng.randint(min(2022, year), year)  # since the full-scale invasion
        if rng.random() < 0.55:
            return rng.randint(year - 2, year)
        low, high = group.arrival_range
        return rng.randint(low, max(low, min(high, year - 3)))

    def _given_name(self, pool: Sequence[str], household: Sequence[_Person]) -> str:
        """A given name that nobody else in the household has."""
        taken = [person.given_name for person in household]
        given = self.rng.choice(pool)
        for _ in range(5):
            if given not in taken:
                break
            given = self.rng.choice(pool)
        return given

    def _person(
        self, group: _Group, family: str, female: bool, age_days: int, household: list[_Person]
    ) -> _Person:
        rng = self.rng
        given = self._given_name(group.female if female else group.male, household)
        gender: Gender | None = Gender.FEMALE if female else Gender.MALE
        form = FormOfAddress.FRAU if female else FormOfAddress.HERR
        roll = rng.random()
        if roll < 0.01:
            gender, form = Gender.DIVERSE, FormOfAddress.NEUTRAL
        elif roll < 0.03:
            gender, form = Gender.NOT_STATED, FormOfAddress.NEUTRAL
        elif roll < 0.05:
            gender = None
        elif roll < 0.08:
            form = FormOfAddress.NEUTRAL
        birth = self._days_ago(age_days)
        known = rng.random()
        birth_date: date | None = birth if known < 0.72 else None
        birth_year: int | None = birth.year if known < 0.9 else None
        family_name = _feminine(family, group.code) if female else family
        return _Person(given, family_name, gender, form, birth_date, birth_year, age_days, False)

    def _child(
        self,
        group: _Group,
        family: str,
        age_days: int,
        arrival: int | None,
        household: list[_Person],
    ) -> _Person:
        rng = self.rng
        female = rng.random() < 0.5
        birth = self._days_ago(age_days)
        born_here = arrival is not None and birth.year > arrival
        if born_here and rng.random() < 0.35:
            given = self._given_name(_CHILD_FEMALE if female else _CHILD_MALE, household)
        else:
            given = self._given_name(group.female if female else group.male, household)
        family_name = _feminine(family, group.code) if female else family
        birth_date = birth if rng.random() < 0.95 else None
        return _Person(
            given,
            family_name,
            Gender.FEMALE if female else Gender.MALE,
            FormOfAddress.NEUTRAL,
            birth_date,
            birth.year,
            age_days,
            True,
        )

    def _letter_language(self, group: _Group, arrival: int | None) -> str:
        rng = self.rng
        if group.code == "de":
            return "de"
        if group.code == "uk":
            return "uk" if rng.random() < 0.75 else "ru"
        if group.code == "ku":
            return rng.choice(("ku", "ku", "tr", "ar"))
        if group.code == "bg" and rng.random() < 0.3:
            return "tr"
        if arrival is not None and self.today.year - arrival > 12 and rng.random() < 0.4:
            return "de"
        return group.code

    def _languages(self, group: _Group, letter: str, arrival: int | None) -> list[str]:
        rng = self.rng
        languages = [letter] if letter != "de" else []
        if group.code != "de" and group.code not in languages:
            languages.append(group.code)
        if group.code == "uk" and "ru" not in languages and rng.random() < 0.6:
            languages.append("ru")
        if group.code == "de" and rng.random() < 0.5:
            languages.append("ru")  # Spätaussiedler:innen
        if group.code == "ar" and rng.random() < 0.15:
            languages.append("fr")
        if group.code == "fa" and rng.random() < 0.15:
            languages.append("ps")
        if arrival is None:
            german = 0.5
        else:
            years = self.today.year - arrival
            german = 0.85 if years >= 5 else 0.5 if years >= 2 else 0.2
        if group.code == "de" or letter == "de" or rng.random() < german:
            languages.append("de")
        if rng.random() < 0.12 and "en" not in languages:
            languages.append("en")
        return languages

    def _timeline(self, opened: date) -> list[_Change]:
        """Status history: opened, and perhaps paused, closed, resumed or reopened."""
        rng = self.rng
        changes = [_Change(ClientStatus.ACTIVE, opened)]
        days = (self.today - opened).days
        if days < 45:
            return changes
        recent = self._days_ago(548)  # the history shows the last 18 months
        roll = rng.random()
        if roll < 0.16:
            closed = self._between(max(opened + timedelta(days=30), recent), self.today)
            changes.append(self._closing(closed))
        elif roll < 0.19:
            closed = self._between(max(opened + timedelta(days=30), recent), self._days_ago(15))
            changes.append(self._closing(closed))
            reopened = self._between(closed + timedelta(days=14), self.today)
            changes.append(_Change(ClientStatus.ACTIVE, reopened, note=rng.choice(_REOPEN_NOTES)))
        elif roll < 0.27:
            paused = self._between(
                max(opened + timedelta(days=14), self._days_ago(240)), self.today
            )
            changes.append(_Change(ClientStatus.PAUSED, paused, note=rng.choice(_PAUSE_NOTES)))
        elif roll < 0.33:
            paused = self._between(max(opened + timedelta(days=14), recent), self._days_ago(20))
            changes.append(_Change(ClientStatus.PAUSED, paused, note=rng.choice(_PAUSE_NOTES)))
            resumed = self._between(
                paused + timedelta(days=14), min(self.today, paused + timedelta(days=180))
            )
            changes.append(_Change(ClientStatus.ACTIVE, resumed, note=rng.choice(_RESUME_NOTES)))
        return changes

    def _closing(self, on: date) -> _Change:
        reasons = _CLOSING_REASONS
        reason, _, notes = self.rng.choices(reasons, weights=[r[1] for r in reasons])[0]
        return _Change(ClientStatus.CLOSED, on, reason, self.rng.choice(notes))

    def _assignments(self, changes: list[_Change], language: str) -> list[dict[str, Any]]:
        """Assignment rows (without client id) for a household; none if the case has no guide."""
        periods: list[_Period] = []
        for change in changes:
            if change.status == ClientStatus.ACTIVE and (not periods or periods[-1].end):
                periods.append(_Period(change.on, None))
            elif change.status == ClientStatus.CLOSED:
                periods[-1].end = change.on
        rng = self.rng
        rows: list[dict[str, Any]] = []
        lead: int | None = None
        for number, period in enumerate(periods):
            last = number == len(periods) - 1
            if lead is None or not self.guides[lead].active:
                lead = self._choose_guide(language)
            if lead is None:
                return rows
            if period.end is not None and self._inactive and rng.random() < 0.15:
                lead = rng.choice(self._inactive)  # a guide who has since stopped
            start = period.start
            stop = period.end or self.today
            if last and changes[-1].status == ClientStatus.PAUSED:
                stop = changes[-1].on  # nobody takes over or joins during a pause
            leads = [lead]
            if last and (stop - start).days >= 60 and rng.random() < 0.06:
                handover = self._between(start + timedelta(days=30), stop - timedelta(days=1))
                old = lead
                if self._inactive and rng.random() < 0.5:
                    old = rng.choice(self._inactive)
                new = self._choose_guide(language, exclude=(old,))
                if new is not None:
                    note = rng.choice(_HANDOVER_NOTES)
                    rows.append(self._assignment(old, AssignmentRole.LEAD, start, handover, note))
                    lead, start, leads = new, handover, [old, new]
            rows.append(self._assignment(lead, AssignmentRole.LEAD, start, period.end))
            if last and rng.random() < 0.12:
                support = self._choose_guide(language, exclude=leads)
                if support is not None:
                    begin = self._between(start, stop)
                    end = period.end
                    if end is None and rng.random() < 0.25:
                        end = self._between(begin, self.today)
                    rows.append(self._assignment(support, AssignmentRole.SUPPORT, begin, end))
        return rows

    def _assignment(
        self, guide: int, role: AssignmentRole, start: date, end: date | None, note: str = ""
    ) -> dict[str, Any]:
        return {
            "guide_id": self.guides[guide].id,
            "role": role,
            "start_date": start,
            "end_date": end,
            "handover_note": note,
        }

    def _write_household(
        self,
        group: _Group,
        letter: str,
        members: list[_Person],
        arrival: int | None,
        changes: list[_Change],
        assignments: list[dict[str, Any]],
    ) -> None:
        rng = self.rng
        district_id, district_name = self._district()
        street = postal_code = city = ""
        if rng.random() < 0.45:
            street = f"{rng.choice(_DEMO_STREETS)} {rng.randint(1, 140)}"
            postal_code = _POSTAL_CODES.get(district_name, "47051")
            city = CITY
        landline = self._phone(False) if rng.random() < 0.25 else ""
        adult_languages = self._languages(group, letter, arrival)
        opened_on = changes[0].on
        final = changes[-1]
        closed = final.status == ClientStatus.CLOSED
        created_at = self._at(opened_on)
        updated_at = self._at(final.on) if len(changes) > 1 else created_at
        updated_at = max(updated_at, created_at)
        counts = self.counts.by_status
        open_lead = next(
            (
                row["guide_id"]
                for row in assignments
                if row["role"] == AssignmentRole.LEAD and row["end_date"] is None
            ),
            None,
        )
        self.households.append(
            _Household(
                self._next_client_id,
                len(members),
                final.status,
                opened_on,
                final.on,
                open_lead,
                letter,
                had_guide=bool(assignments),
            )
        )
        for person in members:
            client_id = self._next_client_id
            self._next_client_id += 1
            search_text, name_key = self._derived(person.given_name, person.family_name)
            years = person.age_days // 365
            phone = email = ""
            if person.child:
                born_year = self._days_ago(person.age_days).year
                born_here = arrival is not None and born_year > arrival
                person_arrival = None if born_here else arrival
                home = [code for code in adult_languages if code not in ("de", "en")][:1]
                speaks_german = born_here or arrival is None or self.today.year - arrival >= 1
                languages = [*home, "de"] if speaks_german or not home else home
                interpreter = False
                strengths = self._pick_text(
                    _CHILD_STRENGTHS_SMALL if years < 6 else _CHILD_STRENGTHS_SCHOOL, 2
                )
                goals = rng.choice(_CHILD_GOALS_SMALL if years < 6 else _CHILD_GOALS_SCHOOL)
                if rng.random() < 0.3:
                    strengths = ""
                if rng.random() < 0.4:
                    goals = ""
            else:
                person_arrival = arrival
                languages = adult_languages
                interpreter = "de" not in languages and rng.random() < 0.7
                young = years <= 25
                if rng.random() < 0.82:
                    phone = self._phone(True)
                elif landline:
                    phone = landline
                if rng.random() < 0.15:
                    email = self._email(person.given_name, person.family_name)
                strengths = self._pick_text(_YOUNG_STRENGTHS if young else _ADULT_STRENGTHS, 3)
                goals = rng.choice(_YOUNG_GOALS if young else _ADULT_GOALS)
                if rng.random() < 0.12:
                    strengths = ""
                if rng.random() < 0.15:
                    goals = ""
            if person_arrival is not None:  # nobody arrives before being born
                person_arrival = max(person_arrival, self._days_ago(person.age_days).year)
            self._client_rows.append(
                {
                    "id": client_id,
                    "given_name": person.given_name,
                    "family_name": person.family_name,
                    "form_of_address": person.form_of_address,
                    "birth_date": person.birth_date,
                    "birth_year": person.birth_year,
                    "gender": person.gender,
                    "phone": phone,
                    "email": email,
                    "street": street,
                    "postal_code": postal_code,
                    "city": city,
                    "district_id": district_id,
                    "languages": tuple(languages),
                    "preferred_language": letter,
                    "interpreter_needed": interpreter,
                    "arrival_year": person_arrival,
                    "strengths": strengths,
                    "goals_own_words": goals,
                    "status": final.status,
                    "status_since": final.on,
                    "opened_on": opened_on,
                    "closed_on": final.on if closed else None,
                    "closing_reason": final.reason if closed else None,
                    "search_text": search_text,
                    "name_key": name_key,
                    "created_at": created_at,
                    "updated_at": updated_at,
                }
            )
            for change in changes:
                self._change_rows.append(
                    {
                        "client_id": client_id,
                        "status": change.status,
                        "changed_on": change.on,
                        "reason": change.reason,
                        "note": change.note,
                    }
                )
            for row in assignments:
                self._assignment_rows.append({"client_id": client_id, **row})
            counts[final.status] = counts.get(final.status, 0) + 1
        self.counts.clients += len(members)
        self.counts.assignments += len(assignments) * len(members)
        handovers = sum(1 for row in assignments if row["handover_note"])
        self.counts.handovers += handovers * len(members)

    # --- later issues add one method per kind here (write_appointments, write_deadlines,
    # write_contacts, write_goals, write_tasks), called after write_clients and working from
    # self.households and self.guides with the same self.rng and self._insert. ---------------

    # --- letters, deadlines and their tasks ---------------------------------------------

    def write_letters_and_deadlines(self) -> None:
        """Letters from authorities for active and paused cases, each with a deadline and tasks.

        About one letter per two clients, over the last 18 months and more in the last two;
        deadlines before today are mostly done (by the client alone more often lately), some
        missed; a few stay open although overdue and one or two end tomorrow, so that the
        notice at start shows. Plus a few expiring residence permits and passports.
        """
        rng = self.rng
        today = self.today
        letter_id = 1 + (self.session.scalar(select(func.max(IncomingLetter.id))) or 0)
        deadline_id = 1 + (self.session.scalar(select(func.max(Deadline.id))) or 0)
        letters: list[dict[str, Any]] = []
        deadlines: list[dict[str, Any]] = []
        earliest = self._days_ago(_LETTER_HISTORY_DAYS)
        candidates = [
            household
            for household in self.households
            if household.status in (ClientStatus.ACTIVE, ClientStatus.PAUSED)
        ]
        for household in candidates:
            client_id = household.first_client_id  # adults come first in a household
            if household.size > 1 and rng.random() < 0.25:
                client_id += 1
            count = sum(1 for _ in range(household.size) if rng.random() < 0.5)
            first = max(household.opened_on, earliest)
            for _ in range(count):
                if rng.random() < 0.2:
                    received = self._between(max(first, self._days_ago(60)), today)
                else:
                    received = self._between(first, today)
                letter = self._letter_row(letter_id, client_id, received)
                letters.append(letter)
                deadlines.append(self._letter_deadline(deadline_id, letter))
                letter_id += 1
                deadline_id += 1
            roll = rng.random()
            if roll < 0.04:
                due = today + timedelta(days=rng.randint(7, 70))
                deadlines.append(
                    self._expiry(deadline_id, client_id, DeadlineKind.AUFENTHALTSTITEL, due)
                )
                deadline_id += 1
            elif roll < 0.06:
                due = today + timedelta(days=rng.randint(14, 180))
                deadlines.append(self._expiry(deadline_id, client_id, DeadlineKind.PASS, due))
                deadline_id += 1
        if candidates:
            # One or two letters whose deadline ends tomorrow (the next working day) ...
            for _ in range(rng.randint(1, 2)):
                household = rng.choice(candidates)
                received = self._days_ago(rng.randint(3, 12))
                letter = self._letter_row(
                    letter_id, household.first_client_id, received, fixed=True
                )
                letters.append(letter)
                row = self._letter_deadline(deadline_id, letter)
                # (An authority sets such dates on working days: over a weekend it is Monday.)
                row["due_date"] = next_working_day(today + timedelta(days=1), "NW")
                self._set_status(row)
                deadlines.append(row)
                letter_id += 1
                deadline_id += 1
            # ... and one to three overdue deadlines nobody has closed yet.
            recent = [
                row
                for row in deadlines
                if today - timedelta(days=21) <= row["due_date"] < today
                and row["status"] != DeadlineStatus.OPEN.value
            ]
            for row in rng.sample(recent, min(len(recent), rng.randint(1, 3))):
                row.update(status=DeadlineStatus.OPEN.value, done_on=None, done_by=None)
        tasks = [task for row in deadlines for task in self._tasks(row)]
        for batch in range(0, len(letters), BATCH_CLIENTS):
            self._insert(IncomingLetter, letters[batch : batch + BATCH_CLIENTS])
        for batch in range(0, len(deadlines), BATCH_CLIENTS):
            self._insert(Deadline, deadlines[batch : batch + BATCH_CLIENTS])
        for batch in range(0, len(tasks), BATCH_CLIENTS):
            self._insert(Task, tasks[batch : batch + BATCH_CLIENTS])
        counts = self.counts
        counts.letters += len(letters)
        counts.deadlines += len(deadlines)
        counts.open_deadlines += sum(
            1 for row in deadlines if row["status"] == DeadlineStatus.OPEN.value
        )
        counts.tasks += len(tasks)

    def _letter_row(
        self, letter_id: int, client_id: int, received: date, *, fixed: bool = False
    ) -> dict[str, Any]:
        rng = self.rng
        choices = [item for item in _LETTERS if not item[3].computed] if fixed else _LETTERS
        weights = [item[4] for item in choices] if fixed else _LETTER_WEIGHTS
        authority, procedure, subject, kind, _ = rng.choices(choices, weights=weights)[0]
        letter_date = received - timedelta(days=rng.randint(2, 9))
        roll = rng.random()
        posted_on: date | None = letter_date
        if roll >= 0.85:
            posted_on = None  # no postmark, envelope thrown away
        elif roll >= 0.7:
            posted_on = letter_date + timedelta(days=1)
        return {
            "id": letter_id,
            "client_id": client_id,
            "authority_id": None,
            "authority_name": authority,
            "letter_date": letter_date,
            "posted_on": posted_on,
            "received_on": received,
            "delivery_kind": procedure.value,
            "file_number": _file_number(rng, authority),
            "subject": subject,
            "scan": None,
            "scan_mime": "",
            "created_at": self._at(received),
            # Not columns: what the deadline needs (removed before the insert).
            "_kind": kind,
            "_procedure": procedure,
        }

    def _letter_deadline(self, deadline_id: int, letter: dict[str, Any]) -> dict[str, Any]:
        rng = self.rng
        kind: DeadlineKind = letter.pop("_kind")
        procedure: Procedure = letter.pop("_procedure")
        received: date = letter["received_on"]
        row: dict[str, Any] = {
            "id": deadline_id,
            "client_id": letter["client_id"],
            "letter_id": letter["id"],
            "kind": kind.value,
            "title": letter["subject"],
            "authority_name": letter["authority_name"],
            **_NOT_COMPUTED,
            "created_at": self._at(min(received + timedelta(days=rng.randint(0, 3)), self.today)),
        }
        if kind.computed:
            rule = DeadlineInput(
                procedure=procedure,
                start=letter["posted_on"] or letter["letter_date"],
                period=_ONE_MONTH,
                received=received,
            )
            result = compute_deadline(rule)
            row.update(
                procedure=rule.procedure.value,
                start_date=rule.start,
                received_on=rule.received,
                period_value=rule.period.value,
                period_unit=rule.period.unit.value,
                belehrung_missing=rule.belehrung_missing,
                state=rule.state,
                shift_excluded=rule.shift_excluded,
                delivered_on=result.delivered,
                due_date=result.deadline,
                explanation="\n".join(result.steps),
            )
        else:
            # Authorities set such dates on working days.
            row["due_date"] = next_working_day(
                letter["letter_date"] + timedelta(days=rng.randint(14, 28)), "NW"
            )
            row["explanation"] = _FIXED_EXPLANATION
        self._set_status(row)
        return row

    def _expiry(
        self, deadline_id: int, client_id: int, kind: DeadlineKind, due: date
    ) -> dict[str, Any]:
        row: dict[str, Any] = {
            "id": deadline_id,
            "client_id": client_id,
            "letter_id": None,
            "kind": kind.value,
            "title": kind.label,
            "authority_name": _AUSLAENDERBEHOERDE if kind == DeadlineKind.AUFENTHALTSTITEL else "",
            **_NOT_COMPUTED,
            "due_date": due,
            "explanation": _FIXED_EXPLANATION,
            "created_at": self._at(self._days_ago(self.rng.randint(0, 60))),
        }
        self._set_status(row)
        return row

    def _set_status(self, row: dict[str, Any]) -> None:
        """Done or missed when the day has passed, open otherwise; self-help grows over time."""
        rng = self.rng
        due: date = row["due_date"]
        created: date = row["created_at"].date()
        if due >= self.today:
            row.update(status=DeadlineStatus.OPEN.value, done_on=None, done_by=None)
        elif rng.random() < 0.08:
            missed = min(due + timedelta(days=rng.randint(1, 10)), self.today)
            row.update(status=DeadlineStatus.MISSED.value, done_on=missed, done_by=None)
        else:
            done_on = max(created, due - timedelta(days=rng.randint(0, 6)))
            recency = max(0.0, 1 - (self.today - due).days / _LETTER_HISTORY_DAYS)
            alone = 0.15 + 0.4 * recency
            guide = 0.45 - 0.3 * recency
            actor = rng.choices(_ACTORS, weights=(alone, 1 - alone - guide, guide))[0]
            row.update(status=DeadlineStatus.DONE.value, done_on=done_on, done_by=actor)

    def _tasks(self, deadline: dict[str, Any]) -> list[dict[str, Any]]:
        rng = self.rng
        count = rng.choices((0, 1, 2), weights=(35, 40, 25))[0]
        if not count:
            return []
        kind = DeadlineKind(deadline["kind"])
        pool = list(_TASK_TEXTS)
        if kind in _OBJECTION_TASK:
            pool.append(_OBJECTION_TASK[kind])
        created: date = deadline["created_at"].date()
        due: date = deadline["due_date"]
        done = deadline["status"] == DeadlineStatus.DONE.value
        rows = []
        for text in rng.sample(pool, count):
            task_due = max(created, due - timedelta(days=rng.randint(2, 10)))
            actor = rng.choice(_ACTORS)
            done_by: StepActor | None = None
            done_on: date | None = None
            if done:
                done_by = actor if rng.random() < 0.8 else deadline["done_by"]
                done_on = min(task_due, deadline["done_on"])
            elif task_due < self.today and rng.random() < 0.5:
                done_by, done_on = actor, task_due
            rows.append(
                {
                    "client_id": deadline["client_id"],
                    "goal_id": None,
                    "deadline_id": deadline["id"],
                    "text": text,
                    "due_date": task_due,
                    "intended_actor": actor,
                    "done_by": done_by,
                    "done_on": done_on,
                }
            )
        return rows

    def write_consents(self) -> int:
        """Signed consents for most people (on the day the case opened, in the letter language):
        some allow the topic health, a few are withdrawn, some people have none yet (the program
        reminds about them). Its own random stream, so the other demo data stay as they were."""
        rng = random.Random(self.options.seed * 7919 + 8)
        version = consent_version()
        rows: list[dict[str, Any]] = []
        for household in self.households:
            for client_id in range(
                household.first_client_id, household.first_client_id + household.size
            ):
                if rng.random() < 0.1:
                    continue
                health = rng.random() < 0.5
                authorities = rng.random() < 0.85
                scope = (
                    ["begleitung"]
                    + (["gesundheit"] if health else [])
                    + (["aemter"] if authorities else [])
                )
                withdrawn = None
                if rng.random() < 0.02 and household.status_since > household.opened_on:
                    withdrawn = household.status_since
                rows.append(
                    {
                        "client_id": client_id,
                        "given_on": household.opened_on,
                        "scope": tuple(scope),
                        "health_allowed": health,
                        "authority_contact_allowed": authorities,
                        "sheet_version": version,
                        "sheet_language": household.language,
                        "withdrawn_on": withdrawn,
                    }
                )
        for start in range(0, len(rows), BATCH_CLIENTS):
            self._insert(Consent, rows[start : start + BATCH_CLIENTS])
        return len(rows)

    def age_some_closed_cases(self) -> int:
        """Move a few closed households back beyond the retention period; returns the number of
        clients moved (about OLD_CASE_SHARE of the closed ones, at least one if any is closed).

        Chosen by a random generator of their own (from the seed), after everything else is
        written, so that all other data stays exactly as before. Only households without
        appointments and contacts (those lie in the last half year), open deadlines and open
        tasks are moved; every date of such a household goes back by the same 3 to 4 years,
        so its history stays consistent.
        """
        rng = random.Random(f"aufbewahrung-{self.options.seed}")
        session = self.session
        closed = [h for h in self.households if h.status == ClientStatus.CLOSED]
        if not closed:
            return 0
        busy: set[int] = set(session.scalars(select(AppointmentClient.client_id)))
        busy.update(session.scalars(select(ContactClient.client_id)))
        busy.update(
            session.scalars(
                select(Deadline.client_id).where(Deadline.status == DeadlineStatus.OPEN)
            )
        )
        busy.update(session.scalars(select(Task.client_id).where(Task.done_on.is_(None))))
        candidates = [
            household
            for household in closed
            if busy.isdisjoint(
                range(household.first_client_id, household.first_client_id + household.size)
            )
        ]
        wanted = max(1, round(OLD_CASE_SHARE * sum(h.size for h in closed)))
        rng.shuffle(candidates)
        moved = 0
        for household in candidates:
            if moved >= wanted:
                break
            ids = list(range(household.first_client_id, household.first_client_id + household.size))
            self._move_back(ids, timedelta(days=rng.randint(3 * 366 + 30, 4 * 366)))
            moved += len(ids)
        return moved

    def _move_back(self, client_ids: list[int], by: timedelta) -> None:
        session = self.session
        for model, key, columns in _OLD_CASE_DATES:
            self._shift(model, getattr(model, key).in_(client_ids), columns, by)
        goal_ids = select(Goal.id).where(Goal.client_id.in_(client_ids)).scalar_subquery()
        self._shift(GoalEventRecord, GoalEventRecord.goal_id.in_(goal_ids), ("changed_on",), by)
        session.flush()

    def _shift(
        self, model: type[Base], where: Any, columns: tuple[str, ...], by: timedelta
    ) -> None:
        table = model.__table__
        rows = self.session.execute(
            select(table.c.id, *(table.c[name] for name in columns)).where(where)
        ).all()
        changes = [
            {
                "id": row[0],
                **{
                    name: None if value is None else value - by
                    for name, value in zip(columns, row[1:], strict=True)
                },
            }
            for row in rows
        ]
        if changes:
            self.session.execute(update(model), changes)

    def write_audit(self, at: datetime) -> None:
        record_audit(
            self.session,
            at=at,
            action="angelegt",
            entity="database",
            entity_id=None,
            detail=f"Demodaten: {self.counts.clients} Klient:innen",
        )

    def summary(self) -> str:
        counts = self.counts
        active = sum(1 for guide in self.guides if guide.active)
        coordinators = sum(1 for guide in self.guides if guide.coordinator)
        by_status = counts.by_status
        return (
            f"{counts.clients} Klient:innen in {counts.households} Haushalten "
            f"({by_status.get(ClientStatus.ACTIVE, 0)} aktiv, "
            f"{by_status.get(ClientStatus.PAUSED, 0)} pausiert, "
            f"{by_status.get(ClientStatus.CLOSED, 0)} abgeschlossen, "
            f"{counts.without_guide} ohne Lotse/Lotsin), "
            f"{len(self.guides)} Lotsinnen und Lotsen ({active} aktiv, {coordinators} Koordination), "
            f"{counts.assignments} Zuordnungen ({counts.handovers} Übergaben), "
            f"{counts.letters} Briefe, {counts.deadlines} Fristen "
            f"({counts.open_deadlines} offen), {counts.tasks} Aufgaben"
        )


# --------------------------------------------------------------------------------------------
# Goals agreed with clients, their tasks, one applied checklist, hand-entered volunteer time
# --------------------------------------------------------------------------------------------

_A, _T, _G = StepActor.CLIENT_ALONE, StepActor.TOGETHER, StepActor.GUIDE

# (goal in the client's words, pillar, tasks toward it with who is meant to do them)
_GOAL_SPECS: tuple[tuple[str, Pillar, tuple[tuple[str, StepActor], ...]], ...] = (
    (
        "Die Briefe vom Jobcenter selbst verstehen.",
        Pillar.SOCIETY,
        (
            ("Ordner für alle Briefe anlegen", _A),
            ("Briefe der letzten Wochen gemeinsam durchgehen", _T),
            ("Wichtige Wörter aus Bescheiden in ein Heft schreiben", _A),
            ("Nächsten Brief zuerst allein lesen, dann besprechen", _A),
        ),
    ),
    (
        "Eine größere Wohnung für die Familie finden.",
        Pillar.SOCIAL,
        (
            ("Wohnberechtigungsschein beantragen", _T),
            ("Bei der Wohnungsgesellschaft als suchend melden", _T),
            ("Wohnungsanzeigen jede Woche ansehen", _A),
            ("Mietbescheinigung und Einkommensnachweise kopieren", _A),
        ),
    ),
    (
        "Deutsch bis B1 lernen.",
        Pillar.LANGUAGE,
        (
            ("Integrationskurs mit Kinderbetreuung suchen", _T),
            ("Berechtigung zum Integrationskurs beim BAMF beantragen", _T),
            ("Beim Kursträger anmelden", _A),
            ("Sprachcafé im Stadtteil besuchen", _A),
        ),
    ),
    (
        "Den Berufsabschluss anerkennen lassen.",
        Pillar.WORK,
        (
            ("Zeugnisse und Nachweise zusammensuchen", _A),
            ("Beratung zur Anerkennung vereinbaren", _T),
            ("Zeugnisse übersetzen lassen", _G),
            ("Antrag auf Anerkennung stellen", _T),
        ),
    ),
    (
        "Termine bei Behörden allein schaffen.",
        Pillar.SOCIETY,
        (
            ("Online-Terminbuchung des Bürgeramts zeigen lassen", _T),
            ("Nächsten Termin selbst buchen", _A),
            ("Weg zum Amt einmal gemeinsam fahren", _T),
            ("Termin allein wahrnehmen und danach erzählen", _A),
        ),
    ),
    (
        "Eine Arbeitsstelle finden, erst Minijob, dann fest.",
        Pillar.WORK,
        (
            ("Lebenslauf auf Deutsch schreiben", _T),
            ("Termin bei der Arbeitsvermittlung vereinbaren", _A),
            ("Drei Bewerbungen schicken", _A),
            ("Vorstellungsgespräch üben", _T),
        ),
    ),
    (
        "Mit den Lehrkräften der Kinder selbst sprechen.",
        Pillar.LANGUAGE,
        (
            ("Elternsprechtag in den Kalender eintragen", _A),
            ("Fragen an die Lehrerin vorher aufschreiben", _T),
            ("Elterngespräch gemeinsam führen", _T),
            ("Nächstes Gespräch allein führen", _A),
        ),
    ),
    (
        "Anträge für Kindergeld und Kinderzuschlag selbst stellen.",
        Pillar.SOCIAL,
        (
            ("Kinderzuschlag-Check der Familienkasse machen", _T),
            ("Einkommensnachweise der letzten sechs Monate sammeln", _A),
            ("Antrag auf Kinderzuschlag ausfüllen", _T),
        ),
    ),
    (
        "Ein Konto eröffnen und die Finanzen selbst im Griff haben.",
        Pillar.SOCIAL,
        (
            ("Termin bei der Bank für ein Basiskonto vereinbaren", _A),
            ("Daueraufträge für Miete und Strom einrichten", _T),
            ("Haushaltsbuch einen Monat lang führen", _A),
        ),
    ),
    (
        "Mehr Kontakt zu Nachbarn und Vereinen finden.",
        Pillar.SOCIETY,
        (
            ("Angebote im Stadtteilzentrum ansehen", _A),
            ("Einmal gemeinsam zum Elterncafé gehen", _T),
            ("Im Sportverein nach einem Probetraining fragen", _A),
        ),
    ),
    (
        "Einen Kita-Platz in der Nähe finden.",
        Pillar.SOCIAL,
        (
            ("Im Kita-Portal der Stadt anmelden", _T),
            ("Kitas im Stadtteil anrufen", _A),
            ("Bescheinigung über den Betreuungsbedarf besorgen", _A),
        ),
    ),
    (
        "Den Aufenthaltstitel rechtzeitig verlängern, ohne Angst vor Fristen.",
        Pillar.SOCIETY,
        (
            ("Ablaufdatum in den Kalender eintragen", _A),
            ("Termin bei der Ausländerbehörde buchen", _T),
            ("Unterlagen nach Liste der Behörde sammeln", _A),
        ),
    ),
)
_GOAL_CUM_WEIGHTS = tuple(accumulate((10, 8, 10, 5, 9, 8, 5, 6, 4, 4, 4, 6)))
_GOAL_INDEXES = range(len(_GOAL_SPECS))
_CHANGED_NOTES = (
    "Neu vereinbart: erst Teilzeit wegen der Kinderbetreuung.",
    "Ziel verkleinert: zuerst ein Sprachkurs am Abend.",
    "Gemeinsam angepasst, der erste Schritt war zu groß.",
)
_DROPPED_NOTES = (
    "Ist der Klientin/dem Klienten im Moment nicht mehr wichtig.",
    "Andere Dinge haben Vorrang (Wohnung).",
    "",
)
_REACHED_NOTES = ("Geschafft!", "Hat den letzten Schritt allein gemacht.", "", "")
_CHECKLIST_GOAL = "Kindergeld für das jüngste Kind bekommen."
_VOLUNTEER_NOTES: dict[VolunteerActivity, tuple[str, ...]] = {
    VolunteerActivity.TRAINING: (
        "Schulung „Fristen im Sozialrecht“",
        "Fortbildung Datenschutz im Ehrenamt",
        "Workshop Interkulturelle Kommunikation",
    ),
    VolunteerActivity.TEAM_MEETING: ("Monatliches Lotsentreffen", "Austausch im Stadtteilteam"),
    VolunteerActivity.TRAVEL: ("Fahrt zur Fortbildung", "Fahrt zum Koordinationsbüro"),
    VolunteerActivity.OTHER: ("Infostand beim Stadtteilfest", "Flyer übersetzt"),
}


@dataclass
class CaseworkCounts:
    goals: int = 0
    reached: int = 0
    tasks: int = 0
    volunteer_entries: int = 0


class _DemoCasework:
    """Goals with their tasks for households that have (or had) a guide, one applied
    checklist, and hand-entered volunteer time of the active guides."""

    def __init__(self, writer: _DemoWriter) -> None:
        self.writer = writer
        self.rng = writer.rng
        self.today = writer.today
        self.counts = CaseworkCounts()
        self._goal_id = 1 + (writer.session.scalar(select(func.max(Goal.id))) or 0)
        self._goals: list[dict[str, Any]] = []
        self._tasks: list[dict[str, Any]] = []

    def write(self) -> CaseworkCounts:
        households = [h for h in self.writer.households if h.had_guide]
        for household in households:
            if self.rng.random() < 0.8:
                self._household(household)
        active = [h for h in households if h.status == ClientStatus.ACTIVE]
        if active:
            self._applied_checklist(self.rng.choice(active))
        entries = self._volunteer_entries()
        w = self.writer
        for model, rows in (
            (Goal, self._goals),
            (Task, self._tasks),
            (VolunteerTimeEntry, entries),
        ):
            for start in range(0, len(rows), BATCH_CLIENTS):
                w._insert(model, rows[start : start + BATCH_CLIENTS])
        self.counts.goals = len(self._goals)
        self.counts.reached = sum(
            1 for row in self._goals if row["status"] == GoalStatus.REACHED.value
        )
        self.counts.tasks = len(self._tasks)
        self.counts.volunteer_entries = len(entries)
        return self.counts

    def _household(self, household: _Household) -> None:
        rng = self.rng
        closed = household.status == ClientStatus.CLOSED
        last_day = household.status_since if closed else self.today
        people = [household.first_client_id]
        if household.size > 1 and rng.random() < 0.3:
            people.append(household.first_client_id + 1)
        for client_id in people:
            count = rng.choices((1, 2, 3), weights=(50, 35, 15))[0]
            for spec_index in self._sample_specs(count):
                self._goal(client_id, household, spec_index, last_day, closed)

    def _sample_specs(self, count: int) -> list[int]:
        chosen: list[int] = []
        while len(chosen) < count:
            index = self.rng.choices(_GOAL_INDEXES, cum_weights=_GOAL_CUM_WEIGHTS)[0]
            if index not in chosen:
                chosen.append(index)
        return chosen

    def _goal(
        self, client_id: int, household: _Household, spec: int, last_day: date, closed: bool
    ) -> None:
        rng = self.rng
        text, pillar, steps = _GOAL_SPECS[spec]
        agreed = self.writer._between(household.opened_on, last_day)
        target = agreed + timedelta(days=rng.randint(60, 270)) if rng.random() < 0.8 else None
        age = (last_day - agreed).days
        status = GoalStatus.OPEN
        if closed:
            status = rng.choices(
                (GoalStatus.REACHED, GoalStatus.DROPPED, GoalStatus.CHANGED, GoalStatus.OPEN),
                weights=(55, 20, 10, 15),
            )[0]
        elif age > 60:
            status = rng.choices(
                (GoalStatus.OPEN, GoalStatus.REACHED, GoalStatus.CHANGED, GoalStatus.DROPPED),
                weights=(45, 38, 10, 7),
            )[0]
        changed_on = None
        note = ""
        if status != GoalStatus.OPEN:
            changed_on = self.writer._between(agreed + timedelta(days=min(age, 30)), last_day)
            notes = {
                GoalStatus.REACHED: _REACHED_NOTES,
                GoalStatus.CHANGED: _CHANGED_NOTES,
                GoalStatus.DROPPED: _DROPPED_NOTES,
            }[status]
            note = rng.choice(notes)
        goal_id = self._goal_id
        self._goal_id += 1
        self._goals.append(
            {
                "id": goal_id,
                "client_id": client_id,
                "text": text,
                "pillar": pillar.value,
                "agreed_on": agreed,
                "target_date": target,
                "status": status.value,
                "status_changed_on": changed_on,
                "status_note": note,
            }
        )
        count = rng.randint(2, len(steps))
        for task_text, actor in steps[:count]:
            self._task(client_id, goal_id, task_text, actor, agreed, status, changed_on, household)

    def _task(
        self,
        client_id: int,
        goal_id: int | None,
        text: str,
        actor: StepActor,
        created: date,
        goal_status: GoalStatus,
        goal_changed: date | None,
        household: _Household,
    ) -> None:
        rng = self.rng
        due = created + timedelta(days=rng.randint(7, 75))
        done_on: date | None = None
        if goal_status == GoalStatus.REACHED or (
            due < self.today and rng.random() < 0.7 and goal_status != GoalStatus.DROPPED
        ):
            done_on = min(self.writer._between(created, due), self.today)
            if goal_changed is not None:
                done_on = min(done_on, goal_changed)
        done_by: StepActor | None = None
        if done_on is not None:
            done_by = self._actor(actor, household, done_on)
        self._tasks.append(
            {
                "client_id": client_id,
                "goal_id": goal_id,
                "deadline_id": None,
                "text": text,
                "due_date": due,
                "intended_actor": actor,
                "done_by": done_by,
                "done_on": done_on,
                "created_on": created,
            }
        )

    def _actor(self, intended: StepActor, household: _Household, on: date) -> StepActor:
        """Mostly as planned; the longer the accompaniment runs, the more the client does alone."""
        rng = self.rng
        if rng.random() < 0.6:
            return intended
        months = max(0, (on - household.opened_on).days // 30)
        alone = min(0.7, 0.15 + 0.05 * months)
        return rng.choices(_ACTORS, weights=(alone, (1 - alone) * 0.6, (1 - alone) * 0.4))[0]

    def _applied_checklist(self, household: _Household) -> None:
        """The Kindergeld checklist applied three weeks ago, under its own goal, half done."""
        client_id = household.first_client_id
        agreed = max(household.opened_on, self.today - timedelta(days=21))
        goal_id = self._goal_id
        self._goal_id += 1
        self._goals.append(
            {
                "id": goal_id,
                "client_id": client_id,
                "text": _CHECKLIST_GOAL,
                "pillar": Pillar.SOCIAL.value,
                "agreed_on": agreed,
                "target_date": agreed + timedelta(days=90),
                "status": GoalStatus.OPEN.value,
                "status_changed_on": None,
                "status_note": "",
            }
        )
        template = DEFAULT_TEMPLATES[0]
        due = agreed + timedelta(days=28)
        for number, task in enumerate(template_tasks(template, due=due, goal_id=goal_id)):
            done_on = done_by = None
            if number < 3:
                done_on = min(agreed + timedelta(days=3 + 4 * number), self.today)
                done_by = task.intended_actor
            self._tasks.append(
                {
                    "client_id": client_id,
                    "goal_id": goal_id,
                    "deadline_id": None,
                    "text": task.text,
                    "due_date": task.due,
                    "intended_actor": task.intended_actor,
                    "done_by": done_by,
                    "done_on": done_on,
                    "created_on": agreed,
                }
            )

    def _volunteer_entries(self) -> list[dict[str, Any]]:
        """Team meetings most months, a training or two a year, now and then travel or other."""
        rng = self.rng
        rows: list[dict[str, Any]] = []
        start = self.today - timedelta(days=365)
        for guide in self.writer.guides:
            if not guide.active:
                continue
            for months_back in range(12):
                if rng.random() < 0.45:
                    first = self.today - timedelta(days=30 * months_back + 29)
                    day = self.writer._between(
                        max(first, start), self.today - timedelta(days=30 * months_back)
                    )
                    rows.append(
                        self._entry(guide.id, day, VolunteerActivity.TEAM_MEETING, (90, 120))
                    )
            for _ in range(rng.choices((0, 1, 2), weights=(30, 50, 20))[0]):
                day = self.writer._between(start, self.today)
                rows.append(
                    self._entry(guide.id, day, VolunteerActivity.TRAINING, (180, 240, 360, 480))
                )
                if rng.random() < 0.5:
                    rows.append(self._entry(guide.id, day, VolunteerActivity.TRAVEL, (30, 45, 60)))
            if rng.random() < 0.2:
                day = self.writer._between(start, self.today)
                rows.append(self._entry(guide.id, day, VolunteerActivity.OTHER, (60, 120, 180)))
        rows.sort(key=lambda row: (row["occurred_on"], row["guide_id"]))
        return rows

    def _entry(
        self, guide_id: int, day: date, kind: VolunteerActivity, minutes: Sequence[int]
    ) -> dict[str, Any]:
        rng = self.rng
        return {
            "guide_id": guide_id,
            "occurred_on": day,
            "minutes": rng.choice(minutes),
            "kind": kind.value,
            "note": rng.choice(_VOLUNTEER_NOTES[kind]),
            "created_at": datetime.combine(day, time(20, 0)),
        }


def write_demo_data(database: Database, options: DemoOptions) -> str:
    """Fill a (new) database with demo data; returns a short German summary."""
    today = options.today or date.today()
    at = (
        datetime.now().replace(microsecond=0)
        if options.today is None
        else datetime.combine(today, time(12, 0))
    )
    with database.session() as session:
        writer = _DemoWriter(session, options, today)
        writer.load_districts()
        writer.write_guides()
        writer.write_clients()
        writer.write_letters_and_deadlines()
        appointments = DemoAppointments(writer, load_demo_directory()).write()
        casework = _DemoCasework(writer).write()
        consents = writer.write_consents()
        writer.age_some_closed_cases()
        writer.write_audit(at)
        return (
            f"{writer.summary()}, {appointments.authorities} Stellen (fiktiv), "
            f"{appointments.appointments} Termine ({appointments.planned} geplant), "
            f"{appointments.contacts} Kontakte, {casework.goals} Ziele "
            f"({casework.reached} erreicht) mit {casework.tasks} Aufgaben, "
            f"{casework.volunteer_entries} Stundeneinträge, {consents} Einwilligungen"
        )

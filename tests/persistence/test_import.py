"""Client import from CSV and XLSX, against real SQLite files."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from lotsen_app.domain.clients import ClientInput
from lotsen_app.domain.enums import AssignmentRole, ClientStatus, FormOfAddress, Gender
from lotsen_app.domain.errors import DomainError
from lotsen_app.domain.guides import GuideInput
from lotsen_app.persistence.database import Database, count_rows, create_database
from lotsen_app.persistence.models import AuditEntry
from lotsen_app.services.clients import ClientService
from lotsen_app.services.guides import GuideService
from lotsen_app.services.importer import ImportService, parse_mapping_args

TODAY = datetime(2025, 6, 2, 10, 30)
HEADER = "Vorname;Nachname;Geburtsdatum"


def fixed_clock() -> datetime:
    return TODAY


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = create_database(tmp_path / "x.db")
    yield database
    database.close()


@pytest.fixture
def importer(db: Database) -> ImportService:
    return ImportService(db, clock=fixed_clock)


def write_csv(path: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def clients(db: Database) -> int:
    return count_rows(db, "client")


def audit(db: Database) -> list[AuditEntry]:
    with db.session() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == "importiert")))


def by_name(db: Database) -> dict[str, int]:
    return {f"{r.given_name} {r.family_name}": r.id for r in ClientService(db).list_rows()}


def add_guide(db: Database, given: str, family: str, *, active: bool = True) -> int:
    return GuideService(db, fixed_clock).create(GuideInput(given, family, active=active))


# --- good files ---------------------------------------------------------------------------


def test_good_csv_with_german_headers_in_cp1252(
    db: Database, importer: ImportService, tmp_path: Path
) -> None:
    guide_id = add_guide(db, "Maria", "Schmidt")
    path = write_csv(
        tmp_path / "liste.csv",
        [
            "Anrede;Vorname;Familienname;Geb.;Geschlecht;Tel.;E-Mail;Straße;PLZ;Wohnort;"
            "Ortsteil;Sprachen;Bevorzugte Sprache;Dolmetscher;Jahr der Ankunft;Stärken;Ziele;"
            "Lotse:in;Status;Aufnahme;Bemerkung",
            "Herr;Jörg;Müller;07.03.1985;männlich;0203 123456;jm@example.org;Hauptstraße 1;"
            "47051;Duisburg;Hochfeld;Türkisch, Deutsch;Türkisch;ja;2016;Kocht gern;"
            "Führerschein;Maria Schmidt;aktiv;01.02.2024;kennt Frau X",
            "Frau;Françoise;Lefèvre;1990;w;-;;;;;;fr/de;;nein;;;;Schmidt;pausiert;2024-03-15;",
            ";Ömer;Öztürk;;k.A.;;;;;;MARXLOH;Kurdisch (Kurmandschi);; x;;;;;;;",
        ],
        encoding="cp1252",
    )

    result = importer.import_file(path)

    assert result.ok
    assert result.imported == 3
    assert result.report_lines() == [
        "Nicht übernommene Spalten: „Bemerkung“.",
        "3 Klient:innen übernommen.",
    ]
    ids = by_name(db)
    service = ClientService(db, fixed_clock)

    joerg = service.get(ids["Jörg Müller"])
    assert joerg.data.form_of_address == FormOfAddress.HERR
    assert joerg.data.birth_date == date(1985, 3, 7)
    assert joerg.data.birth_year == 1985
    assert joerg.data.gender == Gender.MALE
    assert joerg.data.phone == "0203 123456"
    assert joerg.data.street == "Hauptstraße 1"
    assert joerg.data.postal_code == "47051"
    assert joerg.data.languages == ("tr", "de")
    assert joerg.data.preferred_language == "tr"
    assert joerg.data.interpreter_needed is True
    assert joerg.data.arrival_year == 2016
    assert joerg.data.strengths == "Kocht gern"
    assert joerg.data.goals_own_words == "Führerschein"
    assert joerg.opened_on == date(2024, 2, 1)
    assert joerg.status == ClientStatus.ACTIVE
    assert [(a.guide_id, a.role, a.start_date) for a in joerg.assignments] == [
        (guide_id, AssignmentRole.LEAD, date(2024, 2, 1))
    ]

    francoise = service.get(ids["Françoise Lefèvre"])
    assert francoise.data.birth_date is None
    assert francoise.data.birth_year == 1990
    assert francoise.data.gender == Gender.FEMALE
    assert francoise.data.languages == ("fr", "de")
    assert francoise.data.phone == ""
    assert francoise.data.preferred_language == "de"
    assert francoise.status == ClientStatus.PAUSED
    assert francoise.status_since == TODAY.date()
    assert [h.status for h in francoise.history] == [ClientStatus.ACTIVE, ClientStatus.PAUSED]

    oemer = service.get(ids["Ömer Öztürk"])
    assert oemer.data.gender == Gender.NOT_STATED
    assert oemer.data.languages == ("ku",)
    assert oemer.data.interpreter_needed is True
    assert oemer.opened_on == TODAY.date()
    assert not oemer.assignments
    rows = {row.id: row for row in ClientService(db).list_rows()}
    assert rows[ids["Ömer Öztürk"]].district == "Marxloh"
    assert rows[ids["Jörg Müller"]].lead_guide == "Maria Schmidt"

    entries = audit(db)
    assert [(e.entity, e.entity_id, e.detail) for e in entries] == [
        ("client", None, "3 Klient:innen")
    ]


def test_utf8_with_bom_comma_tab_and_sep_line(importer: ImportService, tmp_path: Path) -> None:
    comma = tmp_path / "komma.csv"
    comma.write_bytes('\ufeffVorname,Nachname,Stärken\nAyşe,Yılmaz,"Nähen, Kochen"\n'.encode())
    tab = write_csv(tmp_path / "tab.txt", ["Vorname\tNachname", "Иван\tПетров"])
    sep = write_csv(tmp_path / "sep.csv", ["sep=,", "Vorname,Nachname", "Lena,Schulz"])

    assert importer.import_file(comma).imported == 1
    assert importer.import_file(tab).imported == 1
    result = importer.import_file(sep)
    assert result.imported == 1
    assert result.report_lines() == ["1 Klient:in übernommen."]
    names = set(by_name(importer.database))
    assert names == {"Ayşe Yılmaz", "Иван Петров", "Lena Schulz"}


def test_xlsx_with_date_cells_numbers_and_booleans(
    db: Database, importer: ImportService, tmp_path: Path
) -> None:
    path = tmp_path / "liste.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Nachname", "Vorname", "Geburtsdatum", "PLZ", "Einreisejahr", "Dolmetscher"])
    sheet.append(["Kaya", "Elif", datetime(1979, 12, 24), 47169, 2015, True])
    sheet.append([None, None, None, None, None, None])
    sheet.append(["Nowak", "Piotr", date(2001, 1, 31), "47051", "2019", False])
    sheet.append(["Petrenko", "Olena", datetime(2031, 1, 1), None, None, None])
    sheet["G1"] = "Beginn"
    sheet["G2"] = date(2024, 11, 4)
    workbook.save(path)

    result = importer.import_file(path, all_or_nothing=False)

    assert result.imported == 2
    assert result.report_lines() == [
        "Zeile 5: Geburtsdatum „01.01.2031“: Das Geburtsdatum liegt in der Zukunft.",
        "2 Klient:innen übernommen, 1 Zeile abgelehnt.",
    ]
    ids = by_name(db)
    elif_ = ClientService(db).get(ids["Elif Kaya"])
    assert elif_.data.birth_date == date(1979, 12, 24)
    assert elif_.data.postal_code == "47169"
    assert elif_.data.arrival_year == 2015
    assert elif_.data.interpreter_needed is True
    assert elif_.opened_on == date(2024, 11, 4)
    piotr = ClientService(db).get(ids["Piotr Nowak"])
    assert piotr.data.birth_date == date(2001, 1, 31)
    assert piotr.data.interpreter_needed is False


def test_closed_case_with_former_guide(
    db: Database, importer: ImportService, tmp_path: Path
) -> None:
    guide_id = add_guide(db, "Hans", "Becker", active=False)
    path = write_csv(
        tmp_path / "alt.csv",
        [
            "Vorname;Nachname;Lotse;Status;Beginn",
            "Sara;Haddad;Hans Becker;abgeschlossen;01.01.2023",
        ],
    )

    assert importer.import_file(path).ok
    details = ClientService(db).get(by_name(db)["Sara Haddad"])
    assert details.status == ClientStatus.CLOSED
    assert details.closed_on == TODAY.date()
    assert [(a.guide_id, a.start_date, a.end_date) for a in details.assignments] == [
        (guide_id, date(2023, 1, 1), TODAY.date())
    ]


def test_title_rows_above_the_header_are_skipped(importer: ImportService, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "a.csv",
        [
            "Klientenliste Hochfeld;;",
            "Stand: Mai 2025;;",
            HEADER,
            "---;---;---",
            "Eva;Klein;1970",
            "Ben;Kurz;1.13.1990",
        ],
    )

    result = importer.import_file(path, all_or_nothing=False)

    assert result.imported == 1
    assert result.report_lines() == [
        "Zeile 6: Geburtsdatum „1.13.1990“: Den Tag gibt es nicht.",
        "1 Klient:in übernommen, 1 Zeile abgelehnt.",
    ]


# --- mapping --------------------------------------------------------------------------------


def test_mapping_overrides_default_headers(
    db: Database, importer: ImportService, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "vertauscht.csv",
        ["Vorname;Name;Kontakt;Tel.", "Demir;Zeynep;0170 1234567;nicht diese"],
    )

    mapping = parse_mapping_args(["Name=given_name", "vorname=Nachname", "Kontakt=phone", "Tel.="])
    result = importer.import_file(path, mapping=mapping)

    assert result.ok, result.report_lines()
    assert result.ignored_columns == ["Tel."]
    details = ClientService(db).get(by_name(db)["Zeynep Demir"])
    assert details.data.phone == "0170 1234567"


def test_parse_mapping_args() -> None:
    assert parse_mapping_args([" Name = family_name", "Tel.=Telefon", "Geb.=birth_year"]) == {
        "Name": "family_name",
        "Tel.": "phone",
        "Geb.": "birth",
    }
    assert parse_mapping_args(["Bemerkung="]) == {"Bemerkung": ""}
    with pytest.raises(DomainError, match="SPALTE=FELD"):
        parse_mapping_args(["Name"])
    with pytest.raises(DomainError, match="SPALTE=FELD"):
        parse_mapping_args(["=family_name"])
    with pytest.raises(DomainError, match="Das Feld „nationality“ gibt es nicht"):
        parse_mapping_args(["Herkunft=nationality"])


def test_mapping_of_a_column_that_is_not_in_the_file(
    importer: ImportService, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "a.csv", [HEADER, "Eva;Klein;"])
    with pytest.raises(DomainError, match=r"„Handy“.*Gefundene Spalten: „Vorname“"):
        importer.import_file(path, mapping={"Handy": "phone"})


def test_missing_name_column_refuses_the_whole_file(
    db: Database, importer: ImportService, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "a.csv", ["Name;Telefon;Notiz", "Klein;0203 1;"])
    with pytest.raises(DomainError) as caught:
        importer.import_file(path)
    message = str(caught.value)
    assert "„Vorname“" in message
    assert "Gefundene Spalten: „Name“, „Telefon“, „Notiz“." in message
    assert clients(db) == 0


# --- rejected rows --------------------------------------------------------------------------


def test_bad_and_future_dates_are_reported_with_spreadsheet_row_numbers(
    db: Database, importer: ImportService, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "a.csv",
        [
            "Vorname;Nachname;Geburtsdatum;Beginn;Einreisejahr",
            "Eva;Klein;01.01.1970;;",
            ";;;;",
            "Jonas;Groß;31.02.1980;;",
            "Mia;Wolf;gestern;;",
            "Lina;Berg;15.08.2030;;",
            "Tom;Hahn;1988;01.07.2025;",
            "Ali;Rahimi;1988;;um 2015",
            ";Ohnevorname;;;",
        ],
    )

    result = importer.import_file(path)

    assert not result.ok
    assert result.imported == 0
    assert result.report_lines() == [
        "Zeile 4: Geburtsdatum „31.02.1980“: Den Tag gibt es nicht.",
        "Zeile 5: Geburtsdatum „gestern“: Das ist kein Datum "
        "(Beispiel: 07.03.1985 oder nur das Jahr 1985).",
        "Zeile 6: Geburtsdatum „15.08.2030“: Das Geburtsdatum liegt in der Zukunft.",
        "Zeile 7: Beginn „01.07.2025“: Der Beginn der Begleitung liegt in der Zukunft.",
        "Zeile 8: Jahr der Ankunft „um 2015“: Bitte eine Jahreszahl angeben (Beispiel: 2016).",
        "Zeile 9: Bitte einen Vornamen eingeben.",
        "Nichts übernommen: 6 Zeilen von 7 abgelehnt. Bitte korrigieren und die Datei erneut "
        "importieren oder nur die gültigen Zeilen übernehmen (Teilimport, Kommandozeile: "
        "--partial).",
    ]
    assert clients(db) == 0


def test_duplicates_within_the_file_and_against_the_database(
    db: Database, importer: ImportService, tmp_path: Path
) -> None:
    existing = ClientService(db, fixed_clock).create(ClientInput("Ivan", "Petrov", birth_year=1975))
    path = write_csv(
        tmp_path / "a.csv",
        [
            HEADER,
            "Jörg;Müller;1960",
            "Mueller;Joerg;1960",  # swapped and spelled out: same person
            "Jörg;Müller;1999",  # another birth year: another person
            "Iwan;Petrow;1975",  # transliterated, same birth year: matches the database
            "Ivan;Petrov;1980",  # contradicting birth year: not the one in the database
        ],
    )

    result = importer.import_file(path, all_or_nothing=False)

    assert [line for line in result.report_lines() if line.startswith("Zeile")] == [
        "Zeile 3: Doppelt: dieselbe Person steht schon in Zeile 2.",
        f"Zeile 5: Diese Person ist bereits in der Datenbank (Nr. {existing}).",
    ]
    assert result.imported == 3
    assert clients(db) == 4


def test_all_or_nothing_leaves_the_database_unchanged(
    db: Database, importer: ImportService, tmp_path: Path
) -> None:
    ClientService(db, fixed_clock).create(ClientInput("Eva", "Klein"))
    before = clients(db)
    path = write_csv(
        tmp_path / "a.csv", [HEADER, "Anna;Roth;1980", "Ben;Kurz;32.01.1990", "Cem;Acar;1991"]
    )

    result = importer.import_file(path)

    assert (result.ok, result.imported) == (False, 0)
    assert clients(db) == before
    assert count_rows(db, "client_status_change") == before
    assert audit(db) == []

    partial = importer.import_file(path, all_or_nothing=False)
    assert (partial.ok, partial.imported) == (False, 2)
    assert [r.row for r in partial.rejected] == [3]
    assert clients(db) == before + 2
    assert set(by_name(db)) == {"Eva Klein", "Anna Roth", "Cem Acar"}
    assert [e.detail for e in audit(db)] == ["2 Klient:innen"]


def test_unknown_district_and_guides(db: Database, importer: ImportService, tmp_path: Path) -> None:
    add_guide(db, "Maria", "Schmidt")
    add_guide(db, "Peter", "Schmidt")
    add_guide(db, "Hans", "Becker", active=False)
    path = write_csv(
        tmp_path / "a.csv",
        [
            "Vorname;Nachname;Stadtteil;Lotsin",
            "Anna;Roth;Hochfld;",
            "Ben;Kurz;Atlantis;",
            "Cem;Acar;hochheide;Niemand",
            "Dana;Vogel;;Schmidt",
            "Emil;Sauer;;Hans Becker",
            "Frieda;Lang;Neudorf-Nord;peter schmidt",
        ],
    )

    result = importer.import_file(path, all_or_nothing=False)

    assert result.report_lines() == [
        "Zeile 2: Stadtteil „Hochfld“: Unbekannter Stadtteil (nicht in der Liste der "
        "Stadtteile). Gemeint ist vielleicht „Hochfeld“.",
        "Zeile 3: Stadtteil „Atlantis“: Unbekannter Stadtteil (nicht in der Liste der Stadtteile).",
        "Zeile 4: Lotse/Lotsin „Niemand“: Diese Person ist nicht als Lotse/Lotsin erfasst.",
        "Zeile 5: Lotse/Lotsin „Schmidt“: Der Name passt auf 2 Lotsen/Lotsinnen. "
        "Bitte Vor- und Nachnamen angeben.",
        "Zeile 6: Lotse/Lotsin „Hans Becker“: Diese Person ist nicht mehr als Lotse/Lotsin aktiv.",
        "1 Klient:in übernommen, 5 Zeilen abgelehnt.",
    ]
    [row] = ClientService(db).list_rows()
    assert (row.district, row.lead_guide) == ("Neudorf-Nord", "Peter Schmidt")


def test_unknown_values_and_overlong_text(importer: ImportService, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "a.csv",
        [
            "Vorname;Nachname;Geschlecht;Sprachen;Dolmetscher;Stärken",
            "Anna;Roth;vielleicht;Deutsch, Klingonisch;ja;",
            "Ben;Kurz;m;;manchmal;" + "x" * 100_000,
        ],
    )

    result = importer.import_file(path)

    lines = result.report_lines()
    assert lines[0] == (
        "Zeile 2: Geschlecht „vielleicht“: Unbekannter Wert. Bitte w, m, d oder k. A. "
        "(weiblich, männlich, divers, keine Angabe). Sprachen „Deutsch, Klingonisch“: "
        "Unbekannte Sprache „Klingonisch“."
    )
    assert lines[1].startswith("Zeile 3: Dolmetscher „manchmal“: Unbekannter Wert.")
    assert "Bitte höchstens 4000 Zeichen." in lines[1]
    assert len(lines[1]) < 300


# --- files that cannot be used --------------------------------------------------------------


def test_junk_binary_csv_is_refused_quickly(
    db: Database, importer: ImportService, tmp_path: Path
) -> None:
    path = tmp_path / "liste.csv"
    path.write_bytes(os.urandom(20 * 1024 * 1024))
    started = time.perf_counter()
    with pytest.raises(DomainError, match="keine Tabelle im CSV-Format"):
        importer.import_file(path)
    assert time.perf_counter() - started < 5
    assert clients(db) == 0


def test_junk_without_nul_bytes_is_refused(importer: ImportService, tmp_path: Path) -> None:
    path = tmp_path / "liste.csv"
    path.write_bytes(bytes(range(1, 32)) * 1000)
    with pytest.raises(DomainError, match="Binärdaten"):
        importer.import_file(path)


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (os.urandom(2 * 1024 * 1024), "liste.xlsx"),
        (b"Vorname;Nachname\nEva;Klein\n", "liste.xlsx"),
        (b"PK\x03\x04" + os.urandom(4096), "liste.xlsx"),
    ],
    ids=["random-bytes", "renamed-csv", "broken-zip"],
)
def test_junk_xlsx_is_refused_cleanly(
    importer: ImportService, tmp_path: Path, content: bytes, name: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    started = time.perf_counter()
    with pytest.raises(DomainError, match="keine gültige Excel-Datei"):
        importer.import_file(path)
    assert time.perf_counter() - started < 5


def test_zip_that_is_not_a_workbook_is_refused(importer: ImportService, tmp_path: Path) -> None:
    path = tmp_path / "liste.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "kein Excel")
        archive.writestr("xl/workbook.xml", "<kaputt")
    with pytest.raises(DomainError, match="keine gültige Excel-Datei"):
        importer.import_file(path)


def test_old_excel_format_is_named(importer: ImportService, tmp_path: Path) -> None:
    path = tmp_path / "liste.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024))
    with pytest.raises(DomainError, match=r"alten Excel-Format \(\.xls\)"):
        importer.import_file(path)


def test_empty_files(importer: ImportService, tmp_path: Path) -> None:
    empty = tmp_path / "leer.csv"
    empty.write_bytes(b"")
    with pytest.raises(DomainError, match="ist leer"):
        importer.import_file(empty)

    blank = write_csv(tmp_path / "blank.csv", ["", " ;; ", ""])
    with pytest.raises(DomainError, match="keine Überschriftenzeile"):
        importer.import_file(blank)

    header_only = write_csv(tmp_path / "kopf.csv", [HEADER])
    result = importer.import_file(header_only)
    assert result.ok
    assert result.report_lines() == ["Die Datei enthält keine Datenzeilen. Nichts übernommen."]

    with pytest.raises(DomainError, match="gibt es nicht"):
        importer.import_file(tmp_path / "fehlt.csv")


def test_gigantic_field_is_refused_cleanly(
    db: Database, importer: ImportService, tmp_path: Path
) -> None:
    path = tmp_path / "riesig.csv"
    path.write_text(f'{HEADER}\nEva;Klein;1970\nAnna;"{"x" * 2_000_000};1980\n', encoding="utf-8")
    with pytest.raises(DomainError, match="Zeile 3 enthält ein Feld mit mehr als") as caught:
        importer.import_file(path)
    assert len(str(caught.value)) < 300
    assert clients(db) == 0


def test_too_large_and_too_long_files_are_refused(importer: ImportService, tmp_path: Path) -> None:
    large = tmp_path / "gross.csv"
    with large.open("wb") as handle:
        handle.truncate(51 * 1024 * 1024)  # sparse: costs no disk space
    with pytest.raises(DomainError, match="zu groß"):
        importer.import_file(large)

    long = tmp_path / "lang.csv"
    long.write_text(HEADER + "\n" + "A;B;1970\n" * 100_001, encoding="utf-8")
    with pytest.raises(DomainError, match=r"mehr als 100\.000 Zeilen"):
        importer.import_file(long)


# --- the command line -----------------------------------------------------------------------


def test_command_line_import(db: Database, tmp_path: Path) -> None:
    good = write_csv(tmp_path / "gut.csv", [HEADER, "Eva;Klein;1970", "Anna;Roth;05.05.1980"])
    bad = write_csv(tmp_path / "schlecht.csv", [HEADER, "Ben;Kurz;1990", "Cem;Acar;31.04.1990"])
    db.close()

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "lotsen_app", "import", "--db", str(db.path), *args]
        env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
        env.pop("LOTSEN_PASSWORD", None)
        return subprocess.run(
            command, capture_output=True, text=True, encoding="utf-8", env=env, timeout=60
        )

    refused = run(str(bad))
    assert refused.returncode == 1, refused.stderr
    assert "Zeile 3: Geburtsdatum „31.04.1990“: Den Tag gibt es nicht." in refused.stdout
    assert "Nichts übernommen" in refused.stdout

    imported = run(str(good), "--mapping", "Geburtsdatum=birth")
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.strip().splitlines()[-1] == "2 Klient:innen übernommen."
    assert count_rows(db, "client") == 2

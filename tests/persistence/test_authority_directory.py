"""The authority directory as CSV: export, import, re-import without duplicates, the demo file."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import time
from pathlib import Path

import pytest

from lotsen_app.domain.appointments import AuthorityData, OpeningHours
from lotsen_app.domain.enums import AuthorityKind
from lotsen_app.domain.errors import DomainError
from lotsen_app.persistence.database import create_database
from lotsen_app.services.authority_directory import (
    HEADERS,
    MAX_FILE_BYTES,
    demo_directory_path,
    load_demo_directory,
    parse_day,
)
from lotsen_app.services.container import Services
from tests.conftest import fixed_clock

JOBCENTER = AuthorityData(
    name="Jobcenter Süd",
    kind=AuthorityKind.JOBCENTER,
    street="Musterstraße 1",
    postal_code="47051",
    city="Duisburg",
    department="Leistungsabteilung",
    room="E.12",
    phone="+49 203 000000-20",
    email="jobcenter@example.org",
    opening_hours=OpeningHours.parse("Mo-Fr 08:00-12:30; Do 14:00-17:00"),
    booking_info="Termin telefonisch; Eingangszone ohne Termin.",
    usual_documents="Personalausweis\nKontoauszüge der letzten 3 Monate\nMietvertrag",
)
FAMILIENKASSE = AuthorityData(
    name="Familienkasse (Beispiel)",
    kind=AuthorityKind.FAMILIENKASSE,
    street="Beispielweg 2",
    postal_code="47057",
    city="Duisburg",
    opening_hours=OpeningHours.parse("Do 08:00-18:00"),
    usual_documents="Geburtsurkunden der Kinder\nSteuer-ID",
    is_fictitious=True,
)
ARZT = AuthorityData(
    name="Kinderärztin Dr. Öztürk",
    kind=AuthorityKind.ARZT_KLINIK,
    street="Erfundene Allee 3",
    postal_code="47166",
    city="Duisburg",
    state="NW",
)


def _without_ids(rows: list[AuthorityData]) -> list[AuthorityData]:
    return sorted((replace(row, id=None) for row in rows), key=lambda r: r.name)


def _fresh_services(path: Path) -> Services:
    return Services.build(create_database(path), fixed_clock)


def _write(path: Path, lines: list[str], encoding: str = "utf-8-sig") -> Path:
    path.write_text("\r\n".join(lines) + "\r\n", encoding=encoding)
    return path


def _records(path: Path) -> list[dict[str, str]]:
    text = path.read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


def test_export_then_import_into_a_fresh_database_gives_the_same_directory(
    services: Services, tmp_path: Path
) -> None:
    for data in (JOBCENTER, FAMILIENKASSE, ARZT):
        services.authorities.save(data)
    target = tmp_path / "Verzeichnis.csv"

    assert services.authorities.export_csv(target) == 3

    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel shows the umlauts
    assert raw[3:].split(b"\r\n")[0].decode() == ";".join(HEADERS)
    assert not [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"]
    records = {r["Name"]: r for r in _records(target)}
    assert records["Jobcenter Süd"]["Do"] == "08:00-12:30, 14:00-17:00"
    assert records["Jobcenter Süd"]["Sa"] == ""
    assert records["Jobcenter Süd"]["Art"] == "Jobcenter"
    assert records["Jobcenter Süd"]["Unterlagen"] == (
        "Personalausweis | Kontoauszüge der letzten 3 Monate | Mietvertrag"
    )
    # A leading + would make Excel read the phone number as a formula.
    assert records["Jobcenter Süd"]["Telefon"] == "'+49 203 000000-20"
    assert records["Familienkasse (Beispiel)"]["Fiktiv"] == "ja"
    assert records["Jobcenter Süd"]["Schlüssel"]

    other = _fresh_services(tmp_path / "other" / "lotsen.db")
    try:
        result = other.authorities.import_csv(target)
        assert (result.created, result.updated, result.unchanged, result.errors) == (3, 0, 0, ())
        assert _without_ids(other.authorities.rows()) == _without_ids(services.authorities.rows())
        imported = next(r for r in other.authorities.rows() if r.name == "Jobcenter Süd")
        assert imported.phone == "+49 203 000000-20"
        assert imported.opening_hours.days[3] == (
            (time(8), time(12, 30)),
            (time(14), time(17)),
        )
    finally:
        other.database.close()


def test_reimporting_the_same_file_creates_nothing(services: Services, tmp_path: Path) -> None:
    for data in (JOBCENTER, FAMILIENKASSE, ARZT):
        services.authorities.save(data)
    target = tmp_path / "Verzeichnis.csv"
    services.authorities.export_csv(target)
    before = services.authorities.rows()

    result = services.authorities.import_csv(target)
    again = services.authorities.import_csv(target)

    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert services.authorities.rows() == before
    assert result.summary() == "Verzeichnis übernommen: 0 neu, 0 aktualisiert, 3 unverändert."


def test_an_updated_file_updates_and_adds_without_duplicates(
    services: Services, tmp_path: Path
) -> None:
    """The coordinator changes a phone number and adds one entry; the guide imports it."""
    coordinator = _fresh_services(tmp_path / "coordinator" / "lotsen.db")
    try:
        for data in (JOBCENTER, FAMILIENKASSE):
            coordinator.authorities.save(data)
        first = tmp_path / "Verzeichnis-1.csv"
        coordinator.authorities.export_csv(first)
        assert services.authorities.import_csv(first).created == 2

        jobcenter = next(r for r in coordinator.authorities.rows() if r.kind == JOBCENTER.kind)
        coordinator.authorities.save(replace(jobcenter, phone="0203 000000-99", name="Jobcenter"))
        coordinator.authorities.save(ARZT)
        second = tmp_path / "Verzeichnis-2.csv"
        coordinator.authorities.export_csv(second)
    finally:
        coordinator.database.close()

    result = services.authorities.import_csv(second)

    assert (result.created, result.updated, result.unchanged) == (1, 1, 1)
    rows = services.authorities.rows()
    assert sorted(r.name for r in rows) == [
        "Familienkasse (Beispiel)",
        "Jobcenter",
        "Kinderärztin Dr. Öztürk",
    ]
    renamed = next(r for r in rows if r.kind == AuthorityKind.JOBCENTER)
    assert renamed.phone == "0203 000000-99"  # matched by Schlüssel although the name changed
    assert renamed.external_key == jobcenter.external_key


def test_a_file_without_keys_matches_by_name_street_and_postal_code(
    services: Services, tmp_path: Path
) -> None:
    """A hand-made file from Excel with commas, no Schlüssel, other column order."""
    existing = services.authorities.save(JOBCENTER)
    key = services.authorities.get(existing).external_key
    lines = [
        "Name,Straße,PLZ,Ort,Telefon,Art,Montag",
        'JOBCENTER süd,Musterstr. 1,47051,Duisburg,0203 000000-21,jobcenter,"08:00-12:00"',
        "Sozialamt,Beispielplatz 4,47051,Duisburg,,Sozialamt,",
    ]
    path = _write(tmp_path / "liste.csv", lines)

    result = services.authorities.import_csv(path)
    again = services.authorities.import_csv(path)

    assert (result.created, result.updated, result.unchanged) == (1, 1, 0)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    rows = services.authorities.rows()
    assert len(rows) == 2
    jobcenter = services.authorities.get(existing)
    assert jobcenter.name == "JOBCENTER süd"
    assert jobcenter.phone == "0203 000000-21"
    assert jobcenter.external_key == key
    assert jobcenter.opening_hours.text() == "Mo 08:00-12:00"
    sozialamt = next(r for r in rows if r.id != existing)
    assert sozialamt.kind == AuthorityKind.SOZIALAMT
    assert len(sozialamt.external_key) == 12  # new entries get a key for later imports


def test_a_bad_row_writes_nothing_and_names_the_row(services: Services, tmp_path: Path) -> None:
    services.authorities.save(JOBCENTER)
    before = services.authorities.rows()
    header = ";".join(HEADERS)
    good = ";Sozialamt (Beispiel);Sozialamt;Musterplatz 4;47051;Duisburg" + ";" * 15 + "nein"
    lines = [
        header,
        good,
        ";Bürgeramt;Bürgeramt;Musterstraße 5;4705;Duisburg;;;;;8 bis 12" + ";" * 10 + "ja",
        ";;Bank" + ";" * 18,
        ";Gericht;Gerichtshof" + ";" * 18,
    ]
    path = _write(tmp_path / "fehler.csv", lines)

    result = services.authorities.import_csv(path)

    assert not result.ok
    assert (result.created, result.updated, result.unchanged) == (0, 0, 0)
    assert "Zeile 3, Spalte „PLZ“: Die Postleitzahl hat fünf Ziffern." in result.errors
    assert any(
        e.startswith("Zeile 3, Spalte „Mo“: „Mo 8 bis 12“: bitte Zeiten wie") for e in result.errors
    )
    assert "Zeile 4, Spalte „Name“: Bitte den Namen der Stelle eingeben." in result.errors
    assert any(
        e.startswith("Zeile 5, Spalte „Art“: „Gerichtshof“ ist keine bekannte Art.")
        for e in result.errors
    )
    assert result.summary().startswith("Nichts übernommen: 4 Fehler in 3 Zeilen.")
    assert services.authorities.rows() == before  # the good row was not written either


def test_the_same_key_twice_in_a_file_is_an_error(services: Services, tmp_path: Path) -> None:
    lines = [
        "Schlüssel;Name",
        "abc;Jobcenter",
        "abc;Sozialamt",
    ]
    result = services.authorities.import_csv(_write(tmp_path / "doppelt.csv", lines))
    assert result.errors == (
        "Zeile 3, Spalte „Schlüssel“: „abc“ steht schon in Zeile 2. "
        "Jeder Schlüssel darf nur einmal vorkommen.",
    )
    assert services.authorities.rows() == []


def test_excel_files_in_windows_1252_with_a_sep_line_are_read(
    services: Services, tmp_path: Path
) -> None:
    lines = [
        "sep=;",
        "Name;Art;Straße;Fiktiv;Unterlagen;Bemerkung",
        "Bürgeramt Süd;Bürgeramt;Weg 1;x;A|B;egal",
    ]
    result = services.authorities.import_csv(_write(tmp_path / "excel.csv", lines, "cp1252"))
    assert result.ok and result.created == 1
    assert result.ignored_columns == ("Bemerkung",)
    (row,) = services.authorities.rows()
    assert (row.name, row.street, row.is_fictitious, row.documents) == (
        "Bürgeramt Süd",
        "Weg 1",
        True,
        ["A", "B"],
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "Binärdaten"),
        (b"Titel;Adresse\nJobcenter;Weg 1\n", "die Spalte „Name“ fehlt"),
        (b"Vorname;Name;Geburtsdatum\nAli;Hassan;01.02.1990\n", "Liste von Personen"),
        (b"", "ist leer"),
    ],
)
def test_junk_files_are_refused_with_a_german_message(
    services: Services, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "junk.csv"
    path.write_bytes(content)
    with pytest.raises(DomainError, match=message):
        services.authorities.import_csv(path)
    assert services.authorities.rows() == []


def test_a_file_over_five_megabytes_is_refused(services: Services, tmp_path: Path) -> None:
    path = tmp_path / "gross.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("Name\n")
        handle.write(("Jobcenter\n") * (MAX_FILE_BYTES // 10 + 1))
    with pytest.raises(DomainError, match="zu groß"):
        services.authorities.import_csv(path)


def test_export_replaces_an_existing_file_and_leaves_no_temporary_file(
    services: Services, tmp_path: Path
) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    target = folder / "Verzeichnis.csv"
    target.write_text("alt", encoding="utf-8")
    services.authorities.save(ARZT)

    services.authorities.export_csv(target)

    assert [p.name for p in folder.iterdir()] == ["Verzeichnis.csv"]
    assert [r["Name"] for r in _records(target)] == ["Kinderärztin Dr. Öztürk"]
    with pytest.raises(DomainError, match="kann nicht geschrieben werden"):
        services.authorities.export_csv(tmp_path / "fehlt" / "Verzeichnis.csv")


def test_the_demo_directory_is_fictitious_and_covers_every_kind(
    services: Services, tmp_path: Path
) -> None:
    rows = load_demo_directory()

    assert 12 <= len(rows) <= 20
    assert all(row.is_fictitious for row in rows)
    assert all("(Beispiel)" in row.name for row in rows)
    assert {row.kind for row in rows} == set(AuthorityKind)
    assert all(row.email.endswith("@example.org") for row in rows if row.email)
    # A German subscriber number never starts with 0: these cannot be dialled.
    assert all(row.phone.startswith("0203 000000-") for row in rows)
    assert all(row.city == "Duisburg" and row.state == "NW" for row in rows)
    assert all(row.opening_hours.known and row.documents for row in rows)
    assert len({row.external_key for row in rows}) == len(rows)

    # The shipped file is in exactly the import format: it imports, and re-imports unchanged.
    result = services.authorities.import_csv(demo_directory_path())
    assert (result.created, result.errors, result.ignored_columns) == (len(rows), (), ())
    assert services.authorities.import_csv(demo_directory_path()).unchanged == len(rows)
    exported = tmp_path / "demo.csv"
    services.authorities.export_csv(exported)
    assert sorted(_records(exported), key=lambda r: r["Schlüssel"]) == sorted(
        _records(demo_directory_path()), key=lambda r: r["Schlüssel"]
    )


def test_a_weekday_cell_may_repeat_its_day_and_lists_ranges_with_commas_or_lines() -> None:
    assert parse_day(0, "Montag: 8:00-12:00") == ((time(8), time(12)),)
    assert parse_day(1, "Di 08:00-12:00\n14:00-15:30 Uhr") == (
        (time(8), time(12)),
        (time(14), time(15, 30)),
    )
    assert parse_day(5, "geschlossen") == parse_day(5, "") == ()

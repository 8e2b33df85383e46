"""The monthly summary as files (JSON, CSV, XLSX) and a guide's report file. Pure: data in,
bytes out. Never a name, birth date, address, phone or note: a ``Summary`` holds none, and a
report file holds clients only as pseudonyms with their counted attributes.

``summary_tables`` computes the tables once; XLSX, CSV and (later) the PDF and the Berichte
view show the same cells. Unless ``exact``, counts from 1 to 4 show as "<5".
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from lotsen_app.domain.casework import SelfHelpCounts, format_hours
from lotsen_app.domain.enums import StepActor
from lotsen_app.domain.errors import DomainError, ValidationError
from lotsen_app.domain.summary import (
    SUPPRESSED,
    AgeBand,
    Breakdown,
    ClientRecord,
    FunderAgeBand,
    GuideReport,
    Period,
    Summary,
    key_fingerprint,
    share_shown,
    shown,
)

Cell = int | float | str

SUMMARY_FORMAT = "lotsen-monatsuebersicht"
SUMMARY_VERSION = 1
REPORT_FORMAT = "lotsen-lotsenbericht"
REPORT_VERSION = 1
REPORT_SUFFIX = ".lotsenbericht.json"


@dataclass(frozen=True)
class Table:
    """One table of the summary: a sheet in XLSX, a section in CSV, a table in the PDF."""

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    explanation: str = ""


def _breakdown_rows(breakdown: Breakdown, exact: bool) -> tuple[tuple[Cell, ...], ...]:
    rows: list[tuple[Cell, ...]] = [(row.label, shown(row.count, exact)) for row in breakdown.rows]
    return tuple(rows)


def _with_total(
    rows: tuple[tuple[Cell, ...], ...], total: int, exact: bool
) -> tuple[tuple[Cell, ...], ...]:
    return (*rows, ("Summe", shown(total, exact)))


def _percent(value: int | None) -> Cell:
    return "–" if value is None else value


def summary_tables(summary: Summary, exact: bool = False) -> list[Table]:
    """The summary's tables, in the order they are shown; counts suppressed unless ``exact``."""
    clients, contacts = summary.clients, summary.contacts
    deadlines, steps = summary.deadlines, summary.self_help
    active = clients.active
    tables = [
        Table(
            "Überblick",
            ("Kennzahl", "Anzahl"),
            (
                ("Aktive Klient:innen", shown(active, exact)),
                ("davon neu aufgenommen", shown(clients.new, exact)),
                ("davon abgeschlossen", shown(clients.closed, exact)),
                ("Kontakte", shown(contacts.total, exact)),
                ("davon Begleitungen", shown(contacts.accompaniments, exact)),
                ("Termine", shown(summary.appointments.total, exact)),
                ("Fristen fällig", shown(deadlines.due, exact)),
                ("Schritte (Selbsthilfe)", shown(steps.current.total, exact)),
                ("Ehrenamtsstunden", summary.volunteer_hours.total_hours),
            ),
            "Aktiv: Die Begleitung war an mindestens einem Tag des Zeitraums offen "
            "(auch pausierte Fälle). Neu: im Zeitraum begonnen. Abgeschlossen: im Zeitraum "
            "beendet und nicht wieder geöffnet.",
        ),
        Table(
            "Abschlüsse nach Grund",
            ("Grund", "Anzahl"),
            _with_total(_breakdown_rows(clients.closed_by_reason, exact), clients.closed, exact),
            "Im Zeitraum abgeschlossene Fälle nach dem angegebenen Grund.",
        ),
        Table(
            "Geschlecht",
            ("Geschlecht", "Aktive Klient:innen"),
            _with_total(_breakdown_rows(summary.by_gender, exact), active, exact),
            "Aktive Klient:innen nach Geschlecht; ohne Eintrag unter „keine Angabe“.",
        ),
        Table(
            "Altersgruppen",
            ("Altersgruppe", "Aktive Klient:innen"),
            _with_total(_breakdown_rows(summary.by_age_band, exact), active, exact),
            "Alter am letzten Tag des Zeitraums, in den Altersphasen der Stadt. Ist nur das "
            "Geburtsjahr bekannt, zählt der 1. Juli als Geburtstag. 16-Jährige zählen zu "
            "„10 bis 16“, 26-Jährige zu „über 25“.",
        ),
        Table(
            "Alter 27 plus",
            ("Altersgruppe", "Aktive Klient:innen"),
            _with_total(_breakdown_rows(summary.by_funder_age, exact), active, exact),
            "Für Fördergeber: wie viele aktive Klient:innen 27 Jahre oder älter sind.",
        ),
        Table(
            "Sprachen",
            ("Bevorzugte Sprache", "Aktive Klient:innen"),
            _with_total(_breakdown_rows(summary.by_language, exact), active, exact),
            "Die Sprache, in der die Person angesprochen werden möchte (eine je Person).",
        ),
        Table(
            "Gesprochene Sprachen",
            ("Sprache", "Aktive Klient:innen"),
            _breakdown_rows(summary.languages_spoken, exact),
            "Alle Sprachen, die eine Person spricht; wer mehrere spricht, zählt mehrfach. "
            "Darum ergibt diese Tabelle keine Summe.",
        ),
        Table(
            "Stadtteile",
            ("Stadtteil", "Aktive Klient:innen"),
            _with_total(_breakdown_rows(summary.by_district, exact), active, exact),
            "Stadtteil der Wohnung (nie die Straße).",
        ),
        Table(
            "Einreise",
            ("Einreise", "Aktive Klient:innen"),
            _with_total(_breakdown_rows(summary.by_arrival, exact), active, exact),
            "Ob die Einreise weniger als 3 Jahre vor dem letzten Tag des Zeitraums lag; "
            "erfasst ist nur das Jahr, es zählt der 1. Juli.",
        ),
        Table(
            "Kontakte nach Art",
            ("Art", "Kontakte"),
            _with_total(_breakdown_rows(contacts.by_kind, exact), contacts.total, exact),
            "Kontakte im Zeitraum; ein Kontakt mit mehreren Familienmitgliedern zählt einmal. "
            "Begleitungen sind die Kontakte der Art „Begleitung“.",
        ),
        Table(
            "Kontakte nach Thema",
            ("Thema", "Kontakte"),
            _breakdown_rows(contacts.by_topic, exact),
            "Ein Kontakt mit mehreren Themen zählt bei jedem Thema; darum keine Summe.",
        ),
        Table(
            "Kontakte nach Stelle",
            ("Art der Stelle", "Kontakte", "davon Begleitungen"),
            (
                *(
                    (
                        row.label,
                        shown(row.count, exact),
                        shown(contacts.accompaniments_by_authority_kind.get(row.key), exact),
                    )
                    for row in contacts.by_authority_kind.rows
                ),
                ("Summe", shown(contacts.total, exact), shown(contacts.accompaniments, exact)),
            ),
            "Kontakte und Begleitungen nach der Art der Behörde oder Stelle.",
        ),
        Table(
            "Termine",
            ("Stand", "Termine"),
            _with_total(
                _breakdown_rows(summary.appointments, exact), summary.appointments.total, exact
            ),
            "Termine bei Behörden und Stellen, die im Zeitraum lagen, nach ihrem Stand.",
        ),
        Table(
            "Fristen",
            ("Stand", "Fristen"),
            (
                ("eingehalten", shown(deadlines.kept, exact)),
                ("versäumt", shown(deadlines.missed, exact)),
                ("noch offen", shown(deadlines.open, exact)),
                ("Summe (fällig im Zeitraum)", shown(deadlines.due, exact)),
            ),
            "Fristen, deren Ende im Zeitraum lag: eingehalten (erledigt), versäumt, noch offen.",
        ),
        _self_help_table(summary, exact),
        Table(
            "Ehrenamtsstunden",
            ("Lotse/Lotsin", "Stunden"),
            (
                *((guide.label, guide.hours) for guide in summary.volunteer_hours.per_guide),
                ("Summe", summary.volunteer_hours.total_hours),
            ),
            "Kontakte mit Fahrzeit, stattgefundene Termine ohne Kontakteintrag und von Hand "
            "erfasste Zeiten. Lotsinnen und Lotsen erscheinen ohne Namen, nummeriert.",
        ),
    ]
    return tables


def _self_help_table(summary: Summary, exact: bool) -> Table:
    figures = summary.self_help
    current, previous = figures.current, figures.previous

    def row(label: str, actor: StepActor) -> tuple[Cell, ...]:
        now, before = _count(current, actor), _count(previous, actor)
        return (
            label,
            shown(now, exact),
            _percent(share_shown(now, current.total, exact)),
            shown(before, exact),
            _percent(share_shown(before, previous.total, exact)),
        )

    change = figures.change_alone_points(exact)
    return Table(
        "Selbsthilfe",
        (
            "Wer hat den Schritt erledigt",
            summary.period.label,
            "Anteil %",
            figures.previous_label or "Vergleich",
            "Anteil %",
        ),
        (
            row("Klient:in allein", StepActor.CLIENT_ALONE),
            row("gemeinsam", StepActor.TOGETHER),
            row("Lotse/Lotsin für Klient:in", StepActor.GUIDE),
            ("Summe", shown(current.total, exact), "", shown(previous.total, exact), ""),
            ("Veränderung „allein“ in Prozentpunkten", _percent(change), "", "", ""),
        ),
        "Schritte aus Kontakten (bei Familienkontakten je Person) und erledigte Aufgaben, "
        "nach wer sie erledigt hat; verglichen mit den 3 Monaten davor (beim Jahr: Vorjahr). "
        "Anteile erst ab 5 Schritten.",
    )


def _count(counts: SelfHelpCounts, actor: StepActor) -> int:
    return {
        StepActor.CLIENT_ALONE: counts.alone,
        StepActor.TOGETHER: counts.together,
        StepActor.GUIDE: counts.guide,
    }[actor]


# --- JSON ----------------------------------------------------------------------------------


def _shown_dict(breakdown: Breakdown, exact: bool) -> dict[str, int | str]:
    return {row.key: shown(row.count, exact) for row in breakdown.rows}


def summary_dict(summary: Summary, exact: bool = False) -> dict[str, Any]:
    """The summary with the keys other tools read (issue 7), and a few more."""
    clients, contacts, steps = summary.clients, summary.contacts, summary.self_help
    return {
        "format": SUMMARY_FORMAT,
        "version": SUMMARY_VERSION,
        "month": summary.period.key,
        "period": {
            "kind": summary.period.kind.value,
            "first_day": summary.period.first_day.isoformat(),
            "last_day": summary.period.last_day.isoformat(),
            "label": summary.period.label,
        },
        "exact": exact,
        "suppressed_below": None if exact else 5,
        "report_files": summary.report_files,
        "clients": {
            "active": shown(clients.active, exact),
            "new": shown(clients.new, exact),
            "closed": shown(clients.closed, exact),
            "closed_by_reason": _shown_dict(clients.closed_by_reason, exact),
        },
        "by_gender": _shown_dict(summary.by_gender, exact),
        "by_age_band": _shown_dict(summary.by_age_band, exact),
        "by_age_27": _shown_dict(summary.by_funder_age, exact),
        "by_language": _shown_dict(summary.by_language, exact),
        "languages_spoken": _shown_dict(summary.languages_spoken, exact),
        "by_district": _shown_dict(summary.by_district, exact),
        "arrived_within_3_years": _shown_dict(summary.by_arrival, exact),
        "contacts": {
            "total": shown(contacts.total, exact),
            "accompaniments": shown(contacts.accompaniments, exact),
            "by_kind": _shown_dict(contacts.by_kind, exact),
            "by_topic": _shown_dict(contacts.by_topic, exact),
            "by_authority_kind": _shown_dict(contacts.by_authority_kind, exact),
            "accompaniments_by_authority_kind": _shown_dict(
                contacts.accompaniments_by_authority_kind, exact
            ),
        },
        "appointments": {
            "total": shown(summary.appointments.total, exact),
            **_shown_dict(summary.appointments, exact),
        },
        "deadlines": {
            "due": shown(summary.deadlines.due, exact),
            "kept": shown(summary.deadlines.kept, exact),
            "missed": shown(summary.deadlines.missed, exact),
            "open": shown(summary.deadlines.open, exact),
        },
        "self_help": {
            "alone": shown(steps.current.alone, exact),
            "together": shown(steps.current.together, exact),
            "guide": shown(steps.current.guide, exact),
            "total": shown(steps.current.total, exact),
            "share_alone_percent": share_shown(steps.current.alone, steps.current.total, exact),
            "previous": {
                "label": steps.previous_label,
                "alone": shown(steps.previous.alone, exact),
                "together": shown(steps.previous.together, exact),
                "guide": shown(steps.previous.guide, exact),
                "total": shown(steps.previous.total, exact),
                "share_alone_percent": share_shown(
                    steps.previous.alone, steps.previous.total, exact
                ),
            },
            "change_alone_points": steps.change_alone_points(exact),
        },
        "volunteer_hours": {
            "total": summary.volunteer_hours.total_hours,
            "per_guide": {guide.label: guide.hours for guide in summary.volunteer_hours.per_guide},
        },
    }


def summary_json(summary: Summary, exact: bool = False) -> bytes:
    return (json.dumps(summary_dict(summary, exact), ensure_ascii=False, indent=2) + "\n").encode(
        "utf-8"
    )


# --- CSV -----------------------------------------------------------------------------------


def _csv_cell(value: Cell) -> str:
    if isinstance(value, float):
        return format_hours(value)
    return str(value)


def summary_csv(summary: Summary, exact: bool = False) -> bytes:
    """One file for Excel: ``;``, UTF-8 with BOM; each table a section with its title and a
    header row, an empty line between sections."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([f"Monatsübersicht {summary.period.label}"])
    if not exact:
        writer.writerow(["Zahlen von 1 bis 4 erscheinen als „<5“."])
    for table in summary_tables(summary, exact):
        writer.writerow([])
        writer.writerow([table.title])
        writer.writerow(table.header)
        for row in table.rows:
            writer.writerow([_csv_cell(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


# --- XLSX ----------------------------------------------------------------------------------

_BOLD = Font(bold=True)
_FORBIDDEN_IN_SHEET_NAMES = str.maketrans({char: " " for char in "[]:*?/\\"})


def _sheet_name(title: str) -> str:
    return title.translate(_FORBIDDEN_IN_SHEET_NAMES)[:31]


def _width(values: Sequence[object]) -> float:
    return min(60.0, max(8.0, *(len(str(value)) + 2.0 for value in values)))


def summary_xlsx(summary: Summary, exact: bool = False) -> bytes:
    """One sheet per table with real numbers ("<5" as text only where suppressed), bold
    headers and fitted widths; first a sheet "Erläuterung" that explains each figure."""
    workbook = Workbook()
    notes = workbook.active
    assert notes is not None
    notes.title = "Erläuterung"
    tables = summary_tables(summary, exact)
    notes.append([f"Monatsübersicht {summary.period.label}"])
    notes["A1"].font = Font(bold=True, size=13)
    notes.append(
        [
            "Genaue Zahlen (nur für den internen Gebrauch)."
            if exact
            else "Zahlen von 1 bis 4 erscheinen als „<5“, damit niemand erkennbar ist."
        ]
    )
    if summary.report_files:
        notes.append([f"Zusammengeführt aus {summary.report_files} Berichtsdateien."])
    notes.append([])
    notes.append(["Tabelle", "Erläuterung"])
    for cell in notes[notes.max_row]:
        cell.font = _BOLD
    for table in tables:
        notes.append([table.title, table.explanation])
        notes.cell(notes.max_row, 2).alignment = Alignment(wrap_text=True, vertical="top")
    notes.column_dimensions["A"].width = 26
    notes.column_dimensions["B"].width = 100
    for table in tables:
        sheet = workbook.create_sheet(_sheet_name(table.title))
        sheet.append(list(table.header))
        for cell in sheet[1]:
            cell.font = _BOLD
        for row in table.rows:
            sheet.append(list(row))
            if row and row[0] == "Summe":
                for cell in sheet[sheet.max_row]:
                    cell.font = _BOLD
        for index, _ in enumerate(table.header, start=1):
            column = [table.header[index - 1], *(row[index - 1] for row in table.rows)]
            sheet.column_dimensions[get_column_letter(index)].width = _width(column)
            for cell_row in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                for cell in cell_row:
                    if cell.value == SUPPRESSED:
                        cell.alignment = Alignment(horizontal="right")
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def summary_file(summary: Summary, suffix: str, exact: bool = False) -> bytes:
    """Bytes for ``.json``, ``.csv`` or ``.xlsx``; ValidationError (German) for others."""
    writers = {".json": summary_json, ".csv": summary_csv, ".xlsx": summary_xlsx}
    writer = writers.get(suffix.lower())
    if writer is None:
        if suffix.lower() == ".pdf":
            raise ValidationError(
                {
                    "out": "Die Monatsübersicht als PDF schreibt das Programm (Berichte) oder "
                    "lotsen summary; hier bitte .xlsx, .csv oder .json wählen."
                }
            )
        raise ValidationError(
            {"out": f"Unbekanntes Dateiformat „{suffix}“. Bitte .xlsx, .csv oder .json wählen."}
        )
    return writer(summary, exact)


# --- a guide's report file -----------------------------------------------------------------


def _canonical(content: Mapping[str, Any]) -> bytes:
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def _signature(key: bytes, content: Mapping[str, Any]) -> str:
    return hmac.new(key, _canonical(content), hashlib.sha256).hexdigest()


def _steps_dict(counts: SelfHelpCounts) -> dict[str, int]:
    return {"alone": counts.alone, "together": counts.together, "guide": counts.guide}


def _record_dict(record: ClientRecord) -> dict[str, Any]:
    return {
        "id": record.pseudonym,
        "gender": record.gender,
        "age_band": record.age_band.value,
        "age_27": record.funder_age.value,
        "language": record.language,
        "languages": list(record.languages),
        "district": record.district,
        "arrived_within_3_years": record.arrived_recently,
        "new": record.new,
        "closed": record.closed,
        "closing_reason": record.closing_reason,
    }


def report_file(report: GuideReport, key: bytes, created_on: date) -> bytes:
    """The guide's month as a signed JSON file: exact counts, clients only as pseudonyms."""
    content: dict[str, Any] = {
        "format": REPORT_FORMAT,
        "version": REPORT_VERSION,
        "file_id": report.file_id,
        "month": report.period.key,
        "created_on": created_on.isoformat(),
        "key_check": key_fingerprint(key),
        "clients": [_record_dict(record) for record in report.clients],
        "contacts": {
            "by_kind": dict(report.contacts_by_kind),
            "by_topic": dict(report.contacts_by_topic),
            "by_authority_kind": dict(report.contacts_by_authority_kind),
            "accompaniments_by_authority_kind": dict(report.accompaniments_by_authority_kind),
        },
        "appointments": dict(report.appointments),
        "deadlines": dict(report.deadlines),
        "self_help": {
            "period": _steps_dict(report.steps),
            "before": _steps_dict(report.steps_before),
        },
        "volunteer_minutes": dict(report.guide_minutes),
    }
    signed = {**content, "signature": _signature(key, content)}
    return (json.dumps(signed, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


class ReportFileError(DomainError):
    """A report file that cannot be used; the message says why, in German."""


def read_report_file(data: bytes, key: bytes, name: str) -> GuideReport:
    """Verify and read a report file; ReportFileError when it is damaged, altered, made with
    another programme key or of a newer format."""
    damaged = ReportFileError(
        f"{name} ist beschädigt oder keine Lotsen-Berichtsdatei und wird nicht übernommen."
    )
    try:
        content = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise damaged from None
    if not isinstance(content, dict) or content.get("format") != REPORT_FORMAT:
        raise damaged
    if content.get("version") != REPORT_VERSION:
        raise ReportFileError(
            f"{name} stammt aus einer anderen Programmversion (Format "
            f"{content.get('version')}) und kann nicht gelesen werden."
        )
    if content.get("key_check") != key_fingerprint(key):
        raise ReportFileError(
            f"{name} wurde mit einem anderen Programmschlüssel erstellt und wird nicht "
            "übernommen. Alle Lotsinnen und Lotsen brauchen denselben Programmschlüssel "
            "(Einstellungen)."
        )
    signature = content.pop("signature", None)
    if not isinstance(signature, str) or not hmac.compare_digest(
        signature, _signature(key, content)
    ):
        raise ReportFileError(
            f"{name} wurde nach dem Erstellen verändert oder ist beschädigt und wird nicht "
            "übernommen. Bitte die Datei neu erstellen lassen."
        )
    try:
        return _parse_report(content)
    except (KeyError, TypeError, ValueError, ValidationError):
        raise damaged from None


def _counts(value: Any) -> dict[str, int]:
    if not isinstance(value, dict):
        raise TypeError("counts")
    result: dict[str, int] = {}
    for key, count in value.items():
        if not isinstance(key, str) or not isinstance(count, int) or count < 0:
            raise ValueError("count")
        result[key] = count
    return result


def _steps_from(value: Any) -> SelfHelpCounts:
    counts = _counts(value)
    return SelfHelpCounts(counts["alone"], counts["together"], counts["guide"])


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value or None
    raise TypeError("text")


def _record(value: Any) -> ClientRecord:
    if not isinstance(value, dict) or not isinstance(value["id"], str):
        raise TypeError("record")
    arrived = value["arrived_within_3_years"]
    if arrived is not None and not isinstance(arrived, bool):
        raise TypeError("arrived")
    languages = value["languages"]
    if not isinstance(languages, list) or not all(isinstance(code, str) for code in languages):
        raise TypeError("languages")
    return ClientRecord(
        pseudonym=value["id"],
        gender=_text(value["gender"]),
        age_band=AgeBand(value["age_band"]),
        funder_age=FunderAgeBand(value["age_27"]),
        language=_text(value["language"]),
        languages=tuple(languages),
        district=_text(value["district"]),
        arrived_recently=arrived,
        new=bool(value["new"]),
        closed=bool(value["closed"]),
        closing_reason=_text(value["closing_reason"]),
    )


def _parse_report(content: dict[str, Any]) -> GuideReport:
    contacts = content["contacts"]
    steps = content["self_help"]
    clients = content["clients"]
    if not isinstance(clients, list) or not isinstance(content["file_id"], str):
        raise TypeError("report")
    return GuideReport(
        file_id=content["file_id"],
        period=Period.parse(str(content["month"])),
        clients=tuple(_record(value) for value in clients),
        contacts_by_kind=_counts(contacts["by_kind"]),
        contacts_by_topic=_counts(contacts["by_topic"]),
        contacts_by_authority_kind=_counts(contacts["by_authority_kind"]),
        accompaniments_by_authority_kind=_counts(contacts["accompaniments_by_authority_kind"]),
        appointments=_counts(content["appointments"]),
        deadlines=_counts(content["deadlines"]),
        steps=_steps_from(steps["period"]),
        steps_before=_steps_from(steps["before"]),
        guide_minutes=_counts(content["volunteer_minutes"]),
    )

"""Appointments as an iCalendar file (RFC 5545), for the guide's phone.

Stored appointment times are naive wall-clock times in Europe/Berlin. Every event carries
``DTSTART;TZID=Europe/Berlin`` and the calendar embeds the matching VTIMEZONE, so phones show
the right hour in winter and summer alike, even without their own time zone database. The end
is written as a DURATION, not a DTEND: on the night the clocks go back an end between 02:00 and
02:59 would name the repeated hour and could be read an hour early.

A moved appointment is a new row in the database but the same event in the calendar: every
appointment of a chain of moves carries the UID of the first one, with SEQUENCE counting the
moves, so a phone that imported the old time updates the event instead of keeping both.

By default an event names the people only by their initials; the guide may choose their full
names and the list of what to bring. Birth dates, phone numbers, notes and outcomes never go
into the file.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from enum import Flag
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone

from lotsen_app.domain.appointments import AppointmentRow, ClientRef, mask_names
from lotsen_app.domain.enums import AppointmentMode, AppointmentStatus
from lotsen_app.domain.languages import language_name

BERLIN = ZoneInfo("Europe/Berlin")
PRODID = "-//Lotsen//Termine//DE"
UID_DOMAIN = "lotsen"
CALENDAR_NAME = "Lotsen – Termine"


class IcsDetail(Flag):
    """How much about the people an event shows; combine with ``|``."""

    INITIALS = 0  # the default: "L. H."
    NAMES = 1  # full names of the people (and the interpreter's name)
    CHECKLIST = 2  # what to bring
    NAMES_AND_CHECKLIST = 3

    @property
    def label(self) -> str:
        return DETAIL_LABELS[self]


DETAIL_LABELS: dict[IcsDetail, str] = {
    IcsDetail.INITIALS: "Nur Initialen (empfohlen)",
    IcsDetail.NAMES: "Vollständige Namen",
    IcsDetail.CHECKLIST: "Initialen und was mitzubringen ist",
    IcsDetail.NAMES_AND_CHECKLIST: "Namen und was mitzubringen ist",
}


def uid_for(series_id: int) -> str:
    """The UID of a chain of moves, from the id of its first appointment
    (``AppointmentRow.series_id``; the appointment's own id when it was never moved).

    Stable across exports and moves, so importing again updates the event instead of doubling
    it, also when the appointment was moved to another time in between.
    """
    return f"appointment-{series_id}@{UID_DOMAIN}"


def calendar_rows(rows: Iterable[AppointmentRow]) -> list[AppointmentRow]:
    """The appointments that become events: moved (old) ones are left out, in time order."""
    return sorted(
        (row for row in rows if row.status != AppointmentStatus.MOVED),
        key=lambda row: (row.starts_at, row.id),
    )


def appointments_to_ics(
    rows: Iterable[AppointmentRow],
    *,
    stamp: datetime,
    detail: IcsDetail = IcsDetail.INITIALS,
) -> bytes:
    """One VCALENDAR with a VEVENT per appointment; ``stamp`` (naive = Berlin time) is DTSTAMP."""
    events = calendar_rows(rows)
    stamp_utc = _aware(stamp).astimezone(UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", CALENDAR_NAME)
    calendar.add("x-wr-timezone", BERLIN.key)
    first, last = _time_zone_range(events, stamp_utc)
    calendar.add_component(
        Timezone.from_tzinfo(BERLIN, BERLIN.key, first_date=first, last_date=last)
    )
    for row in events:
        calendar.add_component(_event(row, stamp_utc, detail))
    data: bytes = calendar.to_ical()
    return data


def _event(row: AppointmentRow, stamp_utc: datetime, detail: IcsDetail) -> Event:
    start_utc = _aware(row.starts_at).astimezone(UTC)
    cancelled = row.status == AppointmentStatus.CANCELLED
    names = IcsDetail.NAMES in detail
    people = row.client_names if names else row.client_initials
    summary = f"{row.title} ({people})" if people else row.title
    if cancelled:
        summary = f"Abgesagt: {summary}"

    event = Event()
    event.add("uid", uid_for(row.series_id))
    event.add("sequence", row.moves_before)
    event.add("dtstamp", stamp_utc)
    event.add("dtstart", start_utc.astimezone(BERLIN))
    # Hours and minutes of a DURATION are real elapsed time (RFC 5545, 3.3.6), also over DST.
    event.add("duration", timedelta(minutes=row.duration_minutes))
    event.add("summary", _protect(summary, row.clients, names))
    location = _location(row, names)
    if location:
        event.add("location", location)
    description = _description(row, detail)
    if description:
        event.add("description", description)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("class", "PRIVATE")
    event.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
    return event


def _location(row: AppointmentRow, names: bool) -> str:
    """The authority's directory entry as it is; what was typed for this appointment, protected."""
    authority = row.authority
    room = row.room or (authority.room if authority else "")
    parts = [
        row.authority_name,
        _protect(row.place, row.clients, names)
        if row.place
        else (authority.address if authority else ""),
        f"Raum {_protect(room, row.clients, names)}" if room else "",
    ]
    return ", ".join(p for p in parts if p)


def _description(row: AppointmentRow, detail: IcsDetail) -> str:
    names = IcsDetail.NAMES in detail
    lines: list[str] = []
    if row.status == AppointmentStatus.CANCELLED:
        lines.append("Dieser Termin wurde abgesagt.")
    if names and row.clients:
        lines.append(f"Personen: {row.client_names}")
    lines.append(f"Art: {row.mode.label}")
    if names and row.guide_name and row.mode == AppointmentMode.ACCOMPANIED:
        lines.append(f"Begleitung: {row.guide_name}")
    interpreter = _interpreter(row, names)
    if interpreter:
        lines.append(f"Dolmetscher:in: {interpreter}")
    if IcsDetail.CHECKLIST in detail and row.checklist:
        lines.append("Mitbringen:")
        lines.extend(f"{'☑' if item.done else '☐'} {item.text}" for item in row.checklist)
    return _protect("\n".join(lines), row.clients, names)


def _interpreter(row: AppointmentRow, names: bool) -> str:
    code = row.interpreter_language.strip()
    language = language_name(code) if code else ""
    name = row.interpreter_name.strip() if names else ""
    if name and language:
        return f"{name} ({language})"
    return name or language


def _protect(text: str, clients: Sequence[ClientRef], names: bool) -> str:
    """Unless full names were chosen, a client's name typed into free text becomes its initial."""
    return text if names else mask_names(text, clients)


def _aware(value: datetime) -> datetime:
    """Naive values are wall-clock time in Berlin (a time in the spring gap counts as winter)."""
    return value.replace(tzinfo=BERLIN) if value.tzinfo is None else value


def _time_zone_range(events: Sequence[AppointmentRow], stamp_utc: datetime) -> tuple[date, date]:
    """The years the VTIMEZONE must cover: every event (or the export day), plus a margin."""
    if events:
        first = events[0].starts_at.date()
        last = max(row.ends_at for row in events).date()
    else:
        first = last = stamp_utc.astimezone(BERLIN).date()
    return date(first.year - 1, 1, 1), date(last.year + 2, 1, 1)

"""GIVEN appointments WHEN written as iCalendar THEN phones read the right times and no more
about the people than the guide chose (parsed back with icalendar itself)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from lotsen_app.domain.appointments import (
    AppointmentRow,
    AuthorityData,
    ChecklistItem,
    ClientRef,
)
from lotsen_app.domain.enums import AppointmentMode, AppointmentStatus, AuthorityKind
from lotsen_app.reports.ics import (
    IcsDetail,
    appointments_to_ics,
    calendar_rows,
    uid_for,
)

STAMP = datetime(2026, 11, 21, 10, 30)  # naive: Berlin time, 09:30 UTC
BERLIN = ZoneInfo("Europe/Berlin")
JOBCENTER = AuthorityData(
    "Jobcenter Mitte (Beispiel)",
    AuthorityKind.JOBCENTER,
    street="Musterstraße 1",
    postal_code="47051",
    city="Duisburg",
    room="2.14",
    phone="0203 555 100",
    is_fictitious=True,
)
FAMILY = (ClientRef(1, "Layla", "Haddad"), ClientRef(2, "Omar", "Haddad"))


def appointment(starts_at: datetime, appointment_id: int = 1, **changes: object) -> AppointmentRow:
    values: dict[str, object] = {
        "id": appointment_id,
        "starts_at": starts_at,
        "duration_minutes": 60,
        "status": AppointmentStatus.PLANNED,
        "mode": AppointmentMode.ACCOMPANIED,
        "clients": FAMILY,
        "guide_id": 3,
        "guide_name": "Anna Schmidt",
        "authority": JOBCENTER,
        "purpose": "Bürgergeld Weiterbewilligung",
        "checklist": (
            ChecklistItem("Reisepass oder Ausweis", done=True),
            ChecklistItem("Kontoauszüge der letzten 3 Monate"),
        ),
    } | changes
    return AppointmentRow(**values)  # type: ignore[arg-type]


def parse(data: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(data)


def events(data: bytes) -> list[icalendar.Event]:
    return list(parse(data).walk("VEVENT"))


def only_event(data: bytes) -> icalendar.Event:
    found = events(data)
    assert len(found) == 1
    return found[0]


def utc(value: datetime) -> datetime:
    return value.astimezone(UTC).replace(tzinfo=None)


def utc_end(event: icalendar.Event) -> datetime:
    """Start plus DURATION as real elapsed time (RFC 5545, 3.3.6), in UTC.

    Not ``event.end``: icalendar adds the duration to the wall-clock time, which is an hour
    off on the nights the clocks change.
    """
    assert "DTEND" not in event
    return utc(event.start) + event["DURATION"].dt


# --- times ---------------------------------------------------------------------------------


def test_winter_time_is_utc_plus_one() -> None:
    event = only_event(
        appointments_to_ics([appointment(datetime(2026, 12, 3, 9, 30))], stamp=STAMP)
    )
    assert utc(event.start) == datetime(2026, 12, 3, 8, 30)
    assert utc_end(event) == datetime(2026, 12, 3, 9, 30)
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event["DURATION"].dt == timedelta(hours=1)


def test_summer_time_is_utc_plus_two() -> None:
    event = only_event(appointments_to_ics([appointment(datetime(2027, 7, 5, 9, 30))], stamp=STAMP))
    assert utc(event.start) == datetime(2027, 7, 5, 7, 30)
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert b"DTSTART;TZID=Europe/Berlin:20270705T093000" in appointments_to_ics(
        [appointment(datetime(2027, 7, 5, 9, 30))], stamp=STAMP
    )


def test_winter_and_summer_in_one_file_keep_their_wall_clock_time() -> None:
    data = appointments_to_ics(
        [
            appointment(datetime(2027, 7, 5, 9, 30), 2),
            appointment(datetime(2026, 12, 3, 9, 30), 1),
        ],
        stamp=STAMP,
    )
    found = events(data)
    assert [str(e["UID"]) for e in found] == [uid_for(1), uid_for(2)]  # in time order
    assert [e.start.astimezone(BERLIN).time() for e in found] == [
        datetime(2000, 1, 1, 9, 30).time()
    ] * 2
    assert [utc(e.start).hour for e in found] == [8, 7]


def test_appointment_over_the_spring_change_lasts_its_real_duration() -> None:
    """01:30 CET on 28 March 2027 for two hours: the clocks jump at 02:00, so it ends 04:30 CEST."""
    row = appointment(datetime(2027, 3, 28, 1, 30), duration_minutes=120)
    data = appointments_to_ics([row], stamp=STAMP)
    event = only_event(data)
    assert utc(event.start) == datetime(2027, 3, 28, 0, 30)
    assert utc_end(event) == datetime(2027, 3, 28, 2, 30)  # 04:30 CEST, not 3 wall-clock hours
    assert b"DURATION:PT2H\r\n" in data and b"DTEND" not in data


def test_morning_after_the_spring_change_is_summer_time() -> None:
    event = only_event(appointments_to_ics([appointment(datetime(2027, 3, 28, 9, 0))], stamp=STAMP))
    assert utc(event.start) == datetime(2027, 3, 28, 7, 0)
    before = only_event(
        appointments_to_ics([appointment(datetime(2027, 3, 27, 9, 0))], stamp=STAMP)
    )
    assert utc(before.start) == datetime(2027, 3, 27, 8, 0)


def test_appointment_over_the_autumn_change_lasts_its_real_duration() -> None:
    row = appointment(datetime(2026, 10, 25, 1, 0), duration_minutes=180)
    event = only_event(appointments_to_ics([row], stamp=STAMP))
    assert utc(event.start) == datetime(2026, 10, 24, 23, 0)
    assert utc_end(event) == datetime(2026, 10, 25, 2, 0)  # 03:00 CET after the repeated hour


def test_end_in_the_repeated_autumn_hour_is_not_ambiguous() -> None:
    """01:30 CEST on 25 October 2026 for two hours ends at 02:30 CET, in the hour that comes
    twice: a DTEND of 02:30 would be read as 02:30 CEST, one hour. DURATION says two hours."""
    row = appointment(datetime(2026, 10, 25, 1, 30), duration_minutes=120)
    data = appointments_to_ics([row], stamp=STAMP)
    event = only_event(data)
    assert b"DTSTART;TZID=Europe/Berlin:20261025T013000" in data
    assert b"DTEND" not in data and b"DURATION:PT2H\r\n" in data
    assert utc(event.start) == datetime(2026, 10, 24, 23, 30)
    assert utc_end(event) - utc(event.start) == timedelta(hours=2)
    assert utc_end(event) == datetime(2026, 10, 25, 1, 30)  # 02:30 CET


def test_odd_durations_are_written_in_hours_and_minutes() -> None:
    event = only_event(
        appointments_to_ics(
            [appointment(datetime(2026, 12, 3, 9, 30), duration_minutes=95)], stamp=STAMP
        )
    )
    assert event["DURATION"].dt == timedelta(minutes=95)
    assert event["DURATION"].to_ical() == b"PT1H35M"


def test_embedded_time_zone_alone_gives_the_right_offsets() -> None:
    """A phone without its own Europe/Berlin data uses the VTIMEZONE of the file."""
    data = appointments_to_ics(
        [appointment(datetime(2026, 12, 3, 9, 30)), appointment(datetime(2027, 7, 5, 9, 30), 2)],
        stamp=STAMP,
    )
    calendar = parse(data)
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Berlin"]
    embedded = calendar.timezones[0].to_tz()
    for local, offset in (
        (datetime(2026, 12, 3, 9, 30), 1),
        (datetime(2027, 7, 5, 9, 30), 2),
        (datetime(2027, 3, 27, 12, 0), 1),
        (datetime(2027, 3, 28, 12, 0), 2),
        (datetime(2027, 10, 30, 12, 0), 2),
        (datetime(2027, 10, 31, 12, 0), 1),
    ):
        assert local.replace(tzinfo=embedded).utcoffset() == timedelta(hours=offset), local
    assert calendar.get_missing_tzids() == set()


def test_vtimezone_comes_before_the_events() -> None:
    data = appointments_to_ics([appointment(datetime(2026, 12, 3, 9, 30))], stamp=STAMP)
    text = data.decode()
    assert text.index("BEGIN:VTIMEZONE") < text.index("BEGIN:VEVENT")
    assert "TZID:Europe/Berlin" in text


def test_calendar_header_and_stamp() -> None:
    data = appointments_to_ics([appointment(datetime(2026, 12, 3, 9, 30))], stamp=STAMP)
    calendar = parse(data)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == "-//Lotsen//Termine//DE"
    event = only_event(data)
    assert event["DTSTAMP"].dt == datetime(2026, 11, 21, 9, 30, tzinfo=UTC)
    assert str(event["UID"]) == "appointment-1@lotsen"
    assert str(event["CLASS"]) == "PRIVATE"
    assert data.endswith(b"END:VCALENDAR\r\n") and b"\r\n" in data


def test_same_input_gives_the_same_bytes() -> None:
    rows = [appointment(datetime(2026, 12, 3, 9, 30))]
    assert appointments_to_ics(rows, stamp=STAMP) == appointments_to_ics(rows, stamp=STAMP)


def test_no_appointments_still_a_valid_calendar() -> None:
    data = appointments_to_ics([], stamp=STAMP)
    calendar = parse(data)
    assert events(data) == []
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Berlin"]


# --- what the event says -------------------------------------------------------------------


def test_an_accompanied_appointment_names_the_interpreters_language_in_german() -> None:
    row = appointment(
        datetime(2026, 12, 3, 9, 30), mode=AppointmentMode.ACCOMPANIED, interpreter_language="ar"
    )
    description = str(only_event(appointments_to_ics([row], stamp=STAMP))["DESCRIPTION"])
    assert "Art: Lotse/Lotsin begleitet" in description
    assert "Dolmetscher:in: Arabisch" in description


def test_default_shows_initials_never_family_name_or_private_details() -> None:
    row = appointment(
        datetime(2026, 12, 3, 9, 30),
        interpreter_name="Samira Yilmaz",
        interpreter_language="Arabisch",
        mode=AppointmentMode.INTERPRETER,
        outcome="Geheimes Ergebnis",
    )
    data = appointments_to_ics([row], stamp=STAMP)
    assert b"Haddad" not in data and b"Layla" not in data and b"Omar" not in data
    assert b"Yilmaz" not in data and b"Geheimes" not in data and b"0203 555" not in data
    assert b"Reisepass" not in data  # what to bring only when chosen
    event = only_event(data)
    assert str(event["SUMMARY"]) == "Bürgergeld Weiterbewilligung (L. H., O. H.)"
    assert str(event["LOCATION"]) == (
        "Jobcenter Mitte (Beispiel), Musterstraße 1, 47051 Duisburg, Raum 2.14"
    )
    description = str(event["DESCRIPTION"])
    assert "Art: mit Dolmetscher:in" in description
    assert "Dolmetscher:in: Arabisch" in description


def test_default_replaces_a_name_typed_into_free_text() -> None:
    row = appointment(
        datetime(2026, 12, 3, 9, 30),
        authority=None,
        place="Wohnung Familie HADDAD, Beispielweg 4",
        room="bei Layla",
        purpose="Kita-Anmeldung für Omar",
    )
    data = appointments_to_ics([row], stamp=STAMP, detail=IcsDetail.CHECKLIST)
    assert b"addad" not in data.lower() and b"Layla" not in data and b"Omar" not in data
    event = only_event(data)
    assert str(event["SUMMARY"]) == "Kita-Anmeldung für O. (L. H., O. H.)"
    assert str(event["LOCATION"]) == "Wohnung Familie H., Beispielweg 4, Raum bei L."


def test_multi_part_family_name_is_protected_as_a_whole_and_in_parts() -> None:
    row = appointment(
        datetime(2026, 12, 3, 9, 30),
        clients=(ClientRef(5, "Ana María", "García-López"),),
        purpose="Termin mit Frau López und Ana María García-López",
    )
    data = appointments_to_ics([row], stamp=STAMP)
    text = data.decode()
    assert "López" not in text and "García" not in text and "María" not in text
    assert str(only_event(data)["SUMMARY"]).endswith("(A. G.)")


def test_names_when_chosen() -> None:
    row = appointment(
        datetime(2026, 12, 3, 9, 30),
        interpreter_name="Samira Yilmaz",
        interpreter_language="Arabisch",
    )
    data = appointments_to_ics([row], stamp=STAMP, detail=IcsDetail.NAMES)
    event = only_event(data)
    assert str(event["SUMMARY"]) == "Bürgergeld Weiterbewilligung (Layla Haddad, Omar Haddad)"
    description = str(event["DESCRIPTION"])
    assert "Personen: Layla Haddad, Omar Haddad" in description
    assert "Begleitung: Anna Schmidt" in description
    assert "Dolmetscher:in: Samira Yilmaz (Arabisch)" in description
    assert "Reisepass" not in description


def test_checklist_when_chosen_with_or_without_names() -> None:
    row = appointment(datetime(2026, 12, 3, 9, 30))
    for detail in (IcsDetail.CHECKLIST, IcsDetail.NAMES | IcsDetail.CHECKLIST):
        event = only_event(appointments_to_ics([row], stamp=STAMP, detail=detail))
        description = str(event["DESCRIPTION"]).splitlines()
        start = description.index("Mitbringen:")
        assert description[start + 1 :] == [
            "☑ Reisepass oder Ausweis",
            "☐ Kontoauszüge der letzten 3 Monate",
        ]
    assert IcsDetail.NAMES | IcsDetail.CHECKLIST is IcsDetail.NAMES_AND_CHECKLIST
    assert IcsDetail.NAMES_AND_CHECKLIST.label == "Namen und was mitzubringen ist"


def test_cancelled_is_marked_and_moved_ones_carry_the_uid_of_the_first() -> None:
    """Appointment 1 was moved to 3, and 3 to 4: the phone that imported 1 updates that event."""
    rows = [
        appointment(datetime(2026, 12, 3, 9, 30), 1, status=AppointmentStatus.MOVED),
        appointment(datetime(2026, 12, 10, 9, 30), 2, status=AppointmentStatus.CANCELLED),
        appointment(
            datetime(2026, 12, 17, 9, 30),
            3,
            status=AppointmentStatus.MOVED,
            moved_from_id=1,
            series_id=1,
            moves_before=1,
        ),
        appointment(datetime(2026, 12, 18, 9, 30), 4, moved_from_id=3, series_id=1, moves_before=2),
    ]
    data = appointments_to_ics(rows, stamp=STAMP)
    found = {str(e["UID"]): e for e in events(data)}
    assert sorted(found) == [uid_for(1), uid_for(2)]  # the old times are left out
    assert [row.id for row in calendar_rows(rows)] == [2, 4]
    cancelled = found[uid_for(2)]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert str(cancelled["SUMMARY"]).startswith("Abgesagt: ")
    assert str(cancelled["TRANSP"]) == "TRANSPARENT"
    assert cancelled["SEQUENCE"] == 0
    moved = found[uid_for(1)]
    assert str(moved["STATUS"]) == "CONFIRMED"
    assert moved["SEQUENCE"] == 2
    assert utc(moved.start) == datetime(2026, 12, 18, 8, 30)


def test_first_move_has_sequence_one() -> None:
    before = only_event(
        appointments_to_ics([appointment(datetime(2026, 12, 3, 9, 30), 7)], stamp=STAMP)
    )
    after = only_event(
        appointments_to_ics(
            [
                appointment(
                    datetime(2026, 12, 4, 9, 30), 8, moved_from_id=7, series_id=7, moves_before=1
                )
            ],
            stamp=STAMP,
        )
    )
    assert str(before["UID"]) == str(after["UID"]) == uid_for(7)
    assert (before["SEQUENCE"], after["SEQUENCE"]) == (0, 1)


def test_series_id_defaults_to_the_row_itself() -> None:
    row = appointment(datetime(2026, 12, 3, 9, 30), 5)
    assert (row.series_id, row.moves_before) == (5, 0)


@pytest.mark.parametrize(
    "purpose",
    [
        "Antrag; Frist, Widerspruch: „Bescheid“ \\ prüfen",
        "Ärztin Übersetzung Größe ß – 日本語 العربية",
        "Zeile eins\nZeile zwei",
        "x" * 200,
    ],
)
def test_special_characters_survive_the_round_trip(purpose: str) -> None:
    row = appointment(
        datetime(2026, 12, 3, 9, 30),
        purpose=purpose,
        room="Raum; 3, Flur „Süd“",
        checklist=(ChecklistItem("Mietvertrag, Seite 1; 2"),),
    )
    event = only_event(appointments_to_ics([row], stamp=STAMP, detail=IcsDetail.CHECKLIST))
    assert str(event["SUMMARY"]) == f"{purpose} (L. H., O. H.)"
    assert str(event["LOCATION"]).endswith("Raum Raum; 3, Flur „Süd“")
    assert "☐ Mietvertrag, Seite 1; 2" in str(event["DESCRIPTION"])


def test_lines_are_folded_at_75_octets() -> None:
    row = appointment(datetime(2026, 12, 3, 9, 30), purpose="Überprüfung " * 20)
    data = appointments_to_ics([row], stamp=STAMP)
    assert max(len(line) for line in data.split(b"\r\n")) <= 75


def test_without_purpose_or_people_the_summary_is_the_authority() -> None:
    row = appointment(datetime(2026, 12, 3, 9, 30), purpose="", clients=())
    assert str(only_event(appointments_to_ics([row], stamp=STAMP))["SUMMARY"]) == (
        "Jobcenter Mitte (Beispiel)"
    )


def test_aware_stamp_is_taken_as_is() -> None:
    stamp = datetime(2027, 7, 1, 12, 0, tzinfo=UTC)
    event = only_event(appointments_to_ics([appointment(datetime(2027, 7, 5, 9, 30))], stamp=stamp))
    assert event["DTSTAMP"].dt == stamp

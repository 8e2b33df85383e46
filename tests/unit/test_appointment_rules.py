"""Opening hours, checklists and the warnings a guide sees before saving an appointment."""

from __future__ import annotations

from datetime import datetime, time

import pytest

from lotsen_app.domain.appointments import (
    ALWAYS_BRING,
    AppointmentOutcome,
    AuthorityUsage,
    BusySlot,
    ClientRef,
    NewAppointment,
    OpeningHours,
    OpeningHoursError,
    Step,
    appointment_warnings,
    mask_names,
    names_only_id,
    prefill_checklist,
    validate_appointment,
    validate_outcome,
)
from lotsen_app.domain.enums import AppointmentMode, AppointmentStatus, StepActor

NOW = datetime(2026, 11, 21, 10, 30)
HOURS = OpeningHours.parse("Mo-Fr 08:00-12:00; Do 14:00-18:00")


def _new(start: datetime, minutes: int = 60, **changes) -> NewAppointment:
    values = {"client_ids": (1,), "guide_id": 7, "authority_id": 3} | changes
    return NewAppointment(starts_at=start, duration_minutes=minutes, **values)


def _warnings(data: NewAppointment, others=(), hours=HOURS, state="NW") -> list[str]:
    return appointment_warnings(
        data,
        others=others,
        opening_hours=hours,
        authority_name="Jobcenter Mitte",
        state=state,
        now=NOW,
        guide_name="Anna Schmidt",
        client_names={1: "Ali Hassan", 2: "Mira Hassan"},
    )


class TestOpeningHours:
    def test_parse_ranges_and_repeated_days(self) -> None:
        assert HOURS.days[0] == ((time(8), time(12)),)
        assert HOURS.days[3] == ((time(8), time(12)), (time(14), time(18)))
        assert HOURS.days[5] == HOURS.days[6] == ()
        assert HOURS.text() == (
            "Mo 08:00-12:00; Di 08:00-12:00; Mi 08:00-12:00; "
            "Do 08:00-12:00, 14:00-18:00; Fr 08:00-12:00"
        )

    def test_text_and_json_round_trip(self) -> None:
        assert OpeningHours.parse(HOURS.text()) == HOURS
        assert OpeningHours.from_json(HOURS.to_json()) == HOURS
        assert OpeningHours.from_json("") == OpeningHours()
        assert OpeningHours().to_json() == ""

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("Xy 08:00-12:00", "kein Wochentag"),
            ("Mo 8 bis 12", "Zeiten wie"),
            ("Mo 800-1200", "Zeiten wie"),
            ("Mo 8:3-12", "Zeiten wie"),
            ("Mo 8-12 Uhr Uhr", "Zeiten wie"),
            ("Mo 12-8", "Ende liegt vor dem Anfang"),
            ("Mo 12:00-08:00", "Ende liegt vor dem Anfang"),
            ("Mo 25:00-26:00", "keine gültige Uhrzeit"),
            ("Fr-Mo 08:00-12:00", "verdreht"),
            ("Mo 08:00-12:00; Mo 11:00-13:00", "überschneiden"),
        ],
    )
    def test_bad_text_gives_a_german_reason(self, text: str, message: str) -> None:
        with pytest.raises(OpeningHoursError, match=message):
            OpeningHours.parse(text)

    @pytest.mark.parametrize(
        ("text", "canonical"),
        [
            ("Mo 8-12", "Mo 08:00-12:00"),
            ("Mo 8-12 Uhr", "Mo 08:00-12:00"),
            ("Mo 8:30-12", "Mo 08:30-12:00"),
            ("Mo 08.00-12.00 Uhr", "Mo 08:00-12:00"),
            ("Mo-Fr 8 - 12 uhr, 14-16:30", "Mo 08:00-12:00, 14:00-16:30; Di 08:00-12:00, "
             "14:00-16:30; Mi 08:00-12:00, 14:00-16:30; Do 08:00-12:00, 14:00-16:30; "
             "Fr 08:00-12:00, 14:00-16:30"),
            ("Sa 9–13", "Sa 09:00-13:00"),
            ("Do 14-24", "Do 14:00-23:59"),
        ],
    )  # fmt: skip
    def test_hours_without_minutes_are_read(self, text: str, canonical: str) -> None:
        hours = OpeningHours.parse(text)
        assert hours.text() == canonical
        assert OpeningHours.parse(canonical) == hours

    def test_covers_only_whole_appointments_inside_one_range(self) -> None:
        thursday = datetime(2026, 11, 26)
        assert HOURS.covers(thursday.replace(hour=8), 240)
        assert not HOURS.covers(thursday.replace(hour=11, minute=30), 60)
        assert HOURS.covers(thursday.replace(hour=14), 60)
        assert not HOURS.covers(datetime(2026, 11, 28, 9), 30)  # Saturday
        assert OpeningHours().covers(datetime(2026, 11, 29, 3), 30)  # unknown hours


class TestWarnings:
    def test_a_plain_appointment_gives_no_warning(self) -> None:
        assert _warnings(_new(datetime(2026, 11, 24, 9, 0))) == []

    def test_in_the_past(self) -> None:
        assert "Der Termin liegt in der Vergangenheit." in _warnings(
            _new(datetime(2026, 11, 20, 9, 0))
        )

    def test_state_holiday_is_named(self) -> None:
        # Allerheiligen is a holiday in NRW, not in Berlin; 01.11.2027 is a Monday.
        data = _new(datetime(2027, 11, 1, 9, 0))
        assert any("Feiertag in Nordrhein-Westfalen (Allerheiligen)" in w for w in _warnings(data))
        assert not any("Feiertag" in w for w in _warnings(data, state="BE"))

    def test_outside_opening_hours_names_that_day(self) -> None:
        warnings = _warnings(_new(datetime(2026, 11, 24, 11, 30)))
        assert warnings == ["Außerhalb der Öffnungszeiten von Jobcenter Mitte: Di 08:00-12:00."]

    def test_guide_and_client_double_booked(self) -> None:
        other = BusySlot(
            appointment_id=9,
            starts_at=datetime(2026, 11, 24, 9, 30),
            duration_minutes=60,
            guide_id=7,
            client_ids=frozenset({2}),
            label="Familienkasse",
        )
        data = _new(datetime(2026, 11, 24, 9, 0), client_ids=(1, 2))
        assert _warnings(data, others=[other]) == [
            "Doppelt gebucht: Anna Schmidt hat 09:30–10:30 Uhr schon einen Termin (Familienkasse).",
            "Doppelt gebucht: Mira Hassan hat 09:30–10:30 Uhr schon einen Termin (Familienkasse).",
        ]

    def test_touching_appointments_do_not_clash(self) -> None:
        other = BusySlot(9, datetime(2026, 11, 24, 10, 0), 30, 7, frozenset({1}), "Bank")
        assert _warnings(_new(datetime(2026, 11, 24, 9, 0)), others=[other]) == []

    def test_sunday_without_known_hours(self) -> None:
        data = _new(datetime(2026, 11, 29, 10, 0))
        assert _warnings(data, hours=OpeningHours()) == ["Der Termin liegt an einem Sonntag."]


class TestValidation:
    def test_needs_a_person_a_place_and_a_guide_when_accompanied(self) -> None:
        data = NewAppointment(client_ids=(), starts_at=datetime(2026, 12, 1, 9), guide_id=None)
        assert set(validate_appointment(data)) == {"clients", "place", "guide"}

    def test_interpreter_needs_name_or_language(self) -> None:
        data = _new(datetime(2026, 12, 1, 9), mode=AppointmentMode.INTERPRETER)
        assert "interpreter" in validate_appointment(data)
        data = _new(
            datetime(2026, 12, 1, 9), mode=AppointmentMode.INTERPRETER, interpreter_language="ar"
        )
        assert validate_appointment(data) == {}

    def test_an_interpreter_can_come_along_in_any_mode(self) -> None:
        for mode in AppointmentMode:
            data = _new(
                datetime(2026, 12, 1, 9),
                mode=mode,
                interpreter_name="Samira",
                interpreter_language="ar",
            )
            assert "interpreter" not in validate_appointment(data), mode

    def test_duration_limits(self) -> None:
        assert "duration" in validate_appointment(_new(datetime(2026, 12, 1, 9), minutes=2))
        assert "duration" in validate_appointment(_new(datetime(2026, 12, 1, 9), minutes=13 * 60))

    def test_outcome_of_a_held_appointment_needs_a_step(self) -> None:
        held = AppointmentOutcome(1, AppointmentStatus.DONE)
        assert "steps" in validate_outcome(held)
        with_step = AppointmentOutcome(
            1, AppointmentStatus.DONE, steps=(Step("Antrag abgegeben", StepActor.CLIENT_ALONE),)
        )
        assert validate_outcome(with_step) == {}
        assert validate_outcome(AppointmentOutcome(1, AppointmentStatus.MISSED)) == {}
        assert "status" in validate_outcome(AppointmentOutcome(1, AppointmentStatus.PLANNED))


def test_checklist_prefill_combines_authority_and_purpose_without_duplicates() -> None:
    items = prefill_checklist(
        ["Reisepass oder Ausweis", "Letzter Bescheid"], "Kindergeld beantragen"
    )
    texts = [item.text for item in items]
    assert texts[:2] == ["Reisepass oder Ausweis", "Einladung bzw. Terminschreiben"]
    assert "Letzter Bescheid" in texts
    assert "Geburtsurkunden der Kinder" in texts
    assert len(texts) == len({text.casefold() for text in texts})
    assert not any(item.done for item in items)


def _texts(usual_documents: list[str], purpose: str = "") -> list[str]:
    return [item.text for item in prefill_checklist(usual_documents, purpose)]


@pytest.mark.parametrize(
    "entry", ["Reisepass", "Personalausweis oder Reisepass", "Gültiger Pass", "AUSWEIS"]
)
def test_checklist_lists_the_id_only_once(entry: str) -> None:
    texts = _texts([entry, "Letzter Bescheid"])
    assert texts == [*ALWAYS_BRING, "Letzter Bescheid"]


def test_what_names_only_an_id() -> None:
    assert names_only_id("Personalausweis oder Reisepass")
    assert names_only_id("Reisepass bzw. Ausweis")
    assert not names_only_id("Aktuelles biometrisches Passfoto")
    assert not names_only_id("Reisepass des Kindes")
    assert not names_only_id("oder")


def test_checklist_keeps_the_longer_of_two_entries_that_begin_alike() -> None:
    # The school's "Letztes Zeugnis (bei Schulwechsel)" says more than the purpose's
    # "Letztes Zeugnis"; it stays where the first of the two was.
    texts = _texts(["Letztes Zeugnis (bei Schulwechsel)"], "Schulanmeldung")
    assert texts.count("Letztes Zeugnis (bei Schulwechsel)") == 1
    assert "Letztes Zeugnis" not in texts
    texts = _texts(["Kontoauszüge", "Letzter Bescheid"], "Bürgergeld Weiterbewilligung")
    assert texts[2:4] == ["Kontoauszüge der letzten 3 Monate", "Letzter Bescheid"]
    assert "Kontoauszüge" not in texts
    # Only whole words: "Mietvertrag" is not the beginning of "Mietvertragsnummer".
    assert _texts(["Mietvertrag", "Mietvertragsnummer"])[2:] == [
        "Mietvertrag",
        "Mietvertragsnummer",
    ]


class TestMaskNames:
    FAMILY = (ClientRef(1, "Layla", "Haddad"), ClientRef(2, "Omar", "Al-Sayed"))

    @pytest.mark.parametrize(
        ("text", "masked"),
        [
            ("Hausbesuch bei Layla Haddad", "Hausbesuch bei L. H."),
            ("Wohnung HADDAD, Beispielweg 4", "Wohnung H., Beispielweg 4"),
            ("Haddads Wohnung", "H. Wohnung"),
            ("Laylas Schule", "L. Schule"),
            ("Bei Haddad's", "Bei H."),
            ("Termin für Omar Al-Sayed und Frau Sayed", "Termin für O. A. und Frau S."),
            ("Haddadstraße 5", "Haddadstraße 5"),  # part of another word: left alone
            ("", ""),
        ],
    )
    def test_names_become_initials(self, text: str, masked: str) -> None:
        assert mask_names(text, self.FAMILY) == masked

    def test_short_names_have_no_possessive(self) -> None:
        """A two-letter given name would otherwise eat "als" or "Los"."""
        li = (ClientRef(3, "Li", "Wang"),)
        assert mask_names("Li Wang als Begleitung", li) == "L. W. als Begleitung"
        assert mask_names("Wangs Termin", li) == "W. Termin"


def test_usage_of_a_directory_entry_in_words() -> None:
    assert AuthorityUsage(1, 0).text() == "1 Termin"
    assert AuthorityUsage(0, 3).text() == "3 Kontakten"
    assert AuthorityUsage(2, 1).text() == "2 Terminen und 1 Kontakt"
    assert AuthorityUsage(2, 1).used and not AuthorityUsage().used

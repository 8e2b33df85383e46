"""Casework rules: contact validation, health warnings, the self-help measure, volunteer hours,
checklists and the timeline filter. Plain data, no database."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from lotsen_app.domain.appointments import Step
from lotsen_app.domain.casework import (
    DEFAULT_TEMPLATES,
    AppointmentTime,
    ContactTime,
    GoalEvent,
    NewContact,
    NewGoal,
    PersonStep,
    ProcedureTemplate,
    Quarter,
    SelfHelpCounts,
    TemplateItem,
    TimelineEntry,
    VolunteerEntry,
    count_steps,
    filter_timeline,
    format_hours,
    hours_cap_warning,
    items_from_json,
    items_to_json,
    last_months,
    months_before,
    newest_first,
    note_warnings,
    quarters_until,
    self_help_sentence,
    self_help_shares,
    short_name,
    template_tasks,
    validate_completion,
    validate_contact,
    validate_goal,
    validate_task,
    validate_template,
    validate_volunteer_entry,
    volunteer_hours,
)
from lotsen_app.domain.deadline_tracking import NewTask
from lotsen_app.domain.enums import (
    AppointmentStatus,
    ContactKind,
    FormOfAddress,
    GoalStatus,
    Pillar,
    StepActor,
    TimelineKind,
    Topic,
    VolunteerActivity,
)

TODAY = date(2026, 11, 21)
ALONE, TOGETHER, GUIDE = StepActor.CLIENT_ALONE, StepActor.TOGETHER, StepActor.GUIDE


def _contact(**changes: object) -> NewContact:
    values: dict[str, object] = {
        "occurred_on": TODAY,
        "duration_minutes": 45,
        "kind": ContactKind.COUNSELLING,
        "client_ids": (1,),
        "topics": (Topic.MONEY,),
        "steps": (Step("Antrag ausgefüllt", TOGETHER),),
    }
    values.update(changes)
    return NewContact(**values)  # type: ignore[arg-type]


# --- contact validation ----------------------------------------------------------------------


def test_a_complete_contact_is_valid() -> None:
    assert validate_contact(_contact(note="x" * 2000, travel_cost_cents=0), TODAY) == {}


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"occurred_on": date(2026, 11, 22)}, "occurred_on", "Zukunft"),
        ({"duration_minutes": 0}, "duration", "1 Minute"),
        ({"duration_minutes": 721}, "duration", "12 Stunden"),
        ({"client_ids": ()}, "clients", "mindestens eine Person"),
        ({"topics": ("arbeit",)}, "topics", "Themen aus der Liste"),
        ({"travel_cost_cents": -1}, "travel_cost", "nicht negativ"),
        ({"travel_minutes": -5}, "travel_minutes", "Fahrzeit"),
        ({"note": "x" * 2001}, "note", "2000 Zeichen"),
        ({"steps": (Step("  ", ALONE),)}, "steps", "keinen Text"),
        ({"travel_cost_cents": 100_001}, "travel_cost", "höchstens 1.000 €"),
        ({"steps": tuple(Step(f"S{n}", ALONE) for n in range(31))}, "steps", "Höchstens 30"),
        ({"steps": (PersonStep("Antrag", ALONE, 2),)}, "steps", "nicht angehakt"),
    ],
)
def test_bad_contacts_get_a_german_message_for_the_field(
    changes: dict[str, object], field: str, words: str
) -> None:
    errors = validate_contact(_contact(**changes), TODAY)
    assert field in errors and words in errors[field]


def test_a_contact_without_steps_is_allowed() -> None:
    assert validate_contact(_contact(steps=()), TODAY) == {}


def test_the_limits_themselves_are_allowed() -> None:
    steps = tuple(PersonStep(f"S{n}", ALONE, 1) for n in range(30))
    assert validate_contact(_contact(travel_cost_cents=100_000, steps=steps), TODAY) == {}


def test_a_task_is_not_done_before_it_was_written_down_nor_in_the_future() -> None:
    created = date(2026, 11, 10)
    assert validate_completion(ALONE, created, TODAY, created) == {}
    before = validate_completion(ALONE, date(2026, 11, 9), TODAY, created)
    assert "vor dem Tag, an dem die Aufgabe eingetragen wurde (10.11.2026)" in before["done_on"]
    assert "Zukunft" in validate_completion(ALONE, date(2026, 11, 22), TODAY, created)["done_on"]
    assert validate_completion(ALONE, date(2020, 1, 1), TODAY, None) == {}  # before 0003


def test_a_goal_event_in_one_german_line() -> None:
    reached = GoalEvent(1, date(2026, 11, 3), GoalStatus.REACHED, "Prüfung bestanden")
    assert reached.summary == "erreicht am 03.11.2026: Prüfung bestanden"
    assert GoalEvent(1, date(2026, 11, 3), GoalStatus.DROPPED).summary == "aufgegeben am 03.11.2026"
    text = GoalEvent(1, date(2026, 11, 3), GoalStatus.OPEN, previous_text="B1")
    assert text.is_text_change and text.summary == "Text geändert am 03.11.2026, vorher: „B1“"


# --- health warnings -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "note",
    [
        "Diagnose beim Hausarzt besprochen",
        "nimmt Tabletten gegen Diabetes",
        "Frau Y. ist SCHWANGER, Termin verschoben",
        "war in der Psychiatrie",
        "Brustkrebs, Chemo ab Januar",
        "hat starke Kopfschmerzen",
        "Depressionen seit der Flucht",
        "Angststörung, Therapie beginnt",
        "Medikamente vom Krankenhaus",
        "ist seit Montag krankgeschrieben",
    ],
)
def test_health_details_in_a_note_give_a_warning(note: str) -> None:
    warnings = note_warnings(note)
    assert len(warnings) == 1
    assert "Gesundheit" in warnings[0] and "Diagnosen" in warnings[0]


@pytest.mark.parametrize(
    "note",
    [
        "Karte der Krankenkasse abgeholt, Krankenversicherung geklärt",
        "sucht eine Wohnung in Hochfeld, hat besucht und versucht",
        "Antrag beim Jobcenter abgegeben, Traum von eigener Wohnung",
        "Termin beim Gesundheitsamt für die Schuleingangsuntersuchung",
        "",
    ],
)
def test_everyday_notes_give_no_warning(note: str) -> None:
    assert note_warnings(note) == []


def test_the_warning_quotes_the_words_as_written() -> None:
    (warning,) = note_warnings("Tabletten und nochmal TABLETTEN, dazu Insulin")
    assert "„Tabletten“" in warning and "„Insulin“" in warning
    assert warning.count("abletten") == 1


# --- the self-help measure -------------------------------------------------------------------

# A known data set: who did which step, on which day.
STEPS = [
    (date(2026, 6, 30), GUIDE),  # Q2
    (date(2026, 7, 10), GUIDE),  # Q3
    (date(2026, 8, 1), GUIDE),
    (date(2026, 8, 15), TOGETHER),
    (date(2026, 9, 30), ALONE),
    (date(2026, 10, 1), TOGETHER),  # Q4
    (date(2026, 10, 20), ALONE),
    (date(2026, 11, 2), ALONE),
    (date(2026, 11, 20), ALONE),
    (date(2026, 11, 21), GUIDE),
]


def test_shares_per_quarter_of_a_known_data_set() -> None:
    shares = self_help_shares(STEPS, quarters_until(TODAY, 4))
    assert [s.quarter for s in shares] == [Quarter(2026, n) for n in (1, 2, 3, 4)]
    q1, q2, q3, q4 = (s.counts for s in shares)
    assert q1 == SelfHelpCounts(0, 0, 0) and q1.share(ALONE) == 0.0
    assert q2 == SelfHelpCounts(alone=0, together=0, guide=1)
    # Q3: 1 alone (30.09.), 1 together (15.08.), 2 by the guide (10.07., 01.08.) of 4.
    assert q3 == SelfHelpCounts(alone=1, together=1, guide=2)
    assert (q3.share(ALONE), q3.share(TOGETHER), q3.share(GUIDE)) == (0.25, 0.25, 0.5)
    # Q4: 3 alone, 1 together, 1 by the guide of 5: 60 %, 20 %, 20 %.
    assert q4 == SelfHelpCounts(alone=3, together=1, guide=1)
    assert q4.percentages() == (60, 20, 20)


def test_without_quarters_every_quarter_from_first_to_last_step() -> None:
    shares = self_help_shares(STEPS)
    assert [s.quarter.short_label for s in shares] == ["Q2/2026", "Q3/2026", "Q4/2026"]
    assert sum(s.counts.total for s in shares) == len(STEPS)
    assert self_help_shares([]) == []


def test_quarters_cross_the_year() -> None:
    assert quarters_until(date(2026, 2, 1), 3) == (
        Quarter(2025, 3),
        Quarter(2025, 4),
        Quarter(2026, 1),
    )
    assert Quarter(2025, 4).last_day == date(2025, 12, 31)
    assert Quarter(2026, 1).label == "1. Quartal 2026"


def test_percentages_always_add_up_to_100() -> None:
    assert sum(SelfHelpCounts(1, 1, 1).percentages()) == 100
    assert sum(SelfHelpCounts(2, 3, 6).percentages()) == 100
    assert SelfHelpCounts().percentages() == (0, 0, 0)


def test_the_last_three_months_and_their_counts() -> None:
    start, end = last_months(TODAY, 3)
    assert (start, end) == (date(2026, 8, 22), TODAY)
    # 30.09. alone, 01.10. together, 20.10./02.11./20.11. alone, 21.11. guide; 15.08. is older.
    assert count_steps(STEPS, start, end) == SelfHelpCounts(alone=4, together=1, guide=1)


def test_months_before_keeps_the_day_or_takes_the_months_last() -> None:
    assert months_before(date(2026, 5, 31), 3) == date(2026, 2, 28)
    assert months_before(date(2024, 5, 31), 3) == date(2024, 2, 29)
    assert months_before(date(2026, 1, 15), 3) == date(2025, 10, 15)


def test_the_sentence_names_the_client_by_form_of_address_and_initial() -> None:
    counts = SelfHelpCounts(alone=6, together=2, guide=1)
    frau = short_name(FormOfAddress.FRAU, "Ayşe", "Yılmaz")
    assert self_help_sentence(frau, counts) == (
        "In den letzten 3 Monaten hat Frau Y. 6 von 9 Schritten selbst erledigt."
    )
    assert short_name(FormOfAddress.HERR, "Oleksandr", "Bondarenko") == "Herr B."
    neutral = short_name(FormOfAddress.NEUTRAL, "ali", "çelik")
    assert neutral == "A. Ç."
    assert self_help_sentence(neutral, SelfHelpCounts(alone=1), months=1) == (
        "Im letzten Monat hat A. Ç. 1 von 1 Schritt selbst erledigt."
    )
    assert short_name(None, "Mia", "") == "M."


def test_the_sentence_without_steps() -> None:
    assert self_help_sentence("Frau Y.", SelfHelpCounts()) == (
        "In den letzten 3 Monaten wurde für Frau Y. kein Schritt eingetragen."
    )


# --- volunteer hours -------------------------------------------------------------------------


def test_a_family_contact_counts_once_in_the_guides_hours() -> None:
    family_contact = ContactTime(7, date(2026, 3, 4), 90, travel_minutes=30)
    # The same contact as read once per family member: still one contact.
    hours = volunteer_hours(2026, [family_contact] * 3, [], [])
    assert hours.months[2].contact_minutes == 90
    assert hours.months[2].travel_minutes == 30
    assert hours.total_minutes == 120
    assert hours.hours == 2.0


def test_an_appointment_with_a_contact_counts_once() -> None:
    contact = ContactTime(1, date(2026, 5, 6), 75, appointment_id=10)
    held_with_contact = AppointmentTime(10, date(2026, 5, 6), 60, AppointmentStatus.DONE)
    held_without = AppointmentTime(11, date(2026, 5, 20), 45, AppointmentStatus.DONE)
    flagged = AppointmentTime(12, date(2026, 5, 21), 30, AppointmentStatus.DONE, has_contact=True)
    planned = AppointmentTime(13, date(2026, 5, 22), 60, AppointmentStatus.PLANNED)
    cancelled = AppointmentTime(14, date(2026, 5, 23), 60, AppointmentStatus.CANCELLED)
    hours = volunteer_hours(
        2026, [contact], [held_with_contact, held_without, flagged, planned, cancelled], []
    )
    may = hours.months[4]
    assert (may.contact_minutes, may.appointment_minutes) == (75, 45)
    assert hours.total_minutes == 120


def test_manual_entries_and_other_years() -> None:
    entries = [
        VolunteerEntry(1, date(2026, 1, 10), 180, VolunteerActivity.TRAINING),
        VolunteerEntry(1, date(2026, 1, 24), 60, VolunteerActivity.TEAM_MEETING),
        VolunteerEntry(1, date(2025, 12, 31), 600, VolunteerActivity.OTHER),
    ]
    contacts = [ContactTime(1, date(2025, 12, 30), 60), ContactTime(2, date(2026, 12, 1), 30)]
    hours = volunteer_hours(2026, contacts, [], entries)
    assert hours.months[0].manual_minutes == 240
    assert hours.months[11].contact_minutes == 30
    assert hours.total_minutes == 270
    assert [m.month for m in hours.months] == list(range(1, 13))
    assert hours.months[2].label == "März"


def test_volunteer_entry_validation() -> None:
    good = VolunteerEntry(1, TODAY, 90, VolunteerActivity.TRAVEL, "Fahrt zur Schulung")
    assert validate_volunteer_entry(good, TODAY) == {}
    bad = VolunteerEntry(1, date(2026, 11, 22), 0, VolunteerActivity.OTHER)
    assert set(validate_volunteer_entry(bad, TODAY)) == {"occurred_on", "minutes"}


def test_cap_warning_from_90_percent() -> None:
    assert hours_cap_warning(755.5, 840) is None
    assert hours_cap_warning(900, None) is None
    warning = hours_cap_warning(756, 840, year=2026)
    assert warning is not None
    assert "756 von 840 bezahlten Stunden im Jahr 2026" in warning and "90 %" in warning
    assert "84 Stunden" in warning
    reached = hours_cap_warning(840, 840)
    assert reached is not None and "erreicht" in reached and "in diesem Jahr" in reached
    over = hours_cap_warning(850.25, 840)
    assert over is not None and "überschritten" in over and "850,2" in over


def test_hours_are_written_the_german_way() -> None:
    assert format_hours(12.0) == "12"
    assert format_hours(12.5) == "12,5"
    assert format_hours(1 / 3) == "0,3"


# --- goals, tasks, checklists ----------------------------------------------------------------


def test_goal_validation() -> None:
    assert validate_goal(NewGoal("B1-Prüfung bestehen", Pillar.LANGUAGE), TODAY) == {}
    errors = validate_goal(
        NewGoal(" ", None, target_date=date(2026, 1, 1)),  # type: ignore[arg-type]
        TODAY,
    )
    assert set(errors) == {"text", "pillar", "target_date"}
    assert "vor dem Tag der Vereinbarung" in errors["target_date"]
    future = validate_goal(NewGoal("x", Pillar.WORK, agreed_on=date(2027, 1, 1)), TODAY)
    assert "agreed_on" in future


def test_task_validation() -> None:
    assert validate_task(NewTask("Kontoauszüge kopieren", TODAY, ALONE)) == {}
    assert "text" in validate_task(NewTask("  "))
    assert "due" in validate_task(NewTask("x", date(1999, 12, 31)))


def test_the_six_default_checklists() -> None:
    names = [template.name for template in DEFAULT_TEMPLATES]
    assert names == [
        "Kindergeld-Antrag",
        "Bürgergeld-Weiterbewilligung",
        "Verlängerung Aufenthaltstitel",
        "Wohnsitz anmelden",
        "Schulanmeldung",
        "Anmeldung Integrationskurs",
    ]
    for template in DEFAULT_TEMPLATES:
        assert 5 <= len(template.items) <= 8, template.name
        assert validate_template(template) == {}
        assert note_warnings(" ".join(item.text for item in template.items)) == []


def test_checklist_items_survive_json_and_become_tasks() -> None:
    items = (TemplateItem("Pass kopieren", ALONE), TemplateItem("Formular ausfüllen"))
    assert items_from_json(items_to_json(items)) == items
    assert items_from_json('["alt", {"text": "neu", "actor": "unbekannt"}]') == (
        TemplateItem("alt"),
        TemplateItem("neu"),
    )
    assert items_from_json("kaputt") == ()
    tasks = template_tasks(ProcedureTemplate("x", items), due=TODAY, goal_id=4)
    assert [(t.text, t.intended_actor, t.due, t.goal_id) for t in tasks] == [
        ("Pass kopieren", ALONE, TODAY, 4),
        ("Formular ausfüllen", None, TODAY, 4),
    ]
    assert set(validate_template(ProcedureTemplate("", (TemplateItem(" "),)))) == {
        "name",
        "items",
    }


# --- the timeline ----------------------------------------------------------------------------


def test_timeline_newest_first_and_filters() -> None:
    contact = TimelineEntry(
        TimelineKind.CONTACT, date(2026, 11, 3), "Beratung", topics=(Topic.WORK,), ref_id=1
    )
    appointment = TimelineEntry(
        TimelineKind.APPOINTMENT, datetime(2026, 11, 3, 9, 0), "Termin", ref_id=2
    )
    goal = TimelineEntry(
        TimelineKind.GOAL, date(2026, 10, 1), "Ziel", pillar=Pillar.LANGUAGE, ref_id=3
    )
    deadline = TimelineEntry(
        TimelineKind.DEADLINE, date(2026, 12, 5), "Frist", topics=(Topic.RESIDENCE,), ref_id=4
    )
    entries = newest_first([goal, appointment, contact, deadline])
    assert [e.ref_id for e in entries] == [4, 1, 2, 3]
    assert [e.ref_id for e in filter_timeline(entries, kinds=[TimelineKind.GOAL])] == [3]
    assert [e.ref_id for e in filter_timeline(entries, pillar=Pillar.WORK)] == [1]
    assert [e.ref_id for e in filter_timeline(entries, pillar=Pillar.SOCIETY)] == [4]
    assert [e.ref_id for e in filter_timeline(entries, pillar=Pillar.LANGUAGE)] == [3]
    assert [e.ref_id for e in filter_timeline(entries, topic=Topic.RESIDENCE)] == [4]
    both = filter_timeline(entries, kinds=[TimelineKind.CONTACT], pillar=Pillar.LANGUAGE)
    assert both == []

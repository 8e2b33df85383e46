"""GIVEN a database file WHEN guides record casework THEN journals, goals, tasks, checklists,
the timeline, the self-help measure and volunteer hours hold, on real SQLite files."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from lotsen_app.domain.appointments import AppointmentOutcome, NewAppointment, Step
from lotsen_app.domain.casework import (
    DEFAULT_TEMPLATES,
    NewContact,
    NewGoal,
    PersonStep,
    ProcedureTemplate,
    SelfHelpCounts,
    TemplateItem,
    VolunteerEntry,
)
from lotsen_app.domain.clients import ClientInput
from lotsen_app.domain.deadline_tracking import LetterInput, NewDeadline, NewTask
from lotsen_app.domain.deadlines import DeadlineKind
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
from lotsen_app.domain.errors import NotFoundError, ValidationError
from lotsen_app.domain.guides import GuideInput
from lotsen_app.persistence.database import Database, open_database
from lotsen_app.persistence.models import (
    AuditEntry,
    Client,
    Contact,
    ContactClient,
    ContactStep,
    Goal,
    GoalEventRecord,
    Task,
    VolunteerTimeEntry,
)
from lotsen_app.services.casework import CaseworkService
from lotsen_app.services.container import Services
from tests.conftest import FIXED_NOW, fixed_clock

TODAY = FIXED_NOW.date()  # Saturday 2026-11-21
ALONE, TOGETHER, GUIDE = StepActor.CLIENT_ALONE, StepActor.TOGETHER, StepActor.GUIDE
SCHEMA_0002 = Path(__file__).parent / "schemas" / "schema_0002.sql"


@pytest.fixture
def casework(database: Database) -> CaseworkService:
    return CaseworkService(database, fixed_clock)


@pytest.fixture
def people(services: Services) -> dict[str, int]:
    guide = services.guides.create(GuideInput("Anna", "Schmidt"))
    other_guide = services.guides.create(GuideInput("Jonas", "Weber"))
    mother = services.clients.create(
        ClientInput("Layla", "Haddad", form_of_address=FormOfAddress.FRAU), guide_id=guide
    )
    son = services.clients.create(
        ClientInput("Omar", "Haddad", form_of_address=FormOfAddress.HERR), guide_id=guide
    )
    neighbour = services.clients.create(ClientInput("Olena", "Iwanowa"), guide_id=other_guide)
    return {
        "guide": guide,
        "other_guide": other_guide,
        "mother": mother,
        "son": son,
        "neighbour": neighbour,
    }


def _contact(people: dict[str, int], *clients: str, **changes: object) -> NewContact:
    data = NewContact(
        occurred_on=date(2026, 11, 10),
        duration_minutes=90,
        kind=ContactKind.HOME_VISIT,
        client_ids=tuple(people[name] for name in clients or ("mother",)),
        topics=(Topic.MONEY, Topic.FAMILY),
        steps=(
            Step("Kindergeldantrag ausgefüllt", TOGETHER),
            Step("Kontoauszüge kopiert", ALONE),
        ),
        note="Unterlagen für die Familienkasse zusammengestellt.",
        guide_id=people["guide"],
        travel_minutes=20,
        travel_cost_cents=340,
    )
    return replace(data, **changes)  # type: ignore[arg-type]


def _count(database: Database, model: type) -> int:
    with database.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


# --- the contact journal ---------------------------------------------------------------------


def test_a_family_contact_is_in_each_members_journal_and_once_in_the_hours(
    casework: CaseworkService, people: dict[str, int]
) -> None:
    contact_id = casework.record_contact(_contact(people, "mother", "son"))

    for member in ("mother", "son"):
        (row,) = casework.journal(people[member])
        assert row.id == contact_id
        assert row.is_family_contact
        assert set(row.client_ids) == {people["mother"], people["son"]}
        assert [(s.description, s.actor) for s in row.steps] == [
            ("Kindergeldantrag ausgefüllt", TOGETHER),
            ("Kontoauszüge kopiert", ALONE),
        ]
        assert row.topics == (Topic.MONEY, Topic.FAMILY)
        assert row.guide_name == "Anna Schmidt"
        assert (row.travel_minutes, row.travel_cost_cents) == (20, 340)
    assert casework.journal(people["neighbour"]) == []

    hours = casework.volunteer_hours(people["guide"], 2026)
    november = hours.months[10]
    assert (november.contact_minutes, november.travel_minutes) == (90, 20)
    assert hours.total_minutes == 110
    assert casework.volunteer_hours(people["other_guide"], 2026).total_minutes == 0


def test_the_journal_is_newest_first(casework: CaseworkService, people: dict[str, int]) -> None:
    older = casework.record_contact(_contact(people, occurred_on=date(2026, 9, 1)))
    newer = casework.record_contact(_contact(people, occurred_on=date(2026, 11, 20)))
    same_day_later = casework.record_contact(_contact(people, occurred_on=date(2026, 11, 20)))
    assert [row.id for row in casework.journal(people["mother"])] == [
        same_day_later,
        newer,
        older,
    ]


def test_invalid_contacts_are_refused_and_nothing_is_written(
    casework: CaseworkService, database: Database, people: dict[str, int]
) -> None:
    audits = _count(database, AuditEntry)
    bad = [
        _contact(people, occurred_on=date(2026, 11, 22)),
        _contact(people, duration_minutes=0),
        _contact(people, client_ids=()),
        _contact(people, travel_cost_cents=-100),
        _contact(people, note="x" * 2001),
        _contact(people, steps=(Step("", ALONE),)),
    ]
    for data in bad:
        with pytest.raises(ValidationError) as raised:
            casework.record_contact(data)
        assert raised.value.errors and all(raised.value.errors.values())
    with pytest.raises(NotFoundError, match="gibt es nicht"):
        casework.record_contact(_contact(people, client_ids=(people["mother"], 9999)))
    for model in (Contact, ContactClient, ContactStep):
        assert _count(database, model) == 0
    assert _count(database, AuditEntry) == audits


def test_a_health_note_warns_but_saves(casework: CaseworkService, people: dict[str, int]) -> None:
    data = _contact(people, note="Termin wegen der Schwangerschaft verschoben")
    assert casework.note_warnings(data.note)
    contact_id = casework.record_contact(data)
    assert casework.contact(contact_id).note == data.note


def test_update_and_delete_a_contact(
    casework: CaseworkService, database: Database, people: dict[str, int]
) -> None:
    contact_id = casework.record_contact(_contact(people, "mother", "son"))
    changed = _contact(
        people,
        "son",
        steps=(Step("Schulanmeldung abgegeben", ALONE),),
        topics=(Topic.SCHOOL,),
        duration_minutes=30,
    )
    casework.update_contact(contact_id, changed)
    assert casework.journal(people["mother"]) == []
    (row,) = casework.journal(people["son"])
    assert row.as_input() == replace(changed, note=changed.note.strip())
    assert _count(database, ContactStep) == 1

    with pytest.raises(ValidationError):
        casework.update_contact(contact_id, replace(changed, duration_minutes=721))
    assert casework.contact(contact_id).duration_minutes == 30

    casework.delete_contact(contact_id)
    assert casework.journal(people["son"]) == []
    for model in (Contact, ContactClient, ContactStep):
        assert _count(database, model) == 0
    with pytest.raises(NotFoundError):
        casework.delete_contact(contact_id)


def test_an_appointment_and_its_contact_count_once_in_the_hours(
    services: Services, casework: CaseworkService, people: dict[str, int]
) -> None:
    held = services.appointments.create(
        NewAppointment(
            client_ids=(people["mother"], people["son"]),
            starts_at=datetime(2026, 11, 18, 9, 0),
            duration_minutes=60,
            place="Jobcenter",
            guide_id=people["guide"],
        )
    )
    contact_id = services.appointments.record_outcome(
        AppointmentOutcome(
            appointment_id=held,
            status=AppointmentStatus.DONE,
            duration_minutes=80,
            topics=(Topic.WORK,),
            steps=(Step("Weiterbewilligung abgegeben", ALONE),),
        )
    )
    assert contact_id is not None
    # The outcome's contact holds the time: 80 minutes, not 80 + 60.
    assert casework.volunteer_hours(people["guide"], 2026).months[10].contact_minutes == 80
    assert casework.volunteer_hours(people["guide"], 2026).total_minutes == 80
    # Without the contact the held appointment counts with its own duration.
    casework.delete_contact(contact_id)
    hours = casework.volunteer_hours(people["guide"], 2026)
    assert (hours.months[10].contact_minutes, hours.months[10].appointment_minutes) == (0, 60)
    assert hours.total_minutes == 60


# --- goals and tasks -------------------------------------------------------------------------


def test_goal_lifecycle_keeps_its_dates_and_note(
    casework: CaseworkService, people: dict[str, int]
) -> None:
    goal_id = casework.add_goal(
        people["mother"],
        NewGoal(
            "Deutsch B1 bestehen",
            Pillar.LANGUAGE,
            target_date=date(2027, 6, 30),
            agreed_on=date(2026, 9, 1),
        ),
    )
    (goal,) = casework.goals(people["mother"])
    assert (goal.status, goal.agreed_on, goal.pillar) == (
        GoalStatus.OPEN,
        date(2026, 9, 1),
        Pillar.LANGUAGE,
    )
    casework.set_goal_status(goal_id, GoalStatus.CHANGED, note="Erst A2, dann B1")
    (goal,) = casework.goals(people["mother"])
    assert (goal.status, goal.status_changed_on, goal.status_note) == (
        GoalStatus.CHANGED,
        TODAY,
        "Erst A2, dann B1",
    )
    casework.set_goal_status(goal_id, GoalStatus.REACHED, on=date(2026, 11, 1))
    assert casework.goals(people["mother"])[0].status_changed_on == date(2026, 11, 1)
    with pytest.raises(ValidationError, match="Zukunft"):
        casework.set_goal_status(goal_id, GoalStatus.DROPPED, on=date(2026, 12, 1))
    with pytest.raises(ValidationError, match="vor dem Tag der Vereinbarung"):
        casework.set_goal_status(goal_id, GoalStatus.DROPPED, on=date(2026, 8, 1))
    assert casework.goals(people["mother"])[0].status == GoalStatus.REACHED
    with pytest.raises(ValidationError):
        casework.add_goal(people["mother"], NewGoal("", Pillar.WORK))
    assert len(casework.goals(people["mother"])) == 1
    assert casework.goals(people["son"]) == []


def test_goal_history_keeps_every_status_and_text_change(
    casework: CaseworkService, database: Database, people: dict[str, int]
) -> None:
    mother = people["mother"]
    goal_id = casework.add_goal(
        mother, NewGoal("Deutsch B1 bestehen", Pillar.LANGUAGE, agreed_on=date(2026, 9, 1))
    )
    assert casework.goal_history(goal_id) == []
    casework.set_goal_status(goal_id, GoalStatus.CHANGED, date(2026, 10, 1), "Erst A2")
    casework.update_goal(goal_id, NewGoal("Deutsch A2 bestehen", Pillar.LANGUAGE))
    casework.update_goal(goal_id, NewGoal("Deutsch A2 bestehen", Pillar.SOCIETY))  # same text
    casework.set_goal_status(goal_id, GoalStatus.REACHED, date(2026, 11, 3), "Prüfung bestanden")
    history = casework.goal_history(goal_id)
    assert [(e.on, e.status, e.note, e.previous_text) for e in history] == [
        (date(2026, 10, 1), GoalStatus.CHANGED, "Erst A2", ""),
        (date(2026, 11, 3), GoalStatus.REACHED, "Prüfung bestanden", ""),
        (TODAY, GoalStatus.CHANGED, "", "Deutsch B1 bestehen"),  # oldest first, by day
    ]
    assert history[0].summary == "geändert am 01.10.2026: Erst A2"
    assert history[2].summary == "Text geändert am 21.11.2026, vorher: „Deutsch B1 bestehen“"

    goals = [e for e in casework.timeline(mother) if e.kind == TimelineKind.GOAL]
    assert [(e.day, e.title, e.detail) for e in goals] == [
        (TODAY, "Ziel umformuliert: Deutsch A2 bestehen", history[2].summary),
        (
            date(2026, 11, 3),
            "Ziel erreicht: Deutsch A2 bestehen",
            "erreicht am 03.11.2026: Prüfung bestanden",
        ),
        (
            date(2026, 10, 1),
            "Ziel geändert: Deutsch A2 bestehen",
            "geändert am 01.10.2026: Erst A2",
        ),
        (date(2026, 9, 1), "Ziel: Deutsch A2 bestehen", "vereinbart"),
    ]
    with pytest.raises(NotFoundError):
        casework.goal_history(9999)
    casework.delete_goal(goal_id)
    assert _count(database, GoalEventRecord) == 0


def test_task_lifecycle_with_who_did_it(
    casework: CaseworkService, database: Database, people: dict[str, int]
) -> None:
    goal_id = casework.add_goal(people["mother"], NewGoal("Eine Arbeit finden", Pillar.WORK))
    later = casework.add_task(
        people["mother"],
        NewTask("Lebenslauf schreiben", date(2026, 12, 15), ALONE, goal_id=goal_id),
    )
    sooner = casework.add_task(
        people["mother"], NewTask("Termin Agentur für Arbeit", date(2026, 11, 30), TOGETHER)
    )
    undated = casework.add_task(people["mother"], NewTask("Zeugnisse übersetzen lassen"))
    assert [t.id for t in casework.tasks(people["mother"])] == [sooner, later, undated]
    first = casework.tasks(people["mother"])[1]
    assert (first.goal_id, first.goal_text, first.created_on) == (
        goal_id,
        "Eine Arbeit finden",
        TODAY,
    )

    casework.complete_task(later, ALONE, TODAY)
    done = next(t for t in casework.tasks(people["mother"]) if t.id == later)
    assert (done.done, done.done_by, done.done_on) == (True, ALONE, TODAY)
    assert [t.id for t in casework.tasks(people["mother"])] == [sooner, undated, later]
    (goal,) = casework.goals(people["mother"])
    assert (goal.open_tasks, goal.done_tasks) == (0, 1)

    with pytest.raises(ValidationError, match="Zukunft"):
        casework.complete_task(sooner, GUIDE, date(2026, 11, 22))
    casework.reopen_task(later)
    assert not next(t for t in casework.tasks(people["mother"]) if t.id == later).done

    other_goal = casework.add_goal(people["son"], NewGoal("Ausbildung", Pillar.WORK))
    tasks_before = _count(database, Task)
    with pytest.raises(ValidationError, match="anderen Person"):
        casework.add_task(people["mother"], NewTask("x", goal_id=other_goal))
    with pytest.raises(ValidationError):
        casework.add_task(people["mother"], NewTask("   "))
    assert _count(database, Task) == tasks_before

    casework.delete_goal(goal_id)
    assert next(t for t in casework.tasks(people["mother"]) if t.id == later).goal_id is None
    casework.delete_task(undated)
    assert undated not in [t.id for t in casework.tasks(people["mother"])]


# --- procedure checklists --------------------------------------------------------------------


def test_default_checklists_are_seeded_once_and_editable(casework: CaseworkService) -> None:
    templates = casework.templates()
    assert [t.name for t in templates] == [t.name for t in DEFAULT_TEMPLATES]
    assert templates[0].items == DEFAULT_TEMPLATES[0].items
    assert [t.name for t in casework.templates()] == [t.name for t in DEFAULT_TEMPLATES]

    edited = replace(
        templates[3], items=(*templates[3].items[:2], TemplateItem("Rundfunkbeitrag ummelden"))
    )
    casework.save_template(edited)
    assert casework.templates()[3].items[-1] == TemplateItem("Rundfunkbeitrag ummelden")
    new_id = casework.save_template(
        ProcedureTemplate("Wohngeld-Antrag", (TemplateItem("Mietvertrag kopieren", ALONE),))
    )
    assert casework.templates()[-1].id == new_id
    with pytest.raises(ValidationError):
        casework.save_template(ProcedureTemplate("Leer", ()))

    for template in casework.templates():
        assert template.id is not None
        casework.delete_template(template.id)
    assert casework.templates() == []  # the defaults do not come back


def test_a_checklist_applied_gives_tasks_that_are_then_edited(
    casework: CaseworkService, people: dict[str, int]
) -> None:
    template = next(t for t in casework.templates() if t.name == "Wohnsitz anmelden")
    assert template.id is not None
    goal_id = casework.add_goal(people["son"], NewGoal("In Duisburg ankommen", Pillar.SOCIETY))
    ids = casework.apply_template(people["son"], template.id, date(2026, 12, 4), goal_id)
    tasks = {t.id: t for t in casework.tasks(people["son"])}
    assert [tasks[i].text for i in ids] == [item.text for item in template.items]
    assert [tasks[i].intended_actor for i in ids] == [item.actor for item in template.items]
    assert {(tasks[i].due_date, tasks[i].goal_id) for i in ids} == {(date(2026, 12, 4), goal_id)}

    casework.update_task(ids[0], NewTask("Termin Bürgeramt Hamborn buchen", date(2026, 11, 25)))
    casework.delete_task(ids[-1])
    tasks = {t.id: t for t in casework.tasks(people["son"])}
    assert tasks[ids[0]].text == "Termin Bürgeramt Hamborn buchen"
    assert tasks[ids[0]].goal_id is None
    assert ids[-1] not in tasks
    # The checklist itself is unchanged by what was done to the tasks.
    assert next(t for t in casework.templates() if t.id == template.id) == template
    with pytest.raises(NotFoundError):
        casework.apply_template(people["son"], 9999)


# --- the timeline ----------------------------------------------------------------------------


def test_timeline_merges_everything_newest_first_and_filters(
    services: Services, casework: CaseworkService, people: dict[str, int]
) -> None:
    mother = people["mother"]
    contact = casework.record_contact(
        _contact(people, occurred_on=date(2026, 11, 10), topics=(Topic.WORK,))
    )
    appointment = services.appointments.create(
        NewAppointment(
            client_ids=(mother,),
            starts_at=datetime(2026, 11, 26, 9, 30),
            place="Ausländerbehörde",
            guide_id=people["guide"],
        )
    )
    letter = services.letters.add(
        LetterInput(mother, "Familienkasse", "Bescheid Kindergeld", received_on=date(2026, 10, 5))
    )
    deadline = services.deadlines.create(
        NewDeadline(
            mother, DeadlineKind.AUFENTHALTSTITEL, "Titel läuft ab", fixed_due=date(2027, 3, 1)
        )
    )
    goal = casework.add_goal(
        mother, NewGoal("Deutsch B1", Pillar.LANGUAGE, agreed_on=date(2026, 9, 15))
    )
    task = casework.add_task(mother, NewTask("Kurs suchen", date(2026, 12, 1), goal_id=goal))
    done_task = casework.add_task(mother, NewTask("Pass kopieren"))
    casework.complete_task(done_task, ALONE, TODAY)

    entries = casework.timeline(mother)
    assert [(e.kind, e.ref_id) for e in entries] == [
        (TimelineKind.DEADLINE, deadline),  # 01.03.2027
        (TimelineKind.TASK, task),  # due 01.12.2026
        (TimelineKind.APPOINTMENT, appointment),  # 26.11.2026 09:30
        (TimelineKind.TASK, done_task),  # done 21.11.2026
        (TimelineKind.CONTACT, contact),  # 10.11.2026
        (TimelineKind.LETTER_IN, letter),  # 05.10.2026
        (TimelineKind.GOAL, goal),  # agreed 15.09.2026
    ]
    by_kind = {e.kind: e for e in entries}
    assert by_kind[TimelineKind.LETTER_IN].title == "Brief von Familienkasse"
    assert "erledigt am 21.11.2026 (Klient:in allein)" in next(
        e.detail for e in entries if e.ref_id == done_task and e.kind == TimelineKind.TASK
    )
    assert "Kindergeldantrag ausgefüllt (gemeinsam)" in by_kind[TimelineKind.CONTACT].detail

    kinds = [TimelineKind.CONTACT, TimelineKind.GOAL]
    assert [e.kind for e in casework.timeline(mother, kinds=kinds)] == kinds
    language = casework.timeline(mother, pillar=Pillar.LANGUAGE)
    assert [(e.kind, e.ref_id) for e in language] == [
        (TimelineKind.TASK, task),
        (TimelineKind.GOAL, goal),
    ]
    assert [e.ref_id for e in casework.timeline(mother, pillar=Pillar.WORK)] == [contact]
    society = casework.timeline(mother, pillar=Pillar.SOCIETY)
    assert [(e.kind, e.ref_id) for e in society] == [(TimelineKind.DEADLINE, deadline)]
    assert casework.timeline(people["neighbour"]) == []
    with pytest.raises(NotFoundError):
        casework.timeline(9999)


def test_letters_printed_for_the_client_are_letters_out_on_the_timeline(
    services: Services, casework: CaseworkService, people: dict[str, int]
) -> None:
    mother, son = people["mother"], people["son"]
    family_appointment = services.appointments.create(
        NewAppointment(
            client_ids=(mother, son),
            starts_at=datetime(2026, 11, 26, 9, 30),
            place="Ausländerbehörde",
            guide_id=people["guide"],
        )
    )
    deadline = services.deadlines.create(
        NewDeadline(mother, DeadlineKind.AUFENTHALTSTITEL, "Titel", fixed_due=date(2027, 3, 1))
    )
    outgoing = services.outgoing
    outgoing.record_printed("appointment", family_appointment, "Terminbestätigung", "de+ar")
    outgoing.record_printed("deadline", deadline, "Fristerinnerung", "de")
    outgoing.record_printed("client", son, "Information zum Datenschutz", "de+fa+tr")
    outgoing.record_printed("client", people["neighbour"], "Information zum Datenschutz", "de")

    def letters(client_id: int) -> list[str]:
        return [e.title for e in casework.timeline(client_id, kinds=[TimelineKind.LETTER_OUT])]

    # newest first; printed in the same minute, the later print comes first
    assert letters(mother) == [
        "Brief: Fristerinnerung (Deutsch)",
        "Brief: Terminbestätigung (Deutsch und Arabisch)",
    ]
    assert letters(son) == [
        "Brief: Information zum Datenschutz (Deutsch, Persisch (Farsi/Dari) und Türkisch)",
        "Brief: Terminbestätigung (Deutsch und Arabisch)",
    ]
    (entry,) = casework.timeline(people["neighbour"])
    assert entry.kind == TimelineKind.LETTER_OUT and entry.day == TODAY


# --- the self-help measure -------------------------------------------------------------------


def test_self_help_counts_contact_steps_and_done_tasks(
    casework: CaseworkService, people: dict[str, int]
) -> None:
    report = casework.self_help(people["mother"])
    assert report.sentence == (
        "In den letzten 3 Monaten wurde für Frau H. kein Schritt eingetragen."
    )
    casework.record_contact(
        _contact(
            people,
            "mother",
            "son",
            occurred_on=date(2026, 7, 1),
            steps=(Step("Formular", GUIDE), Step("Anruf", GUIDE)),
        )
    )
    casework.record_contact(
        _contact(
            people,
            "mother",
            "son",
            occurred_on=date(2026, 10, 5),
            steps=(Step("Antrag", TOGETHER), Step("Kopien", ALONE), Step("Abgabe", ALONE)),
        )
    )
    task = casework.add_task(people["mother"], NewTask("Termin vereinbaren"))
    casework.complete_task(task, ALONE, TODAY)

    report = casework.self_help(people["mother"])
    assert [q.quarter.short_label for q in report.quarters] == [
        "Q1/2026",
        "Q2/2026",
        "Q3/2026",
        "Q4/2026",
    ]
    assert report.quarters[2].counts == SelfHelpCounts(alone=0, together=0, guide=2)
    assert report.quarters[3].counts == SelfHelpCounts(alone=3, together=1, guide=0)
    assert report.recent == SelfHelpCounts(alone=3, together=1, guide=0)
    assert report.sentence == (
        "In den letzten 3 Monaten hat Frau H. 3 von 4 Schritten selbst erledigt."
    )
    # The son shares the family contacts, not the mother's task.
    son = casework.self_help(people["son"])
    assert son.recent == SelfHelpCounts(alone=2, together=1, guide=0)
    assert son.sentence.startswith("In den letzten 3 Monaten hat Herr H. 2 von 3")
    neutral = casework.self_help(people["neighbour"])
    assert "für O. I." in neutral.sentence


def test_a_step_that_names_its_person_counts_for_that_person_only(
    casework: CaseworkService, database: Database, people: dict[str, int]
) -> None:
    """A family contact: the mother's steps are hers; the son gets only his own step and the
    step of the whole contact (no person named, as every step from before schema 0004)."""
    mother, son = people["mother"], people["son"]
    contact_id = casework.record_contact(
        _contact(
            people,
            "mother",
            "son",
            occurred_on=date(2026, 11, 2),
            steps=(
                PersonStep("Antrag ausgefüllt", ALONE, mother),
                PersonStep("Kontoauszüge kopiert", ALONE, mother),
                PersonStep("Schulbescheinigung geholt", GUIDE, son),
                Step("Termin besprochen", TOGETHER),
            ),
        )
    )
    assert casework.self_help(mother).recent == SelfHelpCounts(alone=2, together=1, guide=0)
    assert casework.self_help(son).recent == SelfHelpCounts(alone=0, together=1, guide=1)
    assert casework.self_help(son).sentence.endswith("0 von 2 Schritten selbst erledigt.")
    (row,) = casework.journal(son)
    assert [getattr(step, "client_id", None) for step in row.steps] == [mother, mother, son, None]
    assert row.as_input().steps == row.steps  # the dialog edits what is stored

    # a step may only name a person the contact covers
    with pytest.raises(ValidationError, match="nicht angehakt"):
        casework.record_contact(_contact(people, "mother", steps=(PersonStep("x", ALONE, son),)))
    # erasing a person takes that person's steps along (issue 8), the others' stay
    with database.session() as session:
        session.delete(session.get_one(Client, son))
    with database.session() as session:
        left = session.scalars(
            select(ContactStep.description).where(ContactStep.contact_id == contact_id)
        ).all()
    assert left == ["Antrag ausgefüllt", "Kontoauszüge kopiert", "Termin besprochen"]


def test_outcome_steps_belong_to_the_single_client_of_the_appointment(
    services: Services, database: Database, people: dict[str, int]
) -> None:
    single, family = (
        services.appointments.create(
            NewAppointment(
                client_ids=ids,
                starts_at=datetime(2026, 11, 18, 9, 0),
                place="Jobcenter",
                guide_id=people["guide"],
            )
        )
        for ids in ((people["mother"],), (people["mother"], people["son"]))
    )
    for appointment in (single, family):
        services.appointments.record_outcome(
            AppointmentOutcome(
                appointment_id=appointment,
                status=AppointmentStatus.DONE,
                steps=(Step("Antrag abgegeben", ALONE),),
            )
        )
    with database.session() as session:
        owners = session.execute(
            select(Contact.appointment_id, ContactStep.client_id).join(
                ContactStep, ContactStep.contact_id == Contact.id
            )
        ).all()
    # a family appointment's outcome does not say whose step it was: it stays everyone's
    assert sorted(owners) == [(single, people["mother"]), (family, None)]


def test_limits_of_a_contact_and_of_a_task_completion(
    casework: CaseworkService, database: Database, people: dict[str, int]
) -> None:
    with pytest.raises(ValidationError, match=r"höchstens 1\.000 €"):
        casework.record_contact(_contact(people, travel_cost_cents=100_001))
    casework.record_contact(_contact(people, travel_cost_cents=100_000))
    with pytest.raises(ValidationError, match="Höchstens 30 Schritte"):
        casework.record_contact(
            _contact(people, steps=tuple(Step(f"Schritt {n}", ALONE) for n in range(31)))
        )
    task = casework.add_task(people["mother"], NewTask("Formular holen"))  # created today
    with pytest.raises(ValidationError, match="vor dem Tag, an dem die Aufgabe eingetragen"):
        casework.complete_task(task, ALONE, date(2026, 11, 20))
    with pytest.raises(ValidationError, match="Zukunft"):
        casework.complete_task(task, ALONE, date(2026, 11, 22))
    assert not casework.tasks(people["mother"])[0].done
    # a task from before schema 0003 has no creation day: any past day is fine
    with database.session() as session:
        session.get_one(Task, task).created_on = None
    casework.complete_task(task, ALONE, date(2026, 1, 2))
    assert casework.tasks(people["mother"])[0].done_on == date(2026, 1, 2)


# --- volunteer hours -------------------------------------------------------------------------


def test_manual_volunteer_entries_and_the_cap(
    casework: CaseworkService, database: Database, people: dict[str, int]
) -> None:
    guide = people["guide"]
    training = casework.add_volunteer_entry(
        VolunteerEntry(guide, date(2026, 3, 14), 240, VolunteerActivity.TRAINING, "Fristen")
    )
    casework.add_volunteer_entry(
        VolunteerEntry(guide, date(2026, 3, 20), 90, VolunteerActivity.TEAM_MEETING)
    )
    casework.add_volunteer_entry(
        VolunteerEntry(guide, date(2025, 12, 1), 60, VolunteerActivity.TRAVEL)
    )
    assert casework.volunteer_hours(guide, 2026).months[2].manual_minutes == 330
    assert [e.kind for e in casework.volunteer_entries(guide, 2026)] == [
        VolunteerActivity.TRAINING,
        VolunteerActivity.TEAM_MEETING,
    ]
    with pytest.raises(ValidationError):
        casework.add_volunteer_entry(
            VolunteerEntry(guide, date(2026, 12, 1), 60, VolunteerActivity.OTHER)
        )
    with pytest.raises(NotFoundError):
        casework.add_volunteer_entry(VolunteerEntry(9999, TODAY, 60, VolunteerActivity.OTHER))
    assert _count(database, VolunteerTimeEntry) == 3
    casework.delete_volunteer_entry(training)
    assert casework.volunteer_hours(guide, 2026).total_minutes == 90

    assert casework.hours_cap() is None
    assert casework.hours_cap_warning(guide, 2026) is None
    casework.set_hours_cap(1)
    assert casework.hours_cap() == 1
    warning = casework.hours_cap_warning(guide, 2026)
    assert warning is not None and "überschritten" in warning and "1,5 Stunden" in warning
    casework.set_hours_cap(2)
    assert casework.hours_cap_warning(guide, 2026) is None  # 1.5 of 2 hours: 75 %
    with pytest.raises(ValidationError, match="Obergrenze"):
        casework.set_hours_cap(0)
    casework.set_hours_cap(None)
    assert casework.hours_cap() is None


# --- the schema ------------------------------------------------------------------------------


def test_upgrade_from_schema_0002_keeps_goals_and_tasks(tmp_path: Path) -> None:
    path = tmp_path / "alt.db"
    with sqlite3.connect(path) as connection:
        connection.executescript(SCHEMA_0002.read_text(encoding="utf-8"))
        client_id = connection.execute("SELECT id FROM client").fetchone()[0]
        connection.execute(
            "INSERT INTO goal (id, client_id, text, pillar, agreed_on, status) "
            "VALUES (1, ?, 'Wohnung finden', 'sozial', '2026-05-02', 'offen')",
            (client_id,),
        )
        connection.execute(
            "INSERT INTO task (id, client_id, goal_id, text, due_date, done_by, done_on) "
            "VALUES (1, ?, 1, 'Anzeigen lesen', NULL, 'allein', '2026-06-01')",
            (client_id,),
        )
    connection.close()

    database = open_database(path)
    try:
        assert database.backup_made is not None
        casework = CaseworkService(database, fixed_clock)
        (goal,) = casework.goals(client_id)
        assert (goal.text, goal.pillar, goal.status_note, goal.done_tasks) == (
            "Wohnung finden",
            Pillar.SOCIAL,
            "",
            1,
        )
        (task,) = casework.tasks(client_id)
        assert (task.goal_id, task.created_on, task.done_by) == (1, None, ALONE)
        assert len(casework.templates()) == len(DEFAULT_TEMPLATES)
        guide_id = next(iter(Services.build(database, fixed_clock).guides.list_rows())).id
        casework.add_volunteer_entry(
            VolunteerEntry(guide_id, TODAY, 60, VolunteerActivity.TRAINING)
        )
        assert casework.volunteer_hours(guide_id, 2026).total_minutes == 60
        with database.session() as session:
            assert session.scalar(select(func.count()).select_from(Goal)) == 1
    finally:
        database.close()

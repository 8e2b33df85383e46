"""GIVEN a database file WHEN guides plan and close appointments THEN rows, history and follow-ups hold."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from lotsen_app.domain.appointments import (
    AppointmentOutcome,
    AuthorityData,
    AuthorityUsage,
    ChecklistItem,
    NewAppointment,
    OpeningHours,
    Step,
)
from lotsen_app.domain.clients import ClientInput
from lotsen_app.domain.deadline_tracking import NewDeadline, NewTask
from lotsen_app.domain.deadlines import DeadlineKind
from lotsen_app.domain.enums import (
    AppointmentMode,
    AppointmentStatus,
    AuthorityKind,
    ContactKind,
    StepActor,
    Topic,
)
from lotsen_app.domain.errors import NotFoundError, ValidationError
from lotsen_app.domain.guides import GuideInput
from lotsen_app.persistence.appointment_repository import AppointmentRepository
from lotsen_app.persistence.models import (
    Appointment,
    AuditEntry,
    Contact,
    ContactClient,
    ContactStep,
    Deadline,
    Task,
)
from lotsen_app.services.container import Services


@pytest.fixture
def family(services: Services) -> dict[str, int]:
    guide = services.guides.create(GuideInput("Anna", "Schmidt"))
    mother = services.clients.create(ClientInput("Layla", "Haddad"), guide_id=guide)
    son = services.clients.create(ClientInput("Omar", "Haddad"), guide_id=guide)
    jobcenter = services.authorities.save(
        AuthorityData(
            "Jobcenter Mitte (Beispiel)",
            AuthorityKind.JOBCENTER,
            street="Musterstraße 1",
            postal_code="47051",
            city="Duisburg",
            opening_hours=OpeningHours.parse("Mo-Fr 08:00-12:00"),
            usual_documents="Letzter Bescheid\nKontoauszüge",
            is_fictitious=True,
        )
    )
    return {"guide": guide, "mother": mother, "son": son, "jobcenter": jobcenter}


def _plan(services: Services, ids: dict[str, int], start: datetime, **changes) -> int:
    values = {
        "client_ids": (ids["mother"], ids["son"]),
        "starts_at": start,
        "authority_id": ids["jobcenter"],
        "guide_id": ids["guide"],
        "purpose": "Bürgergeld Weiterbewilligung",
    } | changes
    return services.appointments.create(NewAppointment(**values))


def test_family_appointment_is_stored_with_everyone_and_checklist(
    services: Services, family: dict[str, int]
) -> None:
    checklist = services.appointments.prefill_checklist(
        family["jobcenter"], "Bürgergeld Weiterbewilligung"
    )
    checklist = (ChecklistItem(checklist[0].text, done=True), *checklist[1:])
    appointment_id = _plan(services, family, datetime(2026, 11, 24, 9, 0), checklist=checklist)

    row = services.appointments.get(appointment_id)
    assert row.client_names == "Layla Haddad, Omar Haddad"
    assert row.client_initials == "L. H., O. H."
    assert row.guide_name == "Anna Schmidt"
    assert row.where == "Jobcenter Mitte (Beispiel), Musterstraße 1, 47051 Duisburg"
    assert row.checklist == checklist
    assert "Letzter Bescheid" in [item.text for item in row.checklist]
    assert [r.id for r in services.appointments.for_client(family["son"])] == [appointment_id]


def test_rows_of_a_range_include_appointments_running_into_it(
    services: Services, family: dict[str, int]
) -> None:
    late = _plan(services, family, datetime(2026, 11, 29, 23, 30), duration_minutes=90)
    inside = _plan(services, family, datetime(2026, 12, 1, 9, 0))
    _plan(services, family, datetime(2026, 12, 7, 9, 0))  # the week after
    week = services.appointments.rows(datetime(2026, 11, 30), datetime(2026, 12, 7))
    assert [row.id for row in week] == [late, inside]
    other_guide = services.guides.create(GuideInput("Ben", "Wolf"))
    assert (
        services.appointments.rows(
            datetime(2026, 11, 30), datetime(2026, 12, 7), guide_id=other_guide
        )
        == []
    )


def test_warnings_come_from_the_database(services: Services, family: dict[str, int]) -> None:
    _plan(services, family, datetime(2026, 11, 24, 9, 0))
    clash = NewAppointment(
        client_ids=(family["son"],),
        starts_at=datetime(2026, 11, 24, 9, 30),
        authority_id=family["jobcenter"],
        guide_id=family["guide"],
    )
    assert services.appointments.warnings(clash) == [
        "Doppelt gebucht: Anna Schmidt hat 09:00–10:00 Uhr schon einen Termin "
        "(Jobcenter Mitte (Beispiel)).",
        "Doppelt gebucht: Omar Haddad hat 09:00–10:00 Uhr schon einen Termin "
        "(Jobcenter Mitte (Beispiel)).",
    ]
    christmas = NewAppointment(
        client_ids=(family["son"],),
        starts_at=datetime(2026, 12, 25, 9, 0),
        authority_id=family["jobcenter"],
        guide_id=family["guide"],
    )
    assert "Feiertag in Nordrhein-Westfalen" in services.appointments.warnings(christmas)[0]


def test_invalid_appointment_writes_nothing(services: Services, family: dict[str, int]) -> None:
    with pytest.raises(ValidationError) as error:
        services.appointments.create(
            NewAppointment(client_ids=(), starts_at=datetime(2026, 12, 1, 9), guide_id=None)
        )
    assert "Bitte mindestens eine Person auswählen." in str(error.value)
    with pytest.raises(NotFoundError):
        _plan(services, family, datetime(2026, 12, 1, 9), client_ids=(family["son"], 999))
    with services.database.session() as session:
        assert session.scalar(select(func.count()).select_from(Appointment)) == 0


def test_moving_keeps_the_history(services: Services, family: dict[str, int]) -> None:
    first = _plan(services, family, datetime(2026, 11, 24, 9, 0))
    second = services.appointments.move(first, datetime(2026, 11, 26, 10, 0))
    third = services.appointments.move(second, datetime(2026, 12, 3, 8, 30), 45)
    history = services.appointments.history(second)
    assert [(r.id, r.status) for r in history] == [
        (first, AppointmentStatus.MOVED),
        (second, AppointmentStatus.MOVED),
        (third, AppointmentStatus.PLANNED),
    ]
    assert history[-1].duration_minutes == 45
    assert history[-1].client_ids == history[0].client_ids
    with pytest.raises(ValidationError, match="Nur ein geplanter Termin"):
        services.appointments.move(first, datetime(2026, 12, 10, 9, 0))


def test_outcome_records_contact_steps_and_followups_in_one_go(
    services: Services, family: dict[str, int]
) -> None:
    appointment_id = _plan(services, family, datetime(2026, 11, 20, 9, 0), duration_minutes=90)
    contact_id = services.appointments.record_outcome(
        AppointmentOutcome(
            appointment_id=appointment_id,
            status=AppointmentStatus.DONE,
            outcome="Antrag abgegeben, Bescheid kommt per Post.",
            contact_kind=ContactKind.ACCOMPANIMENT,
            topics=(Topic.MONEY, Topic.FAMILY),
            steps=(
                Step("Nummer gezogen und angemeldet", StepActor.CLIENT_ALONE),
                Step("Antrag erklärt", StepActor.TOGETHER),
                Step("", StepActor.GUIDE),  # empty rows of the step table are ignored
            ),
            tasks=(
                NewTask("Kontoauszüge nachreichen", date(2026, 11, 30), StepActor.CLIENT_ALONE),
            ),
            deadlines=(
                NewDeadline(
                    family["son"],
                    DeadlineKind.MITWIRKUNG,
                    "Schulbescheinigung",
                    fixed_due=date(2026, 12, 4),
                ),
            ),
        )
    )
    assert contact_id is not None
    assert services.appointments.get(appointment_id).status == AppointmentStatus.DONE
    with services.database.session() as session:
        contact = session.get(Contact, contact_id)
        assert contact is not None
        assert (contact.occurred_on, contact.duration_minutes, contact.kind) == (
            date(2026, 11, 20),
            90,
            "begleitung",
        )
        assert contact.topics == ("geld", "familie")
        assert contact.appointment_id == appointment_id
        assert contact.authority_id == family["jobcenter"]
        members = session.scalars(
            select(ContactClient.client_id).where(ContactClient.contact_id == contact_id)
        ).all()
        assert sorted(members) == sorted([family["mother"], family["son"]])
        steps = session.execute(
            select(ContactStep.description, ContactStep.actor).order_by(ContactStep.id)
        ).all()
        assert steps == [
            ("Nummer gezogen und angemeldet", StepActor.CLIENT_ALONE),
            ("Antrag erklärt", StepActor.TOGETHER),
        ]
        deadline = session.scalars(select(Deadline)).one()
        assert (deadline.client_id, deadline.due_date, deadline.authority_name) == (
            family["son"],
            date(2026, 12, 4),
            "Jobcenter Mitte (Beispiel)",
        )
        task = session.scalars(select(Task)).one()
        # The first person of the appointment gets the task; it is linked to the deadline.
        assert (task.client_id, task.text, task.deadline_id) == (
            family["mother"],
            "Kontoauszüge nachreichen",
            deadline.id,
        )


def test_a_failing_followup_rolls_the_whole_outcome_back(
    services: Services, family: dict[str, int]
) -> None:
    appointment_id = _plan(services, family, datetime(2026, 11, 20, 9, 0))
    stranger = services.clients.create(ClientInput("Karl", "Fremd"))
    with pytest.raises(ValidationError, match="anderen Person"):
        services.appointments.record_outcome(
            AppointmentOutcome(
                appointment_id=appointment_id,
                status=AppointmentStatus.DONE,
                steps=(Step("Begleitet", StepActor.GUIDE),),
                deadlines=(
                    NewDeadline(stranger, DeadlineKind.SONSTIGE, fixed_due=date(2026, 12, 1)),
                ),
            )
        )
    assert services.appointments.get(appointment_id).status == AppointmentStatus.PLANNED
    with services.database.session() as session:
        for model in (Contact, ContactStep, Deadline, Task):
            assert session.scalar(select(func.count()).select_from(model)) == 0


def test_missed_and_cancelled_record_no_contact(services: Services, family: dict[str, int]) -> None:
    missed = _plan(services, family, datetime(2026, 11, 18, 9, 0))
    cancelled = _plan(services, family, datetime(2026, 11, 27, 9, 0))
    assert (
        services.appointments.record_outcome(
            AppointmentOutcome(missed, AppointmentStatus.MISSED, "Nicht erschienen")
        )
        is None
    )
    services.appointments.cancel(cancelled, "Amt hat abgesagt")
    assert services.appointments.get(missed).status == AppointmentStatus.MISSED
    assert services.appointments.get(cancelled).outcome == "Amt hat abgesagt"
    with services.database.session() as session:
        assert session.scalar(select(func.count()).select_from(Contact)) == 0


def test_upcoming_lists_planned_appointments_in_the_window(
    services: Services, family: dict[str, int]
) -> None:
    now = datetime(2026, 11, 21, 10, 30)
    soon = _plan(services, family, now + timedelta(minutes=30))
    _plan(services, family, now + timedelta(hours=3))
    cancelled = _plan(services, family, now + timedelta(minutes=40), client_ids=(family["son"],))
    services.appointments.cancel(cancelled)
    assert [r.id for r in services.appointments.upcoming(within=timedelta(hours=1))] == [soon]


def test_checklist_ticks_are_saved(services: Services, family: dict[str, int]) -> None:
    appointment_id = _plan(
        services,
        family,
        datetime(2026, 11, 24, 9, 0),
        checklist=(ChecklistItem("Pass"), ChecklistItem("Bescheid")),
    )
    services.appointments.set_checklist(
        appointment_id, (ChecklistItem("Pass", True), ChecklistItem("Bescheid"))
    )
    assert [i.done for i in services.appointments.get(appointment_id).checklist] == [True, False]


def _held(appointment_id: int) -> AppointmentOutcome:
    return AppointmentOutcome(
        appointment_id, AppointmentStatus.DONE, steps=(Step("Begleitet", StepActor.GUIDE),)
    )


def _count(services: Services, model: type) -> int:
    with services.database.session() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_moving_gives_every_row_the_first_id_and_the_moves_before(
    services: Services, family: dict[str, int]
) -> None:
    first = _plan(services, family, datetime(2026, 11, 24, 9, 0))
    second = services.appointments.move(first, datetime(2026, 11, 26, 10, 0))
    third = services.appointments.move(second, datetime(2026, 12, 3, 8, 30))
    alone = _plan(services, family, datetime(2026, 12, 4, 9, 0))
    rows = services.appointments.rows(datetime(2026, 11, 23), datetime(2026, 12, 5))
    assert [(r.id, r.series_id, r.moves_before) for r in rows] == [
        (first, first, 0),
        (second, first, 1),
        (third, first, 2),
        (alone, alone, 0),
    ]
    # Also when the earlier appointments lie outside the period that was read.
    (later,) = services.appointments.rows(datetime(2026, 12, 3), datetime(2026, 12, 4))
    assert (later.id, later.series_id, later.moves_before) == (third, first, 2)
    with services.database.session() as session:
        assert AppointmentRepository(session).history_ids(first) == [first, second, third]
        assert AppointmentRepository(session).history_ids(alone) == [alone]


def test_moving_copies_the_stored_appointment_with_its_ticks(
    services: Services, family: dict[str, int]
) -> None:
    first = _plan(
        services,
        family,
        datetime(2026, 11, 24, 9, 0),
        checklist=(ChecklistItem("Pass", done=True), ChecklistItem("Bescheid")),
        room="2.14",
        mode=AppointmentMode.INTERPRETER,
        interpreter_language="Arabisch",
    )
    moved = services.appointments.move(first, datetime(2026, 11, 26, 10, 0))
    assert services.appointments.data_for(moved) == replace(
        services.appointments.data_for(first), starts_at=datetime(2026, 11, 26, 10, 0)
    )
    assert services.appointments.get(moved).checklist[0] == ChecklistItem("Pass", done=True)


def test_a_move_to_an_impossible_time_changes_nothing(
    services: Services, family: dict[str, int]
) -> None:
    first = _plan(services, family, datetime(2026, 11, 24, 9, 0))
    with pytest.raises(ValidationError, match="außerhalb von 2000 bis 2100"):
        services.appointments.move(first, datetime(1999, 11, 26, 10, 0))
    assert services.appointments.get(first).status == AppointmentStatus.PLANNED
    assert _count(services, Appointment) == 1
    with pytest.raises(NotFoundError):
        services.appointments.move(999, datetime(2026, 11, 26, 10, 0))


def test_a_held_appointment_gets_no_second_contact(
    services: Services, family: dict[str, int]
) -> None:
    appointment_id = _plan(services, family, datetime(2026, 11, 20, 9, 0))
    services.appointments.record_outcome(_held(appointment_id))
    for status in (AppointmentStatus.DONE, AppointmentStatus.MISSED):
        outcome = replace(_held(appointment_id), status=status)
        with pytest.raises(ValidationError, match="Ein zweiter Kontakt kann nicht erfasst"):
            services.appointments.record_outcome(outcome)
    with pytest.raises(ValidationError, match="Nur ein geplanter Termin kann abgesagt"):
        services.appointments.cancel(appointment_id)
    assert _count(services, Contact) == 1
    assert services.appointments.get(appointment_id).status == AppointmentStatus.DONE


def test_an_appointment_with_a_contact_gets_no_second_one(
    services: Services, family: dict[str, int]
) -> None:
    """A contact recorded elsewhere for this appointment counts, whatever its status says."""
    appointment_id = _plan(services, family, datetime(2026, 11, 20, 9, 0))
    with services.database.session() as session:
        session.add(
            Contact(
                occurred_on=date(2026, 11, 20),
                kind=ContactKind.ACCOMPANIMENT.value,
                appointment_id=appointment_id,
                created_at=datetime(2026, 11, 20, 12, 0),
            )
        )
    with pytest.raises(ValidationError, match="schon eingetragen"):
        services.appointments.record_outcome(_held(appointment_id))
    assert _count(services, Contact) == 1
    assert services.appointments.get(appointment_id).status == AppointmentStatus.PLANNED


@pytest.mark.parametrize("status", [AppointmentStatus.DONE, AppointmentStatus.MISSED])
def test_a_future_appointment_cannot_have_been_held_or_missed(
    services: Services, family: dict[str, int], status: AppointmentStatus
) -> None:
    later_today = _plan(services, family, datetime(2026, 11, 21, 14, 0))  # FIXED_NOW is 10:30
    with pytest.raises(ValidationError) as error:
        services.appointments.record_outcome(replace(_held(later_today), status=status))
    assert error.value.errors == {"status": "Der Termin hat noch nicht stattgefunden."}
    assert services.appointments.get(later_today).status == AppointmentStatus.PLANNED
    assert _count(services, Contact) == 0
    started = _plan(services, family, datetime(2026, 11, 21, 10, 30))
    services.appointments.record_outcome(replace(_held(started), status=status))
    assert services.appointments.get(started).status == status


def test_only_a_planned_appointment_can_be_cancelled(
    services: Services, family: dict[str, int]
) -> None:
    missed = _plan(services, family, datetime(2026, 11, 18, 9, 0))
    services.appointments.record_outcome(AppointmentOutcome(missed, AppointmentStatus.MISSED))
    cancelled = _plan(services, family, datetime(2026, 11, 27, 9, 0))
    services.appointments.cancel(cancelled, "Amt hat abgesagt")
    for appointment_id in (missed, cancelled):
        with pytest.raises(ValidationError, match="Nur ein geplanter Termin kann abgesagt"):
            services.appointments.cancel(appointment_id, "noch einmal")
    assert services.appointments.get(missed).status == AppointmentStatus.MISSED
    assert services.appointments.get(cancelled).outcome == "Amt hat abgesagt"


def test_only_a_planned_appointment_can_be_changed(
    services: Services, family: dict[str, int]
) -> None:
    cancelled = _plan(services, family, datetime(2026, 11, 27, 9, 0))
    services.appointments.cancel(cancelled)
    data = replace(services.appointments.data_for(cancelled), room="neu")
    with pytest.raises(ValidationError, match="Nur ein geplanter Termin kann geändert"):
        services.appointments.update(cancelled, data)
    assert services.appointments.get(cancelled).room == ""
    planned = _plan(services, family, datetime(2026, 11, 28, 9, 0))
    services.appointments.update(planned, replace(data, client_ids=(family["son"],)))
    assert services.appointments.get(planned).client_ids == (family["son"],)


def test_the_checklist_of_a_moved_appointment_stays_as_it_was(
    services: Services, family: dict[str, int]
) -> None:
    first = _plan(
        services, family, datetime(2026, 11, 24, 9, 0), checklist=(ChecklistItem("Pass"),)
    )
    services.appointments.move(first, datetime(2026, 11, 26, 10, 0))
    with pytest.raises(ValidationError, match="wurde verschoben"):
        services.appointments.set_checklist(first, (ChecklistItem("Pass", True),))
    assert services.appointments.get(first).checklist == (ChecklistItem("Pass"),)


def test_only_the_guides_and_the_peoples_planned_appointments_can_clash(
    services: Services, family: dict[str, int]
) -> None:
    other_guide = services.guides.create(GuideInput("Ben", "Wolf"))
    stranger = services.clients.create(ClientInput("Karl", "Fremd"), guide_id=other_guide)
    start = datetime(2026, 11, 24, 9, 0)
    _plan(services, family, start, client_ids=(stranger,), guide_id=other_guide)
    cancelled = _plan(services, family, start, client_ids=(family["son"],))
    services.appointments.cancel(cancelled)
    _plan(services, family, start - timedelta(hours=1))  # ends when the new one starts
    wanted = NewAppointment(
        client_ids=(family["mother"],),
        starts_at=start,
        authority_id=family["jobcenter"],
        guide_id=family["guide"],
    )
    assert services.appointments.warnings(wanted) == []
    _plan(services, family, start + timedelta(minutes=30), client_ids=(stranger,))  # Anna's
    assert services.appointments.warnings(wanted) == [
        "Doppelt gebucht: Anna Schmidt hat 09:30–10:30 Uhr schon einen Termin "
        "(Jobcenter Mitte (Beispiel))."
    ]
    alone = replace(wanted, guide_id=None, mode=AppointmentMode.ALONE_PREPARED)
    assert services.appointments.warnings(alone) == []


def test_an_authority_in_use_cannot_be_deleted(services: Services, family: dict[str, int]) -> None:
    first = _plan(services, family, datetime(2026, 11, 20, 9, 0))
    _plan(services, family, datetime(2026, 11, 24, 9, 0))
    services.appointments.record_outcome(_held(first))
    assert services.authorities.usage() == {family["jobcenter"]: 2}
    assert services.authorities.usage_counts() == {family["jobcenter"]: AuthorityUsage(2, 1)}
    with pytest.raises(ValidationError) as error:
        services.authorities.delete(family["jobcenter"])
    assert str(error.value) == (
        "Die Stelle „Jobcenter Mitte (Beispiel)“ wird von 2 Terminen und 1 Kontakt verwendet "
        "und kann deshalb nicht gelöscht werden. Bitte die Stelle stattdessen bearbeiten, "
        "z. B. Name, Adresse oder Öffnungszeiten ändern."
    )
    assert services.authorities.get(family["jobcenter"]).name == "Jobcenter Mitte (Beispiel)"
    row = services.appointments.get(first)
    assert row.authority is not None and row.authority.id == family["jobcenter"]


def test_an_unused_authority_can_be_deleted(services: Services, family: dict[str, int]) -> None:
    unused = services.authorities.save(AuthorityData("Familienkasse", AuthorityKind.FAMILIENKASSE))
    assert unused not in services.authorities.usage_counts()
    services.authorities.delete(unused)
    with pytest.raises(NotFoundError):
        services.authorities.get(unused)
    assert [row.id for row in services.authorities.rows()] == [family["jobcenter"]]
    with services.database.session() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "gelöscht")).one()
        assert (entry.entity, entry.entity_id) == ("authority", unused)


def test_each_followup_task_goes_to_its_own_person(
    services: Services, family: dict[str, int]
) -> None:
    appointment_id = _plan(services, family, datetime(2026, 11, 20, 9, 0))
    services.appointments.record_outcome(
        AppointmentOutcome(
            appointment_id=appointment_id,
            status=AppointmentStatus.DONE,
            steps=(Step("Begleitet", StepActor.GUIDE),),
            tasks=(
                NewTask("Schulbescheinigung holen", client_id=family["son"]),
                NewTask("Kontoauszüge nachreichen", client_id=family["mother"]),
                NewTask("Bescheid abwarten"),  # no person: the appointment's default
            ),
            task_client_id=family["son"],
        )
    )
    with services.database.session() as session:
        tasks = session.execute(select(Task.text, Task.client_id).order_by(Task.id)).all()
    assert tasks == [
        ("Schulbescheinigung holen", family["son"]),
        ("Kontoauszüge nachreichen", family["mother"]),
        ("Bescheid abwarten", family["son"]),
    ]


def test_a_task_for_someone_not_in_the_appointment_writes_nothing(
    services: Services, family: dict[str, int]
) -> None:
    appointment_id = _plan(services, family, datetime(2026, 11, 20, 9, 0))
    stranger = services.clients.create(ClientInput("Karl", "Fremd"))
    with pytest.raises(ValidationError, match="Die Aufgabe gehört zu einer anderen Person"):
        services.appointments.record_outcome(
            AppointmentOutcome(
                appointment_id=appointment_id,
                status=AppointmentStatus.DONE,
                steps=(Step("Begleitet", StepActor.GUIDE),),
                tasks=(
                    NewTask("Kontoauszüge nachreichen", client_id=family["mother"]),
                    NewTask("Unterschreiben", client_id=stranger),
                ),
            )
        )
    assert services.appointments.get(appointment_id).status == AppointmentStatus.PLANNED
    with services.database.session() as session:
        for model in (Contact, ContactStep, Task):
            assert session.scalar(select(func.count()).select_from(model)) == 0


def test_an_accompanied_appointment_keeps_its_interpreter(
    services: Services, family: dict[str, int]
) -> None:
    appointment_id = _plan(
        services,
        family,
        datetime(2026, 12, 1, 9, 0),
        mode=AppointmentMode.ACCOMPANIED,
        interpreter_name="Samira Yilmaz",
        interpreter_language="ar",
    )
    row = services.appointments.get(appointment_id)
    assert (row.mode, row.interpreter_name, row.interpreter_language) == (
        AppointmentMode.ACCOMPANIED,
        "Samira Yilmaz",
        "ar",
    )


def test_interpreter_languages_only_for_people_who_need_one(services: Services) -> None:
    letters_in_arabic = services.clients.create(
        ClientInput(
            "Layla",
            "Haddad",
            languages=("de", "ar"),
            preferred_language="ar",
            interpreter_needed=True,
        )
    )
    letters_in_german = services.clients.create(
        ClientInput(
            "Olena",
            "Iwanowa",
            languages=("de", "uk"),
            preferred_language="de",
            interpreter_needed=True,
        )
    )
    no_need = services.clients.create(
        ClientInput("Omar", "Haddad", languages=("ar",), preferred_language="ar")
    )
    only_german = services.clients.create(
        ClientInput("Jörg", "Meier", languages=("de",), interpreter_needed=True)
    )
    assert services.clients.interpreter_languages(
        [letters_in_arabic, letters_in_german, no_need, only_german]
    ) == {letters_in_arabic: "ar", letters_in_german: "uk"}
    assert services.clients.interpreter_languages([]) == {}

"""GIVEN a database file WHEN guides plan and close appointments THEN rows, history and follow-ups hold."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from lotsen_app.domain.appointments import (
    AppointmentOutcome,
    AuthorityData,
    ChecklistItem,
    NewAppointment,
    OpeningHours,
    Step,
)
from lotsen_app.domain.clients import ClientInput
from lotsen_app.domain.deadline_tracking import NewDeadline, NewTask
from lotsen_app.domain.deadlines import DeadlineKind
from lotsen_app.domain.enums import (
    AppointmentStatus,
    AuthorityKind,
    ContactKind,
    StepActor,
    Topic,
)
from lotsen_app.domain.errors import NotFoundError, ValidationError
from lotsen_app.domain.guides import GuideInput
from lotsen_app.persistence.models import (
    Appointment,
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


def test_deleting_an_authority_keeps_its_appointments(
    services: Services, family: dict[str, int]
) -> None:
    appointment_id = _plan(services, family, datetime(2026, 11, 24, 9, 0))
    assert services.authorities.usage() == {family["jobcenter"]: 1}
    services.authorities.delete(family["jobcenter"])
    row = services.appointments.get(appointment_id)
    assert row.authority is None
    assert row.starts_at == datetime(2026, 11, 24, 9, 0)

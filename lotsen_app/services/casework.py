"""Casework toward self-help: the contact journal, goals and tasks, procedure checklists, the
client's timeline, the self-help measure and each guide's volunteer hours."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from sqlalchemy.orm import Session

from lotsen_app.domain.appointments import ClientRef
from lotsen_app.domain.casework import (
    DEADLINE_TOPICS,
    DEFAULT_TEMPLATES,
    ContactRow,
    GoalEvent,
    GoalRow,
    NewContact,
    NewGoal,
    ProcedureTemplate,
    SelfHelpReport,
    TaskRow,
    TimelineEntry,
    VolunteerEntry,
    YearHours,
    count_steps,
    filter_timeline,
    hours_cap_warning,
    items_from_json,
    items_to_json,
    last_months,
    newest_first,
    note_warnings,
    quarters_until,
    self_help_sentence,
    self_help_shares,
    short_name,
    task_order,
    template_tasks,
    validate_completion,
    validate_contact,
    validate_goal,
    validate_goal_status,
    validate_task,
    validate_template,
    validate_volunteer_entry,
    volunteer_hours,
)
from lotsen_app.domain.dates import format_date
from lotsen_app.domain.deadline_tracking import NewTask
from lotsen_app.domain.enums import (
    GoalStatus,
    Pillar,
    StepActor,
    TimelineKind,
    Topic,
)
from lotsen_app.domain.errors import ValidationError
from lotsen_app.domain.languages import LANGUAGES
from lotsen_app.persistence.appointment_repository import (
    AppointmentRepository,
    AuthorityRepository,
)
from lotsen_app.persistence.casework_repository import CaseworkRepository, LetterOutEvent
from lotsen_app.persistence.models import (
    Contact,
    Goal,
    ProcedureTemplateRecord,
    Task,
    VolunteerTimeEntry,
)
from lotsen_app.persistence.repositories import (
    ClientRepository,
    DeadlineRepository,
    GuideRepository,
    SettingRepository,
    record_audit,
)
from lotsen_app.services.base import Service
from lotsen_app.services.consent import check_health_consent

# The yearly cap of paid volunteer hours per guide; unset means no warning (programmes differ).
HOURS_CAP_SETTING = "ehrenamt_stundenobergrenze"
MAX_HOURS_CAP = 8760
# Set once the default checklists were written: deleting them all does not bring them back.
TEMPLATES_SEEDED_SETTING = "checklisten_vorlagen_angelegt"
# The audit detail of a printed letter: "Terminbestätigung (de+ar)".
_PRINTED_DETAIL = re.compile(r"^(?P<document>.*?)\s*\((?P<languages>[a-z]+(?:\+[a-z]+)*)\)$")


def letter_out_title(detail: str) -> str:
    """ "Terminbestätigung (de+ar)" -> "Brief: Terminbestätigung (Deutsch und Arabisch)"."""
    match = _PRINTED_DETAIL.match(detail.strip())
    if match is None:
        return f"Brief: {detail.strip()}" if detail.strip() else "Brief"
    names = [LANGUAGES.get(code, code) for code in match["languages"].split("+")]
    languages = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " und " + names[-1]
    return f"Brief: {match['document']} ({languages})"


class CaseworkService(Service):
    # --- contact journal -------------------------------------------------------------------

    @staticmethod
    def note_warnings(note: str) -> list[str]:
        """Warnings to show before saving (health details in the note); they do not block."""
        return note_warnings(note)

    def record_contact(self, data: NewContact) -> int:
        """Contact, its people and steps in one transaction; returns the contact's id."""
        errors = validate_contact(data, self.today())
        if errors:
            raise ValidationError(errors)
        with self.database.session() as session:
            self._check_links(session, data)
            contact = Contact(created_at=self.now())
            self._fill(contact, data)
            session.add(contact)
            session.flush()
            repository = CaseworkRepository(session)
            repository.set_contact_clients(contact.id, data.client_ids)
            repository.set_steps(contact.id, data.steps)
            record_audit(
                session, at=self.now(), action="angelegt", entity="contact", entity_id=contact.id
            )
            return contact.id

    def update_contact(self, contact_id: int, data: NewContact) -> None:
        """Replace what the contact says, its people and its steps (the appointment link stays)."""
        errors = validate_contact(data, self.today())
        if errors:
            raise ValidationError(errors)
        with self.database.session() as session:
            repository = CaseworkRepository(session)
            contact = repository.get_contact(contact_id)
            self._check_links(session, data)
            self._fill(contact, data)
            repository.set_contact_clients(contact_id, data.client_ids)
            repository.set_steps(contact_id, data.steps)
            record_audit(
                session, at=self.now(), action="geändert", entity="contact", entity_id=contact_id
            )

    def delete_contact(self, contact_id: int) -> None:
        with self.database.session() as session:
            repository = CaseworkRepository(session)
            contact = repository.get_contact(contact_id)
            repository.set_steps(contact_id, ())
            repository.set_contact_clients(contact_id, ())
            session.delete(contact)
            record_audit(
                session, at=self.now(), action="gelöscht", entity="contact", entity_id=contact_id
            )

    def contact(self, contact_id: int) -> ContactRow:
        with self.database.session() as session:
            CaseworkRepository(session).get_contact(contact_id)
            return CaseworkRepository(session).contact_rows(ids=[contact_id])[0]

    def family_candidates(self, client_id: int) -> list[ClientRef]:
        """Other open cases with the same family name at the same address (street and postal
        code): the people a family contact may also cover. None when the address is unknown.
        One indexed query, not a list of everyone (the contact dialog asks on opening)."""
        with self.database.session() as session:
            return CaseworkRepository(session).family_candidates(client_id)

    def journal(self, client_id: int) -> list[ContactRow]:
        """The client's contacts, newest first; a family contact shows in each member's journal."""
        with self.database.session() as session:
            ClientRepository(session).get(client_id)
            return CaseworkRepository(session).contact_rows(client_id=client_id)

    @staticmethod
    def _fill(contact: Contact, data: NewContact) -> None:
        contact.guide_id = data.guide_id
        contact.occurred_on = data.occurred_on
        contact.duration_minutes = data.duration_minutes
        contact.kind = data.kind.value
        contact.topics = tuple(dict.fromkeys(topic.value for topic in data.topics))
        contact.authority_id = data.authority_id
        contact.note = data.note.strip()
        contact.travel_minutes = data.travel_minutes
        contact.travel_cost_cents = data.travel_cost_cents

    @staticmethod
    def _check_links(session: Session, data: NewContact) -> None:
        """Raises NotFoundError (German) when a client, the guide or the authority is gone,
        and ValidationError when the topic health lacks someone's consent."""
        clients = ClientRepository(session)
        for client_id in data.client_ids:
            clients.get(client_id)
        check_health_consent(session, data.client_ids, data.topics)
        if data.guide_id is not None:
            GuideRepository(session).get(data.guide_id)
        if data.authority_id is not None:
            AuthorityRepository(session).get(data.authority_id)

    # --- goals -----------------------------------------------------------------------------

    def add_goal(self, client_id: int, data: NewGoal) -> int:
        today = self.today()
        errors = validate_goal(data, today)
        if errors:
            raise ValidationError(errors)
        with self.database.session() as session:
            ClientRepository(session).get(client_id)
            goal = Goal(
                client_id=client_id,
                text=data.text.strip(),
                pillar=data.pillar.value,
                agreed_on=data.agreed_on or today,
                target_date=data.target_date,
                status=GoalStatus.OPEN.value,
                status_changed_on=None,
                status_note="",
            )
            session.add(goal)
            session.flush()
            record_audit(
                session, at=self.now(), action="angelegt", entity="goal", entity_id=goal.id
            )
            return goal.id

    def update_goal(self, goal_id: int, data: NewGoal) -> None:
        """Text, pillar, target date and (if given) the day it was agreed."""
        with self.database.session() as session:
            goal = CaseworkRepository(session).get_goal(goal_id)
            agreed = data.agreed_on or goal.agreed_on
            errors = validate_goal(
                NewGoal(data.text, data.pillar, data.target_date, agreed), self.today()
            )
            if errors:
                raise ValidationError(errors)
            text = data.text.strip()
            if text != goal.text:
                CaseworkRepository(session).add_goal_event(
                    goal_id, self.today(), goal.status, previous_text=goal.text
                )
            goal.text = text
            goal.pillar = data.pillar.value
            goal.target_date = data.target_date
            goal.agreed_on = agreed
            record_audit(
                session, at=self.now(), action="geändert", entity="goal", entity_id=goal_id
            )

    def set_goal_status(
        self, goal_id: int, status: GoalStatus, on: date | None = None, note: str = ""
    ) -> None:
        """Reached, changed, given up, or open again; the day and an optional note are kept,
        on the goal (its current state) and in its history (``goal_history``)."""
        day = on or self.today()
        errors = validate_goal_status(status, day, self.today(), note)
        with self.database.session() as session:
            repository = CaseworkRepository(session)
            goal = repository.get_goal(goal_id)
            if not errors and day < goal.agreed_on:
                errors["status_on"] = "Das Datum liegt vor dem Tag der Vereinbarung."
            if errors:
                raise ValidationError(errors)
            goal.status = status.value
            goal.status_changed_on = day
            goal.status_note = note.strip()
            repository.add_goal_event(goal_id, day, status.value, note=note.strip())
            record_audit(
                session,
                at=self.now(),
                action=f"status:{status.value}",
                entity="goal",
                entity_id=goal_id,
            )

    def delete_goal(self, goal_id: int) -> None:
        """The goal goes; its tasks stay, on their own."""
        with self.database.session() as session:
            goal = CaseworkRepository(session).get_goal(goal_id)
            session.delete(goal)
            record_audit(
                session, at=self.now(), action="gelöscht", entity="goal", entity_id=goal_id
            )

    def goal_history(self, goal_id: int) -> list[GoalEvent]:
        """Every change of the goal's status and text, oldest first. Goals changed before
        schema 0004 have no history; their last status is on the goal itself."""
        with self.database.session() as session:
            repository = CaseworkRepository(session)
            repository.get_goal(goal_id)
            return repository.goal_events(goal_id=goal_id)

    def goals(self, client_id: int) -> list[GoalRow]:
        with self.database.session() as session:
            ClientRepository(session).get(client_id)
            return CaseworkRepository(session).goal_rows(client_id)

    # --- tasks -----------------------------------------------------------------------------

    def add_task(self, client_id: int, data: NewTask) -> int:
        errors = validate_task(data)
        if errors:
            raise ValidationError(errors)
        with self.database.session() as session:
            return self._add_task(session, client_id, data)

    def _add_task(self, session: Session, client_id: int, data: NewTask) -> int:
        ClientRepository(session).get(client_id)
        self._check_goal(session, client_id, data.goal_id)
        task = Task(
            client_id=client_id,
            goal_id=data.goal_id,
            text=data.text.strip(),
            due_date=data.due,
            intended_actor=data.intended_actor,
            created_on=self.today(),
        )
        session.add(task)
        session.flush()
        record_audit(session, at=self.now(), action="angelegt", entity="task", entity_id=task.id)
        return task.id

    def update_task(self, task_id: int, data: NewTask) -> None:
        """Text, due date, who is meant to do it, and the goal (the client stays)."""
        errors = validate_task(data)
        if errors:
            raise ValidationError(errors)
        with self.database.session() as session:
            task = CaseworkRepository(session).get_task(task_id)
            self._check_goal(session, task.client_id, data.goal_id)
            task.text = data.text.strip()
            task.due_date = data.due
            task.intended_actor = data.intended_actor
            task.goal_id = data.goal_id
            record_audit(
                session, at=self.now(), action="geändert", entity="task", entity_id=task_id
            )

    def complete_task(self, task_id: int, done_by: StepActor, done_on: date | None = None) -> None:
        """Who did it (client alone, together, the guide) and when: counts in the self-help measure."""
        day = done_on or self.today()
        with self.database.session() as session:
            task = CaseworkRepository(session).get_task(task_id)
            errors = validate_completion(done_by, day, self.today(), task.created_on)
            if errors:
                raise ValidationError(errors)
            task.done_by = done_by
            task.done_on = day
            record_audit(
                session, at=self.now(), action="erledigt", entity="task", entity_id=task_id
            )

    def reopen_task(self, task_id: int) -> None:
        with self.database.session() as session:
            task = CaseworkRepository(session).get_task(task_id)
            task.done_by = None
            task.done_on = None
            record_audit(
                session, at=self.now(), action="wieder offen", entity="task", entity_id=task_id
            )

    def delete_task(self, task_id: int) -> None:
        with self.database.session() as session:
            task = CaseworkRepository(session).get_task(task_id)
            session.delete(task)
            record_audit(
                session, at=self.now(), action="gelöscht", entity="task", entity_id=task_id
            )

    def tasks(self, client_id: int) -> list[TaskRow]:
        """Open tasks first (soonest due first), then done ones (latest first)."""
        with self.database.session() as session:
            ClientRepository(session).get(client_id)
            return sorted(CaseworkRepository(session).task_rows(client_id), key=task_order)

    @staticmethod
    def _check_goal(session: Session, client_id: int, goal_id: int | None) -> None:
        if goal_id is None:
            return
        goal = CaseworkRepository(session).get_goal(goal_id)
        if goal.client_id != client_id:
            raise ValidationError({"goal": "Das Ziel gehört zu einer anderen Person."})

    # --- procedure checklists --------------------------------------------------------------

    def templates(self) -> list[ProcedureTemplate]:
        """The checklists in their order; the six defaults are written the first time."""
        with self.database.session() as session:
            self._seed_templates(session)
            return CaseworkRepository(session).templates()

    def save_template(self, template: ProcedureTemplate) -> int:
        """Create (``template.id`` is None, placed last) or change a checklist; returns its id."""
        errors = validate_template(template)
        if errors:
            raise ValidationError(errors)
        with self.database.session() as session:
            self._seed_templates(session)
            repository = CaseworkRepository(session)
            if template.id is None:
                row = ProcedureTemplateRecord(position=repository.next_template_position())
                session.add(row)
            else:
                row = repository.get_template(template.id)
                row.position = template.position
            row.name = template.name.strip()
            row.items = items_to_json(template.items)
            session.flush()
            record_audit(
                session,
                at=self.now(),
                action="angelegt" if template.id is None else "geändert",
                entity="procedure_template",
                entity_id=row.id,
            )
            return row.id

    def delete_template(self, template_id: int) -> None:
        """Tasks made from the checklist stay as they are."""
        with self.database.session() as session:
            row = CaseworkRepository(session).get_template(template_id)
            session.delete(row)
            record_audit(
                session,
                at=self.now(),
                action="gelöscht",
                entity="procedure_template",
                entity_id=template_id,
            )

    def apply_template(
        self,
        client_id: int,
        template_id: int,
        due_date: date | None = None,
        goal_id: int | None = None,
    ) -> list[int]:
        """One task per checklist item for the client (all or none); each is then editable."""
        with self.database.session() as session:
            row = CaseworkRepository(session).get_template(template_id)
            template = ProcedureTemplate(row.name, items_from_json(row.items), id=row.id)
            tasks = template_tasks(template, due=due_date, goal_id=goal_id)
            for task in tasks:
                errors = validate_task(task)
                if errors:
                    raise ValidationError(errors)
            ids = [self._add_task(session, client_id, task) for task in tasks]
            record_audit(
                session,
                at=self.now(),
                action="angewendet",
                entity="procedure_template",
                entity_id=template_id,
            )
            return ids

    def _seed_templates(self, session: Session) -> None:
        settings = SettingRepository(session)
        if settings.get(TEMPLATES_SEEDED_SETTING):
            return
        if CaseworkRepository(session).template_count() == 0:
            for position, template in enumerate(DEFAULT_TEMPLATES):
                session.add(
                    ProcedureTemplateRecord(
                        name=template.name, items=items_to_json(template.items), position=position
                    )
                )
        settings.set(TEMPLATES_SEEDED_SETTING, "1")
        session.flush()

    # --- the timeline ----------------------------------------------------------------------

    def timeline(
        self,
        client_id: int,
        kinds: Iterable[TimelineKind] | None = None,
        pillar: Pillar | None = None,
        topic: Topic | None = None,
    ) -> list[TimelineEntry]:
        """Contacts, appointments, letters in and out, deadlines, goals (agreed, and each
        change from their history) and tasks, newest first.

        Letters out are the letters printed or saved for the client (the audit log). A pillar
        filter keeps entries whose topics (or goal) belong to that pillar.
        """
        with self.database.session() as session:
            ClientRepository(session).get(client_id)
            entries = self._timeline(session, client_id)
        return filter_timeline(newest_first(entries), kinds, pillar, topic)

    def _timeline(self, session: Session, client_id: int) -> list[TimelineEntry]:
        repository = CaseworkRepository(session)
        entries: list[TimelineEntry] = []
        for contact in repository.contact_rows(client_id=client_id):
            lines = [contact.note] if contact.note else []
            lines += [f"{step.description} ({step.actor.label})" for step in contact.steps]
            if contact.is_family_contact:
                names = ", ".join(client.full_name for client in contact.clients)
                lines.append(f"Gemeinsam erfasst für: {names}")
            entries.append(
                TimelineEntry(
                    TimelineKind.CONTACT,
                    contact.occurred_on,
                    contact.title,
                    "\n".join(lines),
                    topics=contact.topics,
                    ref_id=contact.id,
                )
            )
        appointments = AppointmentRepository(session).rows(client_id=client_id)
        topics = repository.contact_topics_by_appointment(a.id for a in appointments)
        for appointment in appointments:
            detail = appointment.status.label
            if appointment.outcome:
                detail += f": {appointment.outcome}"
            entries.append(
                TimelineEntry(
                    TimelineKind.APPOINTMENT,
                    appointment.starts_at,
                    f"Termin: {appointment.title}",
                    detail,
                    topics=topics.get(appointment.id, ()),
                    ref_id=appointment.id,
                )
            )
        for letter in repository.letter_events(client_id):
            entries.append(
                TimelineEntry(
                    TimelineKind.LETTER_IN,
                    letter.on,
                    f"Brief von {letter.authority_name}" if letter.authority_name else "Brief",
                    letter.subject,
                    ref_id=letter.id,
                )
            )
        for deadline in DeadlineRepository(session).rows(client_id=client_id):
            detail = deadline.status.label
            if deadline.done_on:
                detail += f" am {format_date(deadline.done_on)}"
            if deadline.authority_name:
                detail += f" · {deadline.authority_name}"
            topic = DEADLINE_TOPICS.get(deadline.kind)
            entries.append(
                TimelineEntry(
                    TimelineKind.DEADLINE,
                    deadline.due_date,
                    f"Frist: {deadline.description}",
                    detail,
                    topics=(topic,) if topic else (),
                    ref_id=deadline.id,
                )
            )
        entries += [self._letter_out_entry(sent) for sent in repository.letters_out(client_id)]
        history: dict[int, list[GoalEvent]] = {}
        for event in repository.goal_events(client_id=client_id):
            history.setdefault(event.goal_id, []).append(event)
        for goal in repository.goal_rows(client_id):
            events = history.get(goal.id, [])
            if events:  # the changes have entries of their own
                detail = "vereinbart"
            else:  # a goal from before schema 0004: its last status only
                detail = goal.status.label
                if goal.status_changed_on and goal.status != GoalStatus.OPEN:
                    detail += f" am {format_date(goal.status_changed_on)}"
            if goal.target_date:
                detail += f" · Ziel bis {format_date(goal.target_date)}"
            if goal.status_note and not events:
                detail += f"\n{goal.status_note}"
            entries.append(
                TimelineEntry(
                    TimelineKind.GOAL,
                    goal.agreed_on,
                    f"Ziel: {goal.text}",
                    detail,
                    pillar=goal.pillar,
                    ref_id=goal.id,
                )
            )
            for event in events:
                if event.is_text_change:
                    title = f"Ziel umformuliert: {goal.text}"
                else:
                    state = (
                        "wieder offen" if event.status == GoalStatus.OPEN else event.status.label
                    )
                    title = f"Ziel {state}: {goal.text}"
                detail = event.summary
                entries.append(
                    TimelineEntry(
                        TimelineKind.GOAL,
                        event.on,
                        title,
                        detail,
                        pillar=goal.pillar,
                        ref_id=goal.id,
                    )
                )
        today = self.today()
        for task in repository.task_rows(client_id):
            if task.done_on is not None:
                on = task.done_on
                who = f" ({task.done_by.label})" if task.done_by else ""
                detail = f"erledigt am {format_date(task.done_on)}{who}"
            else:
                on = task.due_date or task.created_on or today
                detail = (
                    f"offen, fällig am {format_date(task.due_date)}" if task.due_date else "offen"
                )
            if task.goal_text:
                detail += f" · Ziel: {task.goal_text}"
            entries.append(
                TimelineEntry(
                    TimelineKind.TASK,
                    on,
                    f"Aufgabe: {task.text}",
                    detail,
                    pillar=task.goal_pillar,
                    ref_id=task.id,
                )
            )
        return entries

    @staticmethod
    def _letter_out_entry(letter: LetterOutEvent) -> TimelineEntry:
        about = {
            "appointment": "zu einem Termin",
            "deadline": "zu einer Frist",
            "client": "Einwilligung",
        }.get(letter.entity, "")
        detail = "gedruckt oder als PDF gespeichert" + (f" · {about}" if about else "")
        return TimelineEntry(
            TimelineKind.LETTER_OUT,
            letter.at,
            letter_out_title(letter.detail),
            detail,
            ref_id=letter.audit_id,
        )

    # --- the self-help measure -------------------------------------------------------------

    def self_help(
        self, client_id: int, today: date | None = None, *, quarters: int = 4, months: int = 3
    ) -> SelfHelpReport:
        """Steps by who did them, per quarter (the last ``quarters``), and the sentence for the
        last ``months`` months. Steps are the client's steps in its contacts (a step that names
        a person counts for that person only; a step that names nobody, as every step from
        before schema 0004, counts for each person the contact covers) and the client's
        completed tasks."""
        day = today or self.today()
        with self.database.session() as session:
            client = ClientRepository(session).get(client_id)
            repository = CaseworkRepository(session)
            steps = repository.step_actors(client_id) + repository.task_actors(client_id)
            name = short_name(client.form_of_address, client.given_name, client.family_name)
        start, end = last_months(day, months)
        recent = count_steps(steps, start, end)
        return SelfHelpReport(
            quarters=tuple(self_help_shares(steps, quarters_until(day, quarters))),
            recent=recent,
            months=months,
            sentence=self_help_sentence(name, recent, months),
        )

    # --- volunteer hours -------------------------------------------------------------------

    def volunteer_hours(self, guide_id: int, year: int) -> YearHours:
        """The guide's minutes per month: contacts (with travel), held appointments without a
        contact, and manual entries."""
        start, end = date(year, 1, 1), date(year, 12, 31)
        with self.database.session() as session:
            GuideRepository(session).get(guide_id)
            repository = CaseworkRepository(session)
            return volunteer_hours(
                year,
                repository.guide_contact_times(guide_id, start, end),
                repository.guide_appointment_times(guide_id, start, end),
                repository.volunteer_entries(guide_id, start, end),
            )

    def volunteer_entries(self, guide_id: int, year: int) -> list[VolunteerEntry]:
        with self.database.session() as session:
            GuideRepository(session).get(guide_id)
            return CaseworkRepository(session).volunteer_entries(
                guide_id, date(year, 1, 1), date(year, 12, 31)
            )

    def add_volunteer_entry(self, entry: VolunteerEntry) -> int:
        errors = validate_volunteer_entry(entry, self.today())
        if errors:
            raise ValidationError(errors)
        with self.database.session() as session:
            GuideRepository(session).get(entry.guide_id)
            row = VolunteerTimeEntry(
                guide_id=entry.guide_id,
                occurred_on=entry.occurred_on,
                minutes=entry.minutes,
                kind=entry.kind.value,
                note=entry.note.strip(),
                created_at=self.now(),
            )
            session.add(row)
            session.flush()
            record_audit(
                session,
                at=self.now(),
                action="angelegt",
                entity="volunteer_entry",
                entity_id=row.id,
            )
            return row.id

    def delete_volunteer_entry(self, entry_id: int) -> None:
        with self.database.session() as session:
            row = CaseworkRepository(session).get_volunteer_entry(entry_id)
            session.delete(row)
            record_audit(
                session,
                at=self.now(),
                action="gelöscht",
                entity="volunteer_entry",
                entity_id=entry_id,
            )

    def hours_cap(self) -> int | None:
        """The yearly cap of paid hours per guide; None when none is set (no warning)."""
        with self.database.session() as session:
            stored = SettingRepository(session).get(HOURS_CAP_SETTING).strip()
        return int(stored) if stored.isdigit() and int(stored) > 0 else None

    def set_hours_cap(self, hours: int | None) -> None:
        if hours is not None and not 1 <= hours <= MAX_HOURS_CAP:
            raise ValidationError(
                {"hours_cap": f"Die Obergrenze muss zwischen 1 und {MAX_HOURS_CAP} Stunden liegen."}
            )
        with self.database.session() as session:
            SettingRepository(session).set(HOURS_CAP_SETTING, "" if hours is None else str(hours))

    def hours_cap_warning(self, guide_id: int, year: int | None = None) -> str | None:
        """A German warning when the guide has used 90 % of the yearly cap (None otherwise)."""
        cap = self.hours_cap()
        if cap is None:
            return None
        year = year or self.today().year
        return hours_cap_warning(self.volunteer_hours(guide_id, year).hours, cap, year=year)

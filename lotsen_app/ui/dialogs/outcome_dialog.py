"""After an appointment: what happened, who did which step, and what follows (one transaction)."""

from __future__ import annotations

from datetime import timedelta
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from lotsen_app.domain.appointments import (
    CONTACT_KIND_FOR_MODE,
    MAX_DURATION,
    AppointmentOutcome,
    AppointmentRow,
    ClientRef,
)
from lotsen_app.domain.dates import format_date_weekday
from lotsen_app.domain.deadline_tracking import NewDeadline, NewTask
from lotsen_app.domain.deadlines import DeadlineKind
from lotsen_app.domain.enums import (
    AppointmentStatus,
    AuthorityKind,
    ContactKind,
    StepActor,
    Topic,
)
from lotsen_app.domain.errors import DomainError, ValidationError
from lotsen_app.services.container import Services
from lotsen_app.ui.widgets.casework_widgets import HINT_STYLE, RowList, StepRow, row_layout
from lotsen_app.ui.widgets.common import (
    ErrorLabel,
    date_edit,
    enum_data,
    field_with_error,
    from_qdate,
    scrolling_form,
    show_error,
    show_field_errors,
)

# Deadlines that follow from an appointment: dates the authority set. Legal remedies
# (Widerspruch, Einspruch, Klage) are counted from the letter's delivery in the deadline dialog.
OUTCOME_DEADLINE_KINDS = tuple(kind for kind in DeadlineKind if not kind.computed)

# The topic an appointment at such a place is usually about; pre-ticked, the guide can change it.
# Never health: that topic needs the person's consent, so the guide ticks it herself.
TOPIC_FOR_AUTHORITY: dict[AuthorityKind, Topic] = {
    AuthorityKind.AUSLAENDERBEHOERDE: Topic.RESIDENCE,
    AuthorityKind.BUERGERAMT: Topic.RESIDENCE,
    AuthorityKind.JOBCENTER: Topic.MONEY,
    AuthorityKind.FAMILIENKASSE: Topic.MONEY,
    AuthorityKind.SOZIALAMT: Topic.MONEY,
    AuthorityKind.AGENTUR_FUER_ARBEIT: Topic.WORK,
    AuthorityKind.SCHULE_KITA: Topic.SCHOOL,
    AuthorityKind.VERMIETER: Topic.HOUSING,
}


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def outcome_summary(outcome: AppointmentOutcome) -> str:
    """One German sentence on what was saved, e.g. "Kontakt mit 2 Schritten, 1 Aufgabe,
    1 Frist gespeichert.", for the page that opened the dialog to show."""
    followups = []
    if outcome.tasks:
        followups.append(_count(len(outcome.tasks), "Aufgabe", "Aufgaben"))
    if outcome.deadlines:
        followups.append(_count(len(outcome.deadlines), "Frist", "Fristen"))
    if outcome.status == AppointmentStatus.DONE:
        steps = sum(1 for step in outcome.steps if step.description.strip())
        parts = [f"Kontakt mit {_count(steps, 'Schritt', 'Schritten')}", *followups]
        return ", ".join(parts) + " gespeichert."
    text = f"Termin als „{outcome.status.label}“ eingetragen"
    if followups:
        text += "; " + ", ".join(followups) + " gespeichert"
    return text + "."


class TaskRow(QWidget):
    """A follow-up task: what, by when (optional), who should do it, and for which person
    (the choice is shown only when the appointment has several people)."""

    def __init__(
        self,
        services: Services,
        clients: tuple[ClientRef, ...] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.text = QLineEdit()
        self.text.setPlaceholderText(self.tr("z. B. Kontoauszüge besorgen"))
        self.has_due = QCheckBox(self.tr("bis"))
        self.due = date_edit(services.clock().date() + timedelta(days=7))
        self.due.setEnabled(False)
        self.has_due.toggled.connect(self.due.setEnabled)
        self.actor = QComboBox()
        self.actor.addItem(self.tr("– wer? –"), None)
        for actor in StepActor:
            self.actor.addItem(actor.label, actor)
        self.person = QComboBox()
        self.person.setToolTip(self.tr("Für wen ist die Aufgabe?"))
        for client in clients:
            self.person.addItem(client.full_name, client.id)
        self.person.setVisible(len(clients) > 1)
        layout = row_layout(self)
        layout.addWidget(self.text, 3)
        layout.addWidget(self.has_due)
        layout.addWidget(self.due)
        layout.addWidget(self.actor, 2)
        layout.addWidget(self.person, 2)

    def task(self) -> NewTask:
        person = self.person.currentData()
        return NewTask(
            text=self.text.text(),
            due=from_qdate(self.due.date()) if self.has_due.isChecked() else None,
            intended_actor=enum_data(self.actor, StepActor),
            client_id=None if person is None else int(person),
        )


class DeadlineRow(QWidget):
    """A deadline that came out of the appointment, with the date the authority set."""

    def __init__(
        self, services: Services, clients: tuple[ClientRef, ...], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.kind = QComboBox()
        for kind in OUTCOME_DEADLINE_KINDS:
            self.kind.addItem(kind.label, kind)
        self.kind.setCurrentIndex(self.kind.findData(DeadlineKind.ABGABE))
        self.title = QLineEdit()
        self.title.setPlaceholderText(self.tr("z. B. fehlende Unterlagen nachreichen"))
        self.due = date_edit(services.clock().date() + timedelta(days=14))
        self.person = QComboBox()
        for client in clients:
            self.person.addItem(client.full_name, client.id)
        self.person.setVisible(len(clients) > 1)
        layout = row_layout(self)
        layout.addWidget(self.kind, 2)
        layout.addWidget(self.title, 3)
        layout.addWidget(QLabel(self.tr("bis")))
        layout.addWidget(self.due)
        layout.addWidget(self.person, 2)

    def deadline(self) -> NewDeadline:
        kind = enum_data(self.kind, DeadlineKind)
        assert kind is not None
        return NewDeadline(
            client_id=int(self.person.currentData()),
            kind=kind,
            title=self.title.text(),
            fixed_due=from_qdate(self.due.date()),
        )


class OutcomeDialog(QDialog):
    """Status, outcome and next steps of one appointment; the contact, tasks and deadlines from it.

    Everything is saved in one call (one transaction): nothing is half-written.
    """

    def __init__(
        self, services: Services, appointment_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.appointment_id = appointment_id
        self.contact_id: int | None = None
        self.summary = ""
        self.row: AppointmentRow = services.appointments.get(appointment_id)
        row = self.row
        self.setWindowTitle(self.tr("Ergebnis des Termins"))
        self.resize(820, 760)

        heading = QLabel(
            f"<b>{escape(row.title)}</b><br>{format_date_weekday(row.starts_at.date())}, "
            f"{row.starts_at:%H:%M} Uhr – {escape(row.client_names)}"
        )
        heading.setTextFormat(Qt.TextFormat.RichText)
        heading.setWordWrap(True)

        # Cancelling is not offered here: it has its own dialog ("Absagen …"), which reminds
        # the guide to tell the authority too, and a cancelled appointment has no outcome.
        self.status = QComboBox()
        self.status.addItem(self.tr("Der Termin hat stattgefunden."), AppointmentStatus.DONE)
        self.status.addItem(self.tr("Der Termin wurde versäumt."), AppointmentStatus.MISSED)
        self.status.setCurrentIndex(max(self.status.findData(row.status), 0))
        self.outcome = QPlainTextEdit()
        self.outcome.setPlaceholderText(self.tr("Was ist herausgekommen? Wie geht es weiter?"))
        self.outcome.setMaximumHeight(90)
        if row.outcome:
            self.outcome.setPlainText(row.outcome)
        outcome_hint = QLabel(
            self.tr(
                "Nur festhalten, was die Person auch lesen darf: keine Diagnosen und keine "
                "Einzelheiten zur Gesundheit – höchstens das Thema „Gesundheit“."
            )
        )
        outcome_hint.setWordWrap(True)
        outcome_hint.setStyleSheet(HINT_STYLE)

        self.contact_kind = QComboBox()
        for kind in ContactKind:
            self.contact_kind.addItem(kind.label, kind)
        self.contact_kind.setCurrentIndex(
            self.contact_kind.findData(CONTACT_KIND_FOR_MODE.get(row.mode, ContactKind.COUNSELLING))
        )
        self.occurred_on = date_edit(row.starts_at.date())
        self.duration = QSpinBox()
        self.duration.setRange(0, MAX_DURATION)
        self.duration.setSingleStep(15)
        self.duration.setSuffix(" Min.")
        self.duration.setValue(row.duration_minutes)
        self.topic_boxes: dict[Topic, QCheckBox] = {}
        topics = QWidget()
        topics_layout = QGridLayout(topics)
        topics_layout.setContentsMargins(0, 0, 0, 0)
        for index, topic in enumerate(Topic):
            box = QCheckBox(topic.label)
            self.topic_boxes[topic] = box
            topics_layout.addWidget(box, index // 3, index % 3)
        if row.authority is not None and row.authority.kind in TOPIC_FOR_AUTHORITY:
            self.topic_boxes[TOPIC_FOR_AUTHORITY[row.authority.kind]].setChecked(True)

        self.steps = RowList(StepRow, self.tr("Schritt hinzufügen"))
        self.steps.add_row()
        steps_hint = QLabel(
            self.tr("Wer hat es gemacht? Das zeigt, was die Person schon allein schafft.")
        )
        steps_hint.setStyleSheet(HINT_STYLE)

        self.tasks = RowList(lambda: TaskRow(services, row.clients), self.tr("Aufgabe hinzufügen"))
        self.deadlines = RowList(
            lambda: DeadlineRow(services, row.clients), self.tr("Frist hinzufügen")
        )
        deadlines_hint = QLabel(
            self.tr(
                "Hier nur Fristen mit einem festen Datum (z. B. Unterlagen bis …). Fristen für "
                "Widerspruch, Einspruch oder Klage bitte mit „Neue Frist …“ auf der Seite "
                "Klient:innen anlegen: sie werden aus dem Zugang des Briefs berechnet."
            )
        )
        deadlines_hint.setWordWrap(True)
        deadlines_hint.setStyleSheet(HINT_STYLE)

        # --- layout ---
        self.field_errors: dict[str, ErrorLabel] = {}
        result = QGroupBox(self.tr("Ergebnis"))
        result_form = QFormLayout(result)
        status_box, self.field_errors["status"] = field_with_error(self.status)
        result_form.addRow(self.tr("Was ist passiert?"), status_box)
        result_form.addRow(self.tr("Ergebnis und nächste Schritte"), self.outcome)
        result_form.addRow("", outcome_hint)

        self.contact_box = QGroupBox(self.tr("Kontakt (wird im Verlauf gezählt)"))
        contact_form = QFormLayout(self.contact_box)
        contact_form.addRow(self.tr("Art"), self.contact_kind)
        when = QWidget()
        when_layout = row_layout(when)
        when_layout.addWidget(self.occurred_on)
        when_layout.addWidget(QLabel(self.tr("Dauer")))
        when_layout.addWidget(self.duration)
        when_layout.addStretch()
        when_box, self.field_errors["duration"] = field_with_error(when)
        contact_form.addRow(self.tr("am"), when_box)
        topics_wrap, self.field_errors["topics"] = field_with_error(topics)
        contact_form.addRow(self.tr("Themen"), topics_wrap)
        steps_box = QWidget()
        steps_layout = QVBoxLayout(steps_box)
        steps_layout.setContentsMargins(0, 0, 0, 0)
        steps_layout.addWidget(steps_hint)
        steps_layout.addWidget(self.steps)
        steps_wrap, self.field_errors["steps"] = field_with_error(steps_box)
        contact_form.addRow(self.tr("Schritte"), steps_wrap)

        followups = QGroupBox(self.tr("Wie geht es weiter?"))
        followups_form = QFormLayout(followups)
        tasks_wrap, self.field_errors["tasks"] = field_with_error(self.tasks)
        followups_form.addRow(self.tr("Aufgaben"), tasks_wrap)
        deadlines_box = QWidget()
        deadlines_layout = QVBoxLayout(deadlines_box)
        deadlines_layout.setContentsMargins(0, 0, 0, 0)
        deadlines_layout.addWidget(deadlines_hint)
        deadlines_layout.addWidget(self.deadlines)
        deadlines_wrap, self.field_errors["due"] = field_with_error(deadlines_box)
        self.field_errors["client"] = self.field_errors["due"]
        self.field_errors["title"] = self.field_errors["due"]
        followups_form.addRow(self.tr("Fristen"), deadlines_wrap)

        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.addWidget(heading)
        content_layout.addWidget(result)
        content_layout.addWidget(self.contact_box)
        content_layout.addWidget(followups)
        content_layout.addStretch()
        self.error, self.buttons = scrolling_form(self, content, self.save)

        self.status.currentIndexChanged.connect(self._status_changed)
        self._status_changed()

    def current_status(self) -> AppointmentStatus:
        status = enum_data(self.status, AppointmentStatus)
        assert status is not None
        return status

    def _status_changed(self, *_args: object) -> None:
        """Only a held appointment is a contact; missed or cancelled ones keep only the note."""
        self.contact_box.setEnabled(self.current_status() == AppointmentStatus.DONE)

    def current_outcome(self) -> AppointmentOutcome:
        status = self.current_status()
        held = status == AppointmentStatus.DONE
        steps = tuple(row.step() for row in self.steps.rows if isinstance(row, StepRow))
        tasks = tuple(row.task() for row in self.tasks.rows if isinstance(row, TaskRow))
        deadlines = tuple(
            row.deadline() for row in self.deadlines.rows if isinstance(row, DeadlineRow)
        )
        return AppointmentOutcome(
            appointment_id=self.appointment_id,
            status=status,
            outcome=self.outcome.toPlainText(),
            contact_kind=enum_data(self.contact_kind, ContactKind) or ContactKind.COUNSELLING,
            topics=tuple(t for t, box in self.topic_boxes.items() if box.isChecked())
            if held
            else (),
            duration_minutes=self.duration.value() if held else 0,
            steps=steps if held else (),
            tasks=tasks,
            deadlines=deadlines,
            occurred_on=from_qdate(self.occurred_on.date()) if held else None,
        )

    def save(self) -> None:
        outcome = self.current_outcome()
        try:
            self.contact_id = self.services.appointments.record_outcome(outcome)
        except ValidationError as error:
            show_field_errors(error.errors, self.field_errors, self.error)
            return
        except DomainError as error:
            show_field_errors({}, self.field_errors, self.error)
            self.error.show_message(str(error))
            return
        except Exception as error:
            show_error(self, error)
            return
        self.summary = outcome_summary(outcome)
        self.accept()

"""Goals agreed with a client, their tasks, who did a task, and applying a procedure checklist."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import cast

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from lotsen_app.domain.casework import (
    GoalRow,
    NewGoal,
    ProcedureTemplate,
    TaskRow,
    TemplateItem,
)
from lotsen_app.domain.deadline_tracking import NewTask
from lotsen_app.domain.enums import GoalStatus, Pillar, StepActor
from lotsen_app.services.container import Services
from lotsen_app.ui.models.row_table_model import ColumnSpec, RowTableModel
from lotsen_app.ui.widgets.common import (
    ErrorLabel,
    add_field,
    date_edit,
    dialog_buttons,
    enum_data,
    from_qdate,
    save_and_accept,
    to_qdate,
)


def goal_combo(goals: list[GoalRow], selected: int | None = None) -> QComboBox:
    """ "ohne Ziel" and the client's goals (open ones first), with ``selected`` chosen."""
    combo = QComboBox()
    combo.addItem(QCoreApplication.translate("GoalTaskDialogs", "ohne Ziel"), None)
    ordered = sorted(goals, key=lambda goal: (goal.status != GoalStatus.OPEN, goal.id))
    for goal in ordered:
        label = goal.text if len(goal.text) <= 70 else goal.text[:69] + "…"
        if goal.status != GoalStatus.OPEN:
            label += f" ({goal.status.label})"
        combo.addItem(label, goal.id)
    combo.setCurrentIndex(max(combo.findData(selected), 0) if selected is not None else 0)
    return combo


def actor_combo(empty_label: str, selected: StepActor | None = None) -> QComboBox:
    combo = QComboBox()
    combo.addItem(empty_label, None)
    for actor in StepActor:
        combo.addItem(actor.label, actor)
    if selected is not None:
        combo.setCurrentIndex(combo.findData(selected))
    return combo


class OptionalDate(QWidget):
    """A check box and a date: the date counts only when checked."""

    def __init__(self, label: str, value: date | None, default: date) -> None:
        super().__init__()
        self.check = QCheckBox(label)
        self.edit = date_edit(value or default)
        self.check.setChecked(value is not None)
        self.edit.setEnabled(value is not None)
        self.check.toggled.connect(self.edit.setEnabled)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.edit)
        layout.addStretch()

    def value(self) -> date | None:
        return from_qdate(self.edit.date()) if self.check.isChecked() else None

    def set_value(self, value: date | None) -> None:
        self.check.setChecked(value is not None)
        if value is not None:
            self.edit.setDate(to_qdate(value))


class GoalDialog(QDialog):
    """Agree a new goal with the client, or change its text, area and dates."""

    def __init__(
        self,
        services: Services,
        client_id: int,
        goal: GoalRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.client_id = client_id
        self.goal = goal
        self.saved_id: int | None = goal.id if goal else None
        today = services.clock().date()
        self.setWindowTitle(self.tr("Ziel bearbeiten") if goal else self.tr("Ziel vereinbaren"))
        self.resize(560, 300)

        self.text = QPlainTextEdit()
        self.text.setPlaceholderText(
            self.tr(
                "In den Worten der Klient:in, z. B. „Ich möchte Briefe vom Jobcenter selbst verstehen.“"
            )
        )
        self.text.setMaximumHeight(90)
        self.pillar = QComboBox()
        self.pillar.addItem(self.tr("– bitte wählen –"), None)
        for pillar in Pillar:
            self.pillar.addItem(pillar.label, pillar)
        self.agreed_on = date_edit(goal.agreed_on if goal else today)
        self.target = OptionalDate(
            self.tr("erreichen bis"), goal.target_date if goal else None, today
        )

        form = QFormLayout()
        self.field_errors = {
            "text": add_field(form, self.tr("Ziel"), self.text),
            "pillar": add_field(form, self.tr("Bereich"), self.pillar),
            "agreed_on": add_field(form, self.tr("Vereinbart am"), self.agreed_on),
            "target_date": add_field(form, self.tr("Zieldatum"), self.target),
        }
        self.error = ErrorLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        if goal is not None and goal.status != GoalStatus.OPEN:
            state = QLabel(
                self.tr("Stand: {0}").format(goal.status.label)
                + (f" ({goal.status_changed_on:%d.%m.%Y})" if goal.status_changed_on else "")
            )
            state.setWordWrap(True)
            layout.addWidget(state)
        layout.addStretch()
        layout.addWidget(self.error)
        layout.addWidget(dialog_buttons(self, self.save))

        if goal is not None:
            self.text.setPlainText(goal.text)
            if goal.pillar is not None:
                self.pillar.setCurrentIndex(self.pillar.findData(goal.pillar))

    def data(self) -> NewGoal:
        # An unchosen area stays None: the domain answers with the German message.
        pillar = cast(Pillar, enum_data(self.pillar, Pillar))
        return NewGoal(
            text=self.text.toPlainText(),
            pillar=pillar,
            target_date=self.target.value(),
            agreed_on=from_qdate(self.agreed_on.date()),
        )

    def save(self) -> None:
        data = self.data()

        def store() -> None:
            if self.goal is None:
                self.saved_id = self.services.casework.add_goal(self.client_id, data)
            else:
                self.services.casework.update_goal(self.goal.id, data)

        save_and_accept(self, store, self.field_errors, self.error)


class GoalStatusDialog(QDialog):
    """Reached, changed, given up (or open again): the day and an optional note are kept."""

    CHOICES = (GoalStatus.REACHED, GoalStatus.CHANGED, GoalStatus.DROPPED, GoalStatus.OPEN)

    def __init__(
        self,
        services: Services,
        goal: GoalRow,
        status: GoalStatus | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.goal = goal
        self.setWindowTitle(self.tr("Stand des Ziels"))
        self.resize(480, 320)
        labels = {
            GoalStatus.REACHED: self.tr("erreicht"),
            GoalStatus.CHANGED: self.tr("geändert (neu vereinbart)"),
            GoalStatus.DROPPED: self.tr("aufgegeben"),
            GoalStatus.OPEN: self.tr("wieder offen"),
        }
        self.buttons = {choice: QRadioButton(labels[choice]) for choice in self.CHOICES}
        wanted = status or (
            GoalStatus.REACHED if goal.status == GoalStatus.OPEN else GoalStatus.OPEN
        )
        self.buttons[wanted].setChecked(True)
        self.on = date_edit(services.clock().date())
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText(
            self.tr("optional: was erreicht wurde, warum geändert oder aufgegeben")
        )
        self.note.setMaximumHeight(80)
        self.error = ErrorLabel()

        who = QVBoxLayout()
        for button in self.buttons.values():
            who.addWidget(button)
        form = QFormLayout()
        form.addRow(self.tr("Neuer Stand"), who)
        self.field_errors = {
            "status_on": add_field(form, self.tr("Datum"), self.on),
            "status_note": add_field(form, self.tr("Notiz"), self.note),
        }
        title = QLabel(f"<b>{escape(goal.text)}</b>")
        title.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addStretch()
        layout.addWidget(self.error)
        layout.addWidget(dialog_buttons(self, self.save))

    def status(self) -> GoalStatus:
        return next(choice for choice, button in self.buttons.items() if button.isChecked())

    def save(self) -> None:
        save_and_accept(
            self,
            lambda: self.services.casework.set_goal_status(
                self.goal.id, self.status(), from_qdate(self.on.date()), self.note.toPlainText()
            ),
            self.field_errors,
            self.error,
        )


class TaskDialog(QDialog):
    """A task: what, by when, who is meant to do it, and the goal it serves."""

    def __init__(
        self,
        services: Services,
        client_id: int,
        goals: list[GoalRow],
        task: TaskRow | None = None,
        goal_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.client_id = client_id
        self.task = task
        self.saved_id: int | None = task.id if task else None
        today = services.clock().date()
        self.setWindowTitle(self.tr("Aufgabe bearbeiten") if task else self.tr("Neue Aufgabe"))
        self.resize(600, 220)

        self.text = QLineEdit(task.text if task else "")
        self.text.setPlaceholderText(
            self.tr("z. B. Kontoauszüge der letzten drei Monate bereitlegen")
        )
        self.goal = goal_combo(goals, task.goal_id if task else goal_id)
        self.due = OptionalDate(self.tr("fällig am"), task.due_date if task else None, today)
        self.actor = actor_combo(self.tr("offen lassen"), task.intended_actor if task else None)

        form = QFormLayout()
        self.field_errors = {
            "text": add_field(form, self.tr("Was ist zu tun?"), self.text),
            "due": add_field(form, self.tr("Fällig"), self.due),
            "intended_actor": add_field(form, self.tr("Wer soll es tun?"), self.actor),
            "goal": add_field(form, self.tr("Zum Ziel"), self.goal),
        }
        self.error = ErrorLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        if task is not None and task.done_on is not None:
            done = QLabel(
                self.tr("Erledigt am {0} ({1}). „Wieder offen“ setzt das zurück.").format(
                    f"{task.done_on:%d.%m.%Y}", task.done_by.label if task.done_by else ""
                )
            )
            done.setWordWrap(True)
            layout.addWidget(done)
        layout.addStretch()
        layout.addWidget(self.error)
        layout.addWidget(dialog_buttons(self, self.save))

    def data(self) -> NewTask:
        return NewTask(
            text=self.text.text(),
            due=self.due.value(),
            intended_actor=enum_data(self.actor, StepActor),
            goal_id=self.goal.currentData(),
        )

    def save(self) -> None:
        data = self.data()

        def store() -> None:
            if self.task is None:
                self.saved_id = self.services.casework.add_task(self.client_id, data)
            else:
                self.services.casework.update_task(self.task.id, data)

        save_and_accept(self, store, self.field_errors, self.error)


class CompleteTaskDialog(QDialog):
    """Mark a task done: who did it (the self-help measure) and when.

    Nothing is ticked in advance, not even who was meant to do it: the answer feeds the
    self-help measure, so the guide has to say what really happened."""

    def __init__(self, services: Services, task: TaskRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.task = task
        self.setWindowTitle(self.tr("Aufgabe erledigt"))
        self.done_on = date_edit(services.clock().date())
        self.actors = {actor: QRadioButton(actor.label) for actor in StepActor}
        who_error = ErrorLabel()
        self.error = ErrorLabel()
        who_box = QWidget()
        who = QVBoxLayout(who_box)
        who.setContentsMargins(0, 0, 0, 0)
        for button in self.actors.values():
            who.addWidget(button)
        who.addWidget(who_error)
        form = QFormLayout()
        form.addRow(self.tr("Wer hat es erledigt?"), who_box)
        self.field_errors = {
            "done_by": who_error,
            "done_on": add_field(form, self.tr("Erledigt am"), self.done_on),
        }
        title = QLabel(f"<b>{escape(task.text)}</b>")
        title.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        planned = task.intended_actor
        self.planned = QLabel(self.tr("Geplant war: {0}").format(planned.label if planned else ""))
        self.planned.setVisible(planned is not None)
        layout.addWidget(self.planned)
        layout.addLayout(form)
        layout.addStretch()
        layout.addWidget(self.error)
        layout.addWidget(dialog_buttons(self, self.save, self.tr("Erledigt")))

    def actor(self) -> StepActor | None:
        return next((actor for actor, button in self.actors.items() if button.isChecked()), None)

    def save(self) -> None:
        # Nothing chosen stays None: the domain answers with the German message.
        actor = cast(StepActor, self.actor())
        save_and_accept(
            self,
            lambda: self.services.casework.complete_task(
                self.task.id, actor, from_qdate(self.done_on.date())
            ),
            self.field_errors,
            self.error,
        )


def checklist_line(row: tuple[int, TemplateItem]) -> str:
    """ "2. Antrag ausfüllen – gemeinsam": a checklist item with its number and who does it."""
    number, item = row
    who = f" – {item.actor.label}" if item.actor else ""
    return f"{number}. {item.text}{who}"


class ApplyChecklistDialog(QDialog):
    """Choose a procedure checklist, a due date and the goal; one task per item is created."""

    def __init__(
        self,
        services: Services,
        client_id: int,
        goals: list[GoalRow],
        goal_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.client_id = client_id
        self.created_ids: list[int] = []
        self.setWindowTitle(self.tr("Checkliste anwenden"))
        self.resize(600, 460)
        self.templates: list[ProcedureTemplate] = services.casework.templates()

        self.template = QComboBox()
        for template in self.templates:
            self.template.addItem(template.name, template.id)
        self.item_model: RowTableModel[tuple[int, TemplateItem]] = RowTableModel(
            [ColumnSpec("Punkt", checklist_line)], self
        )
        self.items = QListView()
        self.items.setModel(self.item_model)
        self.items.setSelectionMode(QListView.SelectionMode.NoSelection)
        self.due = OptionalDate(self.tr("alle fällig am"), None, services.clock().date())
        self.goal = goal_combo(goals, goal_id)
        self.error = ErrorLabel()

        form = QFormLayout()
        form.addRow(self.tr("Checkliste"), self.template)
        form.addRow(self.tr("Fällig"), self.due)
        form.addRow(self.tr("Zum Ziel"), self.goal)
        hint = QLabel(
            self.tr(
                "Für jeden Punkt wird eine Aufgabe angelegt. Danach lassen sich die Aufgaben "
                "einzeln anpassen oder löschen."
            )
        )
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Punkte der Checkliste")))
        layout.addWidget(self.items)
        layout.addWidget(hint)
        layout.addWidget(self.error)
        buttons = dialog_buttons(self, self.save, self.tr("Anwenden"))
        layout.addWidget(buttons)
        if not self.templates:
            self.error.show_message(
                self.tr(
                    "Es gibt keine Checkliste. Checklisten lassen sich in den Einstellungen anlegen."
                )
            )
            self.template.setEnabled(False)
        self.template.currentIndexChanged.connect(self._show_items)
        self._show_items()

    def chosen(self) -> ProcedureTemplate | None:
        index = self.template.currentIndex()
        return self.templates[index] if 0 <= index < len(self.templates) else None

    def _show_items(self, *_args: object) -> None:
        template = self.chosen()
        items = template.items if template is not None else ()
        self.item_model.set_rows(list(enumerate(items, start=1)))

    def select_template(self, name: str) -> bool:
        index = self.template.findText(name)
        if index >= 0:
            self.template.setCurrentIndex(index)
        return index >= 0

    def save(self) -> None:
        template = self.chosen()
        if template is None or template.id is None:
            self.error.show_message(self.tr("Bitte eine Checkliste wählen."))
            return

        def apply() -> None:
            assert template.id is not None
            self.created_ids = self.services.casework.apply_template(
                self.client_id, template.id, self.due.value(), self.goal.currentData()
            )

        save_and_accept(self, apply, {}, self.error)

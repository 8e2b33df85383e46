"""A client's goals and tasks: agree goals, record what was reached, and who did each task."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from lotsen_app.domain.casework import GoalRow, TaskRow
from lotsen_app.domain.dates import format_date
from lotsen_app.domain.enums import GoalStatus
from lotsen_app.services.container import Services
from lotsen_app.ui.dialogs.goal_task_dialogs import (
    ApplyChecklistDialog,
    CompleteTaskDialog,
    GoalDialog,
    GoalStatusDialog,
    TaskDialog,
)
from lotsen_app.ui.models.row_table_model import (
    ColumnSpec,
    RowTableModel,
    select_row,
    selected_row,
)
from lotsen_app.ui.widgets.common import confirm_delete, data_table, show_error

GOAL_COLOURS = {
    GoalStatus.OPEN: None,
    GoalStatus.REACHED: "#d4edda",
    GoalStatus.CHANGED: "#fff3b0",
    GoalStatus.DROPPED: "#e2e3e5",
}
OVERDUE_COLOUR = "#f8d7da"
NEW_TASK_COLOUR = "#d6e9f8"
DONE_COLOUR = "#eef6ee"

ALL_TASKS = "alle"
GOAL_TASKS = "ziel"
LOOSE_TASKS = "ohne"


def goal_state(goal: GoalRow) -> str:
    """ "erreicht am 03.11.2026"; an open goal just "offen"."""
    if goal.status != GoalStatus.OPEN and goal.status_changed_on is not None:
        return f"{goal.status.label} am {format_date(goal.status_changed_on)}"
    return goal.status.label


def goal_columns() -> list[ColumnSpec[GoalRow]]:
    def tasks_text(goal: GoalRow) -> str:
        total = goal.open_tasks + goal.done_tasks
        return f"{goal.done_tasks} von {total} erledigt" if total else "–"

    def tooltip(goal: GoalRow) -> str:
        return goal.text + (f"\n\n{goal.status_note}" if goal.status_note else "")

    return [
        ColumnSpec("Ziel", lambda g: g.text, lambda g: g.text.casefold(), tooltip=tooltip),
        ColumnSpec(
            "Bereich", lambda g: g.pillar.label if g.pillar else "", lambda g: g.pillar or ""
        ),
        ColumnSpec("Vereinbart", lambda g: format_date(g.agreed_on), lambda g: (g.agreed_on, g.id)),
        ColumnSpec(
            "Ziel bis",
            lambda g: format_date(g.target_date),
            lambda g: (g.target_date or date.max, g.id),
        ),
        ColumnSpec(
            "Stand",
            goal_state,
            lambda g: (list(GoalStatus).index(g.status), g.status_changed_on or date.min),
            background=lambda g: GOAL_COLOURS[g.status],
            tooltip=lambda g: g.status_note,
        ),
        ColumnSpec(
            "Aufgaben", tasks_text, lambda g: (g.done_tasks, g.open_tasks), align_right=True
        ),
    ]


def task_columns(
    today: Callable[[], date], fresh: Callable[[], set[int]], settled: Callable[[], set[int]]
) -> list[ColumnSpec[TaskRow]]:
    """``settled``: ids of goals no longer open (their open tasks are not shown as overdue)."""

    def colour(task: TaskRow) -> str | None:
        if task.id in fresh():
            return NEW_TASK_COLOUR
        if (
            task.done_on is None
            and task.due_date is not None
            and task.due_date < today()
            and task.goal_id not in settled()
        ):
            return OVERDUE_COLOUR
        return DONE_COLOUR if task.done_on is not None else None

    def due_key(task: TaskRow) -> tuple[int, date, int]:
        return (task.done_on is not None, task.due_date or date.max, task.id)

    return [
        ColumnSpec(
            "Aufgabe",
            lambda t: t.text,
            lambda t: t.text.casefold(),
            background=colour,
            tooltip=lambda t: t.text,
        ),
        ColumnSpec("Fällig", lambda t: format_date(t.due_date), due_key, background=colour),
        ColumnSpec(
            "Soll erledigen",
            lambda t: t.intended_actor.label if t.intended_actor else "",
            lambda t: t.intended_actor or "",
            background=colour,
        ),
        ColumnSpec(
            "Erledigt von",
            lambda t: t.done_by.label if t.done_by else "",
            lambda t: t.done_by or "",
            background=colour,
        ),
        ColumnSpec(
            "Erledigt am",
            lambda t: format_date(t.done_on),
            lambda t: (t.done_on or date.max, t.id),
            background=colour,
        ),
        ColumnSpec("Ziel", lambda t: t.goal_text, background=colour, tooltip=lambda t: t.goal_text),
    ]


class GoalsTasksWidget(QWidget):
    """Goals of one client above, their tasks below; ``changed`` after anything was saved."""

    changed = Signal()

    def __init__(self, services: Services, client_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.client_id = client_id
        self.fresh_ids: set[int] = set()
        self.settled_ids: set[int] = set()
        self.all_tasks: list[TaskRow] = []

        self.goal_model: RowTableModel[GoalRow] = RowTableModel(goal_columns(), self)
        self.goals_table = data_table(
            self.goal_model, (300, 140, 90, 90, 200, 120), stretch_column=0
        )
        self.goals_table.doubleClicked.connect(lambda _index: self.edit_goal())
        self.goals_table.selectionModel().selectionChanged.connect(lambda *_: self._goal_selected())
        self.task_model: RowTableModel[TaskRow] = RowTableModel(
            task_columns(
                lambda: services.clock().date(), lambda: self.fresh_ids, lambda: self.settled_ids
            ),
            self,
        )
        self.tasks_table = data_table(
            self.task_model, (300, 90, 160, 160, 90, 220), stretch_column=0
        )
        self.tasks_table.doubleClicked.connect(lambda _index: self.edit_task())
        self.tasks_table.selectionModel().selectionChanged.connect(
            lambda *_: self._update_buttons()
        )

        self.new_goal_button = QPushButton(self.tr("Ziel vereinbaren …"))
        self.new_goal_button.clicked.connect(self.new_goal)
        self.edit_goal_button = QPushButton(self.tr("Bearbeiten …"))
        self.edit_goal_button.clicked.connect(self.edit_goal)
        self.reached_button = QPushButton(self.tr("Erreicht …"))
        self.reached_button.clicked.connect(lambda: self.change_goal_status(GoalStatus.REACHED))
        self.changed_button = QPushButton(self.tr("Geändert …"))
        self.changed_button.clicked.connect(lambda: self.change_goal_status(GoalStatus.CHANGED))
        self.dropped_button = QPushButton(self.tr("Aufgegeben …"))
        self.dropped_button.clicked.connect(lambda: self.change_goal_status(GoalStatus.DROPPED))
        self.reopen_goal_button = QPushButton(self.tr("Wieder offen …"))
        self.reopen_goal_button.clicked.connect(lambda: self.change_goal_status(GoalStatus.OPEN))
        self.delete_goal_button = QPushButton(self.tr("Löschen …"))
        self.delete_goal_button.clicked.connect(self.delete_goal)

        self.new_task_button = QPushButton(self.tr("Neue Aufgabe …"))
        self.new_task_button.clicked.connect(self.new_task)
        self.edit_task_button = QPushButton(self.tr("Bearbeiten …"))
        self.edit_task_button.clicked.connect(self.edit_task)
        self.done_button = QPushButton(self.tr("Erledigt …"))
        self.done_button.clicked.connect(self.complete_task)
        self.reopen_task_button = QPushButton(self.tr("Wieder offen"))
        self.reopen_task_button.clicked.connect(self.reopen_task)
        self.delete_task_button = QPushButton(self.tr("Löschen …"))
        self.delete_task_button.clicked.connect(self.delete_task)
        self.checklist_button = QPushButton(self.tr("Checkliste anwenden …"))
        self.checklist_button.clicked.connect(self.apply_checklist)

        self.task_filter = QComboBox()
        self.task_filter.addItem(self.tr("alle Aufgaben"), ALL_TASKS)
        self.task_filter.addItem(self.tr("zum ausgewählten Ziel"), GOAL_TASKS)
        self.task_filter.addItem(self.tr("ohne Ziel"), LOOSE_TASKS)
        self.task_filter.currentIndexChanged.connect(lambda _i: self._show_tasks())
        self.goal_count = QLabel()
        self.task_count = QLabel()
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(f"background: {NEW_TASK_COLOUR}; padding: 4px;")
        self.notice.hide()

        goals_box = QGroupBox(self.tr("Ziele (mit der Klient:in vereinbart)"))
        goal_actions = QHBoxLayout()
        for button in (
            self.new_goal_button,
            self.edit_goal_button,
            self.reached_button,
            self.changed_button,
            self.dropped_button,
            self.reopen_goal_button,
            self.delete_goal_button,
        ):
            goal_actions.addWidget(button)
        goal_actions.addStretch()
        goal_actions.addWidget(self.goal_count)
        goals_layout = QVBoxLayout(goals_box)
        goals_layout.addLayout(goal_actions)
        goals_layout.addWidget(self.goals_table)
        # The selected goal's history (status and text changes), one line per change.
        self.goal_history = QLabel()
        self.goal_history.setWordWrap(True)
        self.goal_history.setStyleSheet("color: #666666;")
        self.goal_history.hide()
        goals_layout.addWidget(self.goal_history)

        tasks_box = QGroupBox(self.tr("Aufgaben"))
        task_actions = QHBoxLayout()
        for button in (
            self.new_task_button,
            self.edit_task_button,
            self.done_button,
            self.reopen_task_button,
            self.delete_task_button,
            self.checklist_button,
        ):
            task_actions.addWidget(button)
        task_actions.addStretch()
        task_actions.addWidget(QLabel(self.tr("Zeigen:")))
        task_actions.addWidget(self.task_filter)
        task_actions.addWidget(self.task_count)
        tasks_layout = QVBoxLayout(tasks_box)
        tasks_layout.addLayout(task_actions)
        tasks_layout.addWidget(self.notice)
        tasks_layout.addWidget(self.tasks_table)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(goals_box)
        splitter.addWidget(tasks_box)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.reload()

    # --- loading ---------------------------------------------------------------------------

    def reload(self) -> None:
        goal = self.selected_goal()
        task = self.selected_task()
        try:
            goals = self.services.casework.goals(self.client_id)
            self.all_tasks = self.services.casework.tasks(self.client_id)
        except Exception as error:
            show_error(self, error)
            return
        self.goal_model.set_rows(goals)
        self.settled_ids = {row.id for row in goals if row.status != GoalStatus.OPEN}
        open_goals = sum(1 for row in goals if row.status == GoalStatus.OPEN)
        self.goal_count.setText(
            (
                self.tr("1 Ziel, {1} offen") if len(goals) == 1 else self.tr("{0} Ziele, {1} offen")
            ).format(len(goals), open_goals)
        )
        if goal is not None:
            self.select_goal(goal.id)
        self._show_tasks()
        if task is not None:
            self.select_task(task.id)
        self._update_buttons()

    def _show_tasks(self) -> None:
        selected = self.selected_task()
        mode = self.task_filter.currentData()
        goal = self.selected_goal()
        if mode == GOAL_TASKS:
            goal_id = goal.id if goal is not None else -1
            rows = [task for task in self.all_tasks if task.goal_id == goal_id]
        elif mode == LOOSE_TASKS:
            rows = [task for task in self.all_tasks if task.goal_id is None]
        else:
            rows = list(self.all_tasks)
        self.task_model.set_rows(rows)
        open_count = sum(1 for task in rows if task.done_on is None)
        self.task_count.setText(
            (
                self.tr("1 Aufgabe, {1} offen")
                if len(rows) == 1
                else self.tr("{0} Aufgaben, {1} offen")
            ).format(len(rows), open_count)
        )
        if selected is not None:
            self.select_task(selected.id)
        self._update_buttons()

    def _goal_selected(self) -> None:
        if self.task_filter.currentData() == GOAL_TASKS:
            self._show_tasks()
        self._update_buttons()
        self._show_goal_history()

    def _show_goal_history(self) -> None:
        goal = self.selected_goal()
        events = self.services.casework.goal_history(goal.id) if goal is not None else []
        lines = [event.summary for event in events]
        self.goal_history.setText(self.tr("Verlauf: ") + " · ".join(lines) if lines else "")
        self.goal_history.setToolTip("\n".join(lines))
        self.goal_history.setVisible(bool(lines))

    def _update_buttons(self) -> None:
        goal = self.selected_goal()
        task = self.selected_task()
        for button in (
            self.edit_goal_button,
            self.reached_button,
            self.changed_button,
            self.dropped_button,
            self.delete_goal_button,
        ):
            button.setEnabled(goal is not None)
        self.reopen_goal_button.setEnabled(goal is not None and goal.status != GoalStatus.OPEN)
        self.edit_task_button.setEnabled(task is not None)
        self.delete_task_button.setEnabled(task is not None)
        self.done_button.setEnabled(task is not None and task.done_on is None)
        self.reopen_task_button.setEnabled(task is not None and task.done_on is not None)

    # --- selection -------------------------------------------------------------------------

    def selected_goal(self) -> GoalRow | None:
        return selected_row(self.goals_table, self.goal_model)

    def selected_task(self) -> TaskRow | None:
        return selected_row(self.tasks_table, self.task_model)

    def select_goal(self, goal_id: int) -> bool:
        return select_row(self.goals_table, self.goal_model, lambda row: row.id == goal_id)

    def select_task(self, task_id: int) -> bool:
        return select_row(self.tasks_table, self.task_model, lambda row: row.id == task_id)

    def _saved(self) -> None:
        self.reload()
        self.changed.emit()

    # --- goals -----------------------------------------------------------------------------

    def new_goal(self) -> None:
        dialog = GoalDialog(self.services, self.client_id, parent=self)
        if dialog.exec():
            self._saved()
            if dialog.saved_id is not None:
                self.select_goal(dialog.saved_id)

    def edit_goal(self) -> None:
        goal = self.selected_goal()
        if goal is not None and GoalDialog(self.services, self.client_id, goal, self).exec():
            self._saved()

    def change_goal_status(self, status: GoalStatus) -> None:
        goal = self.selected_goal()
        if goal is not None and GoalStatusDialog(self.services, goal, status, self).exec():
            self._saved()

    def delete_goal(self) -> None:
        """After asking: the goal goes, its tasks stay (without a goal)."""
        goal = self.selected_goal()
        if goal is None:
            return
        text = self.tr("Das Ziel „{0}“ löschen?").format(goal.text)
        tasks = goal.open_tasks + goal.done_tasks
        if tasks:
            text += "\n\n" + (
                self.tr("Die eine Aufgabe dazu bleibt erhalten, dann ohne Ziel.")
                if tasks == 1
                else self.tr("Die {0} Aufgaben dazu bleiben erhalten, dann ohne Ziel.").format(
                    tasks
                )
            )
        if confirm_delete(self, self.tr("Ziel löschen"), text):
            self._run(lambda: self.services.casework.delete_goal(goal.id))

    # --- tasks -----------------------------------------------------------------------------

    def _goals(self) -> list[GoalRow]:
        return list(self.goal_model.rows)

    def new_task(self) -> None:
        goal = self.selected_goal()
        dialog = TaskDialog(
            self.services,
            self.client_id,
            self._goals(),
            goal_id=goal.id if goal is not None and goal.status == GoalStatus.OPEN else None,
            parent=self,
        )
        if dialog.exec():
            self._saved()
            if dialog.saved_id is not None and not self.select_task(dialog.saved_id):
                self.task_filter.setCurrentIndex(self.task_filter.findData(ALL_TASKS))
                self.select_task(dialog.saved_id)

    def edit_task(self) -> None:
        task = self.selected_task()
        if task is None:
            return
        dialog = TaskDialog(self.services, self.client_id, self._goals(), task, parent=self)
        if dialog.exec():
            self._saved()

    def complete_task(self) -> None:
        task = self.selected_task()
        if task is None or task.done_on is not None:
            return
        if CompleteTaskDialog(self.services, task, self).exec():
            self.fresh_ids.discard(task.id)
            self._saved()

    def reopen_task(self) -> None:
        task = self.selected_task()
        if task is not None:
            self._run(lambda: self.services.casework.reopen_task(task.id))

    def delete_task(self) -> None:
        task = self.selected_task()
        if task is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Aufgabe löschen"),
            self.tr("Die Aufgabe „{0}“ löschen?").format(task.text),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.fresh_ids.discard(task.id)
            self._run(lambda: self.services.casework.delete_task(task.id))

    def apply_checklist(self) -> None:
        goal = self.selected_goal()
        dialog = ApplyChecklistDialog(
            self.services,
            self.client_id,
            self._goals(),
            goal_id=goal.id if goal is not None and goal.status == GoalStatus.OPEN else None,
            parent=self,
        )
        if not dialog.exec() or not dialog.created_ids:
            return
        self.fresh_ids = set(dialog.created_ids)
        self.task_filter.setCurrentIndex(self.task_filter.findData(ALL_TASKS))
        self._saved()
        self.select_task(dialog.created_ids[0])
        name = dialog.template.currentText()
        self.notice.setText(
            self.tr(
                "{0} Aufgaben aus der Checkliste „{1}“ angelegt (blau markiert). Bitte an die "
                "Lage der Klient:in anpassen: doppelklicken oder „Bearbeiten …“, Unnötiges löschen."
            ).format(len(dialog.created_ids), name)
        )
        self.notice.show()
        self.tasks_table.scrollTo(self.tasks_table.currentIndex())

    def _run(self, action: Callable[[], None]) -> None:
        try:
            action()
        except Exception as error:
            show_error(self, error)
            return
        self._saved()

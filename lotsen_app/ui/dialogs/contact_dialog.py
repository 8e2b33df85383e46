"""Record or edit a contact: when, how long, what kind, the topics, the people it covered, the
note, and for each step who did it (the self-help measure)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from lotsen_app.domain.appointments import ClientRef, Step
from lotsen_app.domain.casework import ContactRow, NewContact, PersonStep, step_client_id
from lotsen_app.domain.clients import ClientRow
from lotsen_app.domain.enums import ClientStatus, ContactKind
from lotsen_app.domain.errors import DomainError, ValidationError
from lotsen_app.services.container import Services
from lotsen_app.ui.dialogs.case_dialogs import PickClientDialog
from lotsen_app.ui.tasks import TaskRunner
from lotsen_app.ui.widgets.casework_widgets import (
    HINT_STYLE,
    WARNING_STYLE,
    RowList,
    StepRow,
    TopicPicker,
    fill_step_row,
    row_layout,
)
from lotsen_app.ui.widgets.common import (
    ErrorLabel,
    confirm_discard,
    date_edit,
    enum_data,
    field_with_error,
    from_qdate,
    scrolling_form,
    show_error,
    show_field_errors,
    to_qdate,
)

CLIENT_ROLE = int(Qt.ItemDataRole.UserRole)
NOTE_HINT = "Keine Diagnosen oder Krankheiten notieren – nur das Thema."
# Generous upper ends: the service says what is allowed (1 minute to 12 hours) in German.
DURATION_LIMIT = 24 * 60
TRAVEL_LIMIT = 24 * 60
COST_LIMIT = 9999.99


class ContactStepRow(StepRow):
    """A step, who did it, and ("wer?") whose step it was: shown when the contact covers
    several people. "alle" is a step of the whole contact (it counts for everyone ticked)."""

    def __init__(self, people: Callable[[], list[ClientRef]], default: int | None) -> None:
        super().__init__()
        self.people_of_contact = people
        self.chosen: int | None = default
        self.person = QComboBox()
        self.person.setToolTip(self.tr("Wessen Schritt war das?"))
        self.person_label = QLabel(self.tr("wer?"))
        layout = self.layout()
        assert isinstance(layout, QHBoxLayout)
        layout.addWidget(self.person_label)
        layout.addWidget(self.person, 2)
        self.person.activated.connect(self._chosen)
        self.refresh_people()

    def _chosen(self, _index: int) -> None:
        data = self.person.currentData()
        self.chosen = None if data is None else int(data)

    def refresh_people(self) -> None:
        """Offer the people ticked now; hidden while there is only one."""
        people = self.people_of_contact()
        self.person.blockSignals(True)
        self.person.clear()
        for client in people:
            self.person.addItem(client.full_name, client.id)
        self.person.addItem(self.tr("alle (ganzer Kontakt)"), None)
        index = self.person.findData(self.chosen) if self.chosen is not None else -1
        self.person.setCurrentIndex(index if index >= 0 else self.person.count() - 1)
        self.person.blockSignals(False)
        several = len(people) > 1
        self.person.setVisible(several)
        self.person_label.setVisible(several)

    def step(self) -> Step:
        plain = super().step()
        if not self.person.isVisibleTo(self):
            return plain  # one person: the step is the contact's, as before
        data = self.person.currentData()
        if data is None:
            return plain
        return PersonStep(plain.description, plain.actor, int(data))


class PeoplePicker(QListView):
    """The people the contact covers, as a checkable list. The person whose file it is stays
    ticked; family members at the same address are offered; others can be added."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.people = QStandardItemModel(self)
        self.setModel(self.people)
        self.setMaximumHeight(110)

    def add_person(self, client: ClientRef, *, checked: bool, fixed: bool = False) -> None:
        """Add ``client`` (or tick it when it is listed already)."""
        for row in range(self.people.rowCount()):
            item = self.people.item(row)
            if item.data(CLIENT_ROLE) == client.id:
                if checked:
                    item.setCheckState(Qt.CheckState.Checked)
                return
        item = QStandardItem(client.full_name)
        item.setData(client.id, CLIENT_ROLE)
        item.setEditable(False)
        item.setCheckable(not fixed)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        if fixed:
            item.setToolTip(self.tr("Die Person, um deren Akte es geht"))
        self.people.appendRow(item)

    def client_ids(self) -> tuple[int, ...]:
        return tuple(client.id for client in self.checked())

    def checked(self) -> list[ClientRef]:
        """The people ticked, in the list's order (the person whose file it is first)."""
        result = []
        for row in range(self.people.rowCount()):
            item = self.people.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                result.append(ClientRef(int(item.data(CLIENT_ROLE)), item.text(), ""))
        return result

    def set_checked(self, client_id: int, checked: bool) -> None:
        for row in range(self.people.rowCount()):
            item = self.people.item(row)
            if item.data(CLIENT_ROLE) == client_id and item.isCheckable():
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)


class ContactDialog(QDialog):
    """A new contact for ``client_ids`` (the first is the person whose file is open), or the
    stored contact ``contact_id`` to change. Saved in one call; ``contact_id`` is set after."""

    def __init__(
        self,
        services: Services,
        parent: QWidget | None = None,
        *,
        client_ids: Iterable[int] = (),
        contact_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.contact_id = contact_id
        self.stored: ContactRow | None = (
            services.casework.contact(contact_id) if contact_id is not None else None
        )
        owners = tuple(client_ids) or (self.stored.client_ids[:1] if self.stored else ())
        self.owner_ids = owners
        self.setWindowTitle(
            self.tr("Kontakt bearbeiten") if self.stored else self.tr("Kontakt eintragen")
        )
        self.resize(760, 800)
        today = services.clock().date()
        names = services.clients.names_for(owners)

        heading = QLabel(
            "<b>"
            + escape(
                self.tr("Kontakt mit {names}").format(
                    names=", ".join(names.get(client_id, "") for client_id in owners)
                )
            )
            + "</b>"
        )
        heading.setTextFormat(Qt.TextFormat.RichText)

        self.occurred_on = date_edit(today)
        self.occurred_on.setMaximumWidth(140)
        self.duration = QSpinBox()
        self.duration.setRange(0, DURATION_LIMIT)
        self.duration.setSingleStep(15)
        self.duration.setSuffix(self.tr(" Min."))
        self.duration.setValue(60)
        self.duration.setMaximumWidth(120)
        self.kind = QComboBox()
        for kind in ContactKind:
            self.kind.addItem(kind.label, kind)

        self.guide = QComboBox()
        self.guide.addItem(self.tr("– niemand eingetragen –"), None)
        current_guide = (
            self.stored.guide_id
            if self.stored
            else services.clients.lead_guide_ids(owners[:1]).get(owners[0])
            if owners
            else None
        )
        for guide in services.guides.list_rows():
            if guide.active or guide.id == current_guide:
                self.guide.addItem(guide.display_name, guide.id)
        self.guide.setCurrentIndex(max(self.guide.findData(current_guide), 0))

        self.tasks = TaskRunner(self)
        self.client_rows: list[ClientRow] | None = None
        self.confirmed_note: str | None = None
        self.people = PeoplePicker()
        for client_id in owners:
            self.people.add_person(
                ClientRef(client_id, names.get(client_id, ""), ""), checked=True, fixed=True
            )
        if self.stored:
            for client in self.stored.clients:
                self.people.add_person(client, checked=True)
        if owners:
            for client in services.casework.family_candidates(owners[0]):
                self.people.add_person(client, checked=False)
        self.add_person = add_person = QPushButton(self.tr("Weitere Person …"))
        add_person.setToolTip(
            self.tr("Eine weitere Person aus der Liste der Klient:innen hinzufügen")
        )
        add_person.clicked.connect(self.pick_person)
        people_hint = QLabel(
            self.tr(
                "Ein Kontakt kann mehrere Familienmitglieder umfassen. Er steht dann in der "
                "Akte jeder angehakten Person, zählt bei den Stunden aber nur einmal."
            )
        )
        people_hint.setWordWrap(True)
        people_hint.setStyleSheet(HINT_STYLE)

        self.topics = TopicPicker()

        self.authority = QComboBox()
        self.authority.setEditable(True)
        self.authority.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.authority.addItem("", None)
        for authority in sorted(services.authorities.rows(), key=lambda a: a.name.casefold()):
            self.authority.addItem(authority.name, authority.id)
        line = self.authority.lineEdit()
        assert line is not None
        line.setPlaceholderText(self.tr("– keine – (tippen zum Suchen)"))
        completer = self.authority.completer()
        assert completer is not None
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.authority.setCurrentIndex(0)

        self.note = QPlainTextEdit()
        self.note.setPlaceholderText(self.tr("Worum ging es? Was ist vereinbart?"))
        self.note.setMaximumHeight(90)
        note_hint = QLabel(self.tr(NOTE_HINT))
        note_hint.setStyleSheet(HINT_STYLE)
        self.note_warning = QLabel()
        self.note_warning.setWordWrap(True)
        self.note_warning.setStyleSheet(WARNING_STYLE)
        self.note_warning.hide()
        self.note.textChanged.connect(self._note_changed)

        default_person = owners[0] if owners else None
        self.steps = RowList(
            lambda: ContactStepRow(self.people.checked, default_person),
            self.tr("Schritt hinzufügen"),
        )
        self.people.people.itemChanged.connect(lambda _item: self._people_changed())
        self.people.people.rowsInserted.connect(lambda *_args: self._people_changed())
        steps_hint = QLabel(
            self.tr(
                "Wer hat es gemacht? Das zeigt, was die Person schon allein schafft. Bei "
                "mehreren Personen: „wer?“ sagt, wessen Schritt es war."
            )
        )
        steps_hint.setWordWrap(True)
        steps_hint.setStyleSheet(HINT_STYLE)

        self.travel_minutes = QSpinBox()
        self.travel_minutes.setRange(0, TRAVEL_LIMIT)
        self.travel_minutes.setSingleStep(5)
        self.travel_minutes.setSuffix(self.tr(" Min."))
        self.travel_minutes.setSpecialValueText(self.tr("keine"))
        self.travel_cost = QDoubleSpinBox()
        self.travel_cost.setLocale(QLocale(QLocale.Language.German, QLocale.Country.Germany))
        self.travel_cost.setDecimals(2)
        self.travel_cost.setRange(0, COST_LIMIT)
        self.travel_cost.setSingleStep(0.5)
        self.travel_cost.setSuffix(" €")

        # --- layout ---
        self.field_errors: dict[str, ErrorLabel] = {}
        form = QFormLayout()
        date_box, self.field_errors["occurred_on"] = field_with_error(self.occurred_on)
        form.addRow(self.tr("Datum"), date_box)
        duration_box, self.field_errors["duration"] = field_with_error(self.duration)
        form.addRow(self.tr("Dauer"), duration_box)
        kind_box, self.field_errors["kind"] = field_with_error(self.kind)
        form.addRow(self.tr("Art"), kind_box)
        guide_box, self.field_errors["guide"] = field_with_error(self.guide)
        form.addRow(self.tr("Lotse/Lotsin"), guide_box)
        people = QWidget()
        people_layout = QVBoxLayout(people)
        people_layout.setContentsMargins(0, 0, 0, 0)
        people_layout.addWidget(self.people)
        people_line = QHBoxLayout()
        people_line.addWidget(add_person)
        people_line.addStretch()
        people_layout.addLayout(people_line)
        people_layout.addWidget(people_hint)
        people_box, self.field_errors["clients"] = field_with_error(people)
        form.addRow(self.tr("Personen"), people_box)
        topics_box, self.field_errors["topics"] = field_with_error(self.topics)
        form.addRow(self.tr("Themen"), topics_box)
        authority_box, self.field_errors["authority"] = field_with_error(self.authority)
        form.addRow(self.tr("Amt / Stelle"), authority_box)
        note = QWidget()
        note_layout = QVBoxLayout(note)
        note_layout.setContentsMargins(0, 0, 0, 0)
        note_layout.setSpacing(2)
        note_layout.addWidget(self.note)
        note_layout.addWidget(note_hint)
        note_layout.addWidget(self.note_warning)
        note_box, self.field_errors["note"] = field_with_error(note)
        form.addRow(self.tr("Notiz"), note_box)
        steps = QWidget()
        steps_layout = QVBoxLayout(steps)
        steps_layout.setContentsMargins(0, 0, 0, 0)
        steps_layout.addWidget(steps_hint)
        steps_layout.addWidget(self.steps)
        steps_box, self.field_errors["steps"] = field_with_error(steps)
        form.addRow(self.tr("Schritte"), steps_box)
        travel = QWidget()
        travel_layout = row_layout(travel)
        travel_layout.addWidget(self.travel_minutes)
        travel_layout.addWidget(QLabel(self.tr("Fahrtkosten")))
        travel_layout.addWidget(self.travel_cost)
        travel_layout.addStretch()
        travel_box, self.field_errors["travel_minutes"] = field_with_error(travel)
        self.field_errors["travel_cost"] = self.field_errors["travel_minutes"]
        form.addRow(self.tr("Fahrzeit"), travel_box)

        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.addWidget(heading)
        content_layout.addLayout(form)
        content_layout.addStretch(1)  # extra height goes here, not between the note's lines
        self.error, self.buttons = scrolling_form(self, content, self.save)

        if self.stored:
            self._show(self.stored)
        else:
            self.steps.add_row()
        self.shown_input = self.current_input()

    def current_input(self) -> tuple[object, ...]:
        """Everything the form shows, as typed (unchecked): to tell whether anything changed."""
        steps = tuple(
            (row.description.text(), row.actor.currentIndex(), row.person.currentIndex())
            for row in self.steps.rows
            if isinstance(row, ContactStepRow)
        )
        people = tuple(
            (item.data(CLIENT_ROLE), item.checkState() == Qt.CheckState.Checked)
            for item in (
                self.people.people.item(row) for row in range(self.people.people.rowCount())
            )
        )
        return (
            from_qdate(self.occurred_on.date()),
            self.duration.value(),
            self.kind.currentIndex(),
            self.guide.currentIndex(),
            people,
            self.topics.topics(),
            self.authority.currentText(),
            self.note.toPlainText(),
            steps,
            self.travel_minutes.value(),
            self.travel_cost.value(),
        )

    def has_changes(self) -> bool:
        return self.current_input() != self.shown_input

    def reject(self) -> None:
        """Called by "Abbrechen", Escape and the window's close button: typed input is only
        thrown away after asking (closing without input asks nothing)."""
        if self.has_changes() and not confirm_discard(self):
            return
        super().reject()

    def _show(self, row: ContactRow) -> None:
        self.occurred_on.setDate(to_qdate(row.occurred_on))
        self.duration.setValue(row.duration_minutes)
        self.kind.setCurrentIndex(max(self.kind.findData(row.kind), 0))
        self.topics.set_topics(row.topics)
        if row.authority_id is not None:
            index = self.authority.findData(row.authority_id)
            if index < 0:  # not in the directory any more: keep showing it
                self.authority.addItem(row.authority_name, row.authority_id)
                index = self.authority.count() - 1
            self.authority.setCurrentIndex(index)
        self.note.setPlainText(row.note)
        for step in row.steps:
            step_row = self.steps.add_row()
            assert isinstance(step_row, ContactStepRow)
            fill_step_row(step_row, step)
            step_row.chosen = step_client_id(step)  # None: a step of the whole contact
            step_row.refresh_people()
        self.travel_minutes.setValue(row.travel_minutes)
        self.travel_cost.setValue(row.travel_cost_cents / 100)

    def _note_changed(self) -> None:
        warnings = self.services.casework.note_warnings(self.note.toPlainText())
        self.note_warning.setText("\n".join(warnings))
        self.note_warning.setVisible(bool(warnings))

    def _people_changed(self) -> None:
        for row in self.steps.rows:
            if isinstance(row, ContactStepRow):
                row.refresh_people()

    def pick_person(self) -> None:
        """Choose from all open cases; the list is read off the GUI thread the first time."""
        if self.client_rows is not None:
            self._pick_from(self.client_rows)
            return
        self.add_person.setEnabled(False)
        self.add_person.setText(self.tr("Liste wird geladen …"))
        self.tasks.run(self.services.clients.list_rows, self._rows_loaded, self._rows_failed)

    def _rows_loaded(self, rows: list[ClientRow]) -> None:
        self._restore_add_person()
        self.client_rows = rows
        self._pick_from(rows)

    def _rows_failed(self, error: Exception) -> None:
        self._restore_add_person()
        show_error(self, error)

    def _restore_add_person(self) -> None:
        self.add_person.setEnabled(True)
        self.add_person.setText(self.tr("Weitere Person …"))

    def _pick_from(self, all_rows: list[ClientRow]) -> None:
        rows = [
            row
            for row in all_rows
            if row.id not in self.people.client_ids() and row.status != ClientStatus.CLOSED
        ]
        dialog = PickClientDialog(rows, self, with_role=False)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        chosen = dialog.chosen()
        if chosen is not None:
            self.people.add_person(
                ClientRef(chosen.id, chosen.given_name, chosen.family_name), checked=True
            )

    def current_steps(self) -> tuple[Step, ...]:
        """The steps as typed; a row left completely empty is no step."""
        return tuple(
            row.step()
            for row in self.steps.rows
            if isinstance(row, ContactStepRow) and row.description.text().strip()
        )

    def current_authority(self) -> int | None:
        """The chosen directory entry; raises ValidationError for a name not in the directory."""
        text = self.authority.currentText().strip()
        if not text:
            return None
        if self.authority.itemText(self.authority.currentIndex()) == text:
            data = self.authority.currentData()
            return None if data is None else int(data)
        for index in range(self.authority.count()):
            if self.authority.itemText(index).casefold() == text.casefold():
                return int(self.authority.itemData(index))
        raise ValidationError(
            {
                "authority": self.tr(
                    "„{0}“ steht nicht im Verzeichnis der Ämter und Stellen. Bitte aus der Liste "
                    "wählen oder das Feld leeren."
                ).format(text)
            }
        )

    def current_contact(self) -> NewContact:
        kind = enum_data(self.kind, ContactKind)
        guide = self.guide.currentData()
        return NewContact(
            occurred_on=from_qdate(self.occurred_on.date()),
            duration_minutes=self.duration.value(),
            kind=kind if kind is not None else ContactKind.COUNSELLING,
            client_ids=self.people.client_ids(),
            topics=self.topics.topics(),
            steps=self.current_steps(),
            authority_id=self.current_authority(),
            note=self.note.toPlainText(),
            guide_id=None if guide is None else int(guide),
            travel_minutes=self.travel_minutes.value(),
            travel_cost_cents=round(self.travel_cost.value() * 100),
        )

    def confirm_note(self) -> bool:
        """Asked once per note text: save a note that looks like health details, or change it
        (the default)."""
        note = self.note.toPlainText()
        warnings = self.services.casework.note_warnings(note)
        if not warnings or note == self.confirmed_note:
            return True
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Notiz prüfen"))
        box.setText(
            self.tr(
                "Die Notiz sieht nach Gesundheitsdetails aus. Solche Angaben gehören nicht in "
                "die Notiz: Das Thema „Gesundheit“ genügt."
            )
        )
        box.setInformativeText("\n".join(warnings))
        save_anyway = box.addButton(
            self.tr("Trotzdem speichern"), QMessageBox.ButtonRole.AcceptRole
        )
        change = box.addButton(self.tr("Notiz ändern"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(change)
        box.setEscapeButton(change)
        box.exec()
        if box.clickedButton() is save_anyway:
            self.confirmed_note = note
            return True
        self.note.setFocus()
        return False

    def save(self) -> None:
        try:
            data = self.current_contact()
            if not self.confirm_note():
                return
            if self.contact_id is None:
                self.contact_id = self.services.casework.record_contact(data)
            else:
                self.services.casework.update_contact(self.contact_id, data)
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
        self.accept()

"""The what-to-bring model: ticks are not edits; texts, new and removed items are."""

from __future__ import annotations

from PySide6.QtCore import Qt

from lotsen_app.domain.appointments import ChecklistItem
from lotsen_app.ui.models.checklist_model import ChecklistModel

CHECK = Qt.ItemDataRole.CheckStateRole


def test_ticking_changes_the_item_but_is_not_an_edit(qtbot) -> None:
    model = ChecklistModel()
    edits: list[bool] = []
    model.edited.connect(lambda: edits.append(True))
    model.set_items([ChecklistItem("Pass"), ChecklistItem("Bescheid")])
    assert model.setData(model.index(1), Qt.CheckState.Checked, CHECK)
    assert model.items() == (ChecklistItem("Pass"), ChecklistItem("Bescheid", True))
    assert model.index(1).data(CHECK) == Qt.CheckState.Checked
    assert edits == []


def test_texts_added_changed_and_removed_are_edits(qtbot) -> None:
    model = ChecklistModel()
    edits: list[bool] = []
    model.edited.connect(lambda: edits.append(True))
    model.set_items([ChecklistItem("Pass", True)])
    index = model.append("Neuer Punkt")
    assert model.setData(index, "Mietvertrag")
    assert not model.setData(index, "Mietvertrag")  # unchanged text: nothing happens
    model.remove(0)
    model.remove(5)  # out of range: ignored
    assert model.items() == (ChecklistItem("Mietvertrag"),)
    assert len(edits) == 3
    assert model.flags(model.index(0)) & Qt.ItemFlag.ItemIsUserCheckable

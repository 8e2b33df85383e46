"""Suggest names from the authority directory where a letter or deadline names an authority."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCompleter, QLineEdit

from lotsen_app.services.container import Services


def attach_authority_completer(field: QLineEdit, services: Services) -> QCompleter:
    """Typing part of a name offers the directory's entries; free text stays allowed."""
    names = sorted({row.name for row in services.authorities.rows()}, key=str.casefold)
    completer = QCompleter(names, field)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    field.setCompleter(completer)
    return completer

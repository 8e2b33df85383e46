from __future__ import annotations


class DomainError(Exception):
    """An error whose message is meant for the user (in German)."""


class ValidationError(DomainError):
    """Input that cannot be saved; ``errors`` maps a field name to a German message."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(self.errors.values()))


class NotFoundError(DomainError):
    pass

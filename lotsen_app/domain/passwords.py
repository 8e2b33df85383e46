"""Rules for the database password."""

from __future__ import annotations

MIN_PASSWORD_LENGTH = 8


def validate_new_password(password: str, repeated: str) -> str | None:
    """A German message when the password cannot be used, else None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Das Passwort braucht mindestens {MIN_PASSWORD_LENGTH} Zeichen."
    if password.strip() != password:
        return "Das Passwort darf nicht mit Leerzeichen beginnen oder enden."
    if password != repeated:
        return "Die beiden Eingaben stimmen nicht überein."
    return None

"""Database access: models, engine setup, repositories. Every select() lives here."""

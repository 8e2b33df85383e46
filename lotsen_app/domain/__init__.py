"""Plain rules and data: no Qt, no SQLAlchemy."""

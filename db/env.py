"""Alembic environment. The program passes an open connection in ``config.attributes``."""

from alembic import context

from lotsen_app.persistence.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError(
        "Migrations run through lotsen_app.persistence.database, not the alembic CLI."
    )

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()

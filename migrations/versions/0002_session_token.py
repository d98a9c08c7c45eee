"""users.session_token: part of the session id, so a password change ends every other session

Existing accounts get a random token each (their current sessions end once: they sign in again).

Revision ID: 6fb9b30ef3ae
Revises: aaaff67bfc58
"""
import secrets

import sqlalchemy as sa
from alembic import op

revision = "6fb9b30ef3ae"
down_revision = "aaaff67bfc58"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_token", sa.String(length=32), nullable=True))
    users = sa.table("users", sa.column("id", sa.Integer), sa.column("session_token", sa.String))
    connection = op.get_bind()
    for (user_id,) in connection.execute(sa.select(users.c.id)).all():
        connection.execute(users.update().where(users.c.id == user_id).values(session_token=secrets.token_hex(16)))
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column("session_token", existing_type=sa.String(length=32), nullable=False)


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("session_token")

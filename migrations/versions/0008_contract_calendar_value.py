"""contracts: country and region for the holiday calendar, and the total value over the term

Existing contracts keep their typed holiday list as their own closures; the country is empty
(no public holidays) until an administrator sets it. Their total value starts at 0 (unknown).

Revision ID: 0008_contract_calendar_value
Revises: 6fb9b30ef3ae
"""
import sqlalchemy as sa
from alembic import op

revision = "0008_contract_calendar_value"
down_revision = "6fb9b30ef3ae"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("contracts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("country", sa.String(length=2), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("subdivision", sa.String(length=10), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("total_value_minor", sa.BigInteger(), nullable=False, server_default="0"))


def downgrade():
    with op.batch_alter_table("contracts", schema=None) as batch_op:
        batch_op.drop_column("total_value_minor")
        batch_op.drop_column("subdivision")
        batch_op.drop_column("country")

"""contracts: country and region for the holiday calendar, the total value over the term, the
four-eyes principle (on); reports: who submitted them

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
        batch_op.add_column(sa.Column("four_eyes", sa.Boolean(), nullable=False, server_default=sa.true()))
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("submitted_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_reports_submitted_by_id_users"), "users", ["submitted_by_id"], ["id"])


def downgrade():
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_reports_submitted_by_id_users"), type_="foreignkey")
        batch_op.drop_column("submitted_by_id")
    with op.batch_alter_table("contracts", schema=None) as batch_op:
        batch_op.drop_column("four_eyes")
        batch_op.drop_column("total_value_minor")
        batch_op.drop_column("subdivision")
        batch_op.drop_column("country")

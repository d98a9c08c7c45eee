"""contracts: country and region for the holiday calendar, the total value over the term, the
four-eyes principle (on); reports: who submitted them; follows: people who follow a contract

Existing contracts keep their typed holiday list as their own closures; the country is empty
(no public holidays) until an administrator sets it. Their total value starts at 0 (unknown).

Revision ID: 0008_contract_calendar_value
Revises: 0007_changes_obligations
"""
import sqlalchemy as sa
from alembic import op

revision = "0008_contract_calendar_value"
down_revision = "0007_changes_obligations"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "follows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["contract_id"], ["contracts.id"], name=op.f("fk_follows_contract_id_contracts"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_follows_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follows")),
        sa.UniqueConstraint("user_id", "contract_id", name="uq_follows_user_id_contract_id"),
    )
    with op.batch_alter_table("follows", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_follows_contract_id"), ["contract_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_follows_user_id"), ["user_id"], unique=False)
    with op.batch_alter_table("contracts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("country", sa.String(length=2), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("subdivision", sa.String(length=10), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("total_value_minor", sa.BigInteger(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("four_eyes", sa.Boolean(), nullable=False, server_default=sa.true()))
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("submitted_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_reports_submitted_by_id_users"), "users", ["submitted_by_id"], ["id"])


def downgrade():
    op.drop_table("follows")
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_reports_submitted_by_id_users"), type_="foreignkey")
        batch_op.drop_column("submitted_by_id")
    with op.batch_alter_table("contracts", schema=None) as batch_op:
        batch_op.drop_column("four_eyes")
        batch_op.drop_column("total_value_minor")
        batch_op.drop_column("subdivision")
        batch_op.drop_column("country")

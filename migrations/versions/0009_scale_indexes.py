"""indexes for ten years of data: feedback lists by contract and date, the public board

The queue and the board list a contract's feedback newest first; with thousands of items per
contract they read (contract_id, received_at) in order instead of sorting every item.

Revision ID: 0009_scale_indexes
Revises: 0008_contract_calendar_value
"""
from alembic import op

revision = "0009_scale_indexes"
down_revision = "0008_contract_calendar_value"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_feedback_contract_received", "feedback", ["contract_id", "received_at"])
    op.create_index("ix_feedback_board", "feedback", ["contract_id", "on_board", "received_at"])


def downgrade():
    op.drop_index("ix_feedback_board", table_name="feedback")
    op.drop_index("ix_feedback_contract_received", table_name="feedback")

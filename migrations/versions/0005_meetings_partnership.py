"""Meetings (agenda, attendance, outcomes, minutes and their revisions, calendar feeds), the one
action list per contract, and the partnership (stakeholders, engagement log, health checks).

Health-check answers are kept apart from who answered (no user, no time, a random id).

Revision ID: 0005_meetings_partnership
Revises: 0004_issues_disputes
"""
from alembic import op
import sqlalchemy as sa
from portal.db import UTCDateTime

# revision identifiers, used by Alembic.
revision = '0005_meetings_partnership'
down_revision = "0004_issues_disputes"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('meeting_calendar_feeds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_meeting_calendar_feeds_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_calendar_feeds')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_meeting_calendar_feeds_token_hash')),
    sa.UniqueConstraint('user_id', name=op.f('uq_meeting_calendar_feeds_user_id'))
    )
    op.create_table('actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=32), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('owner_user_id', sa.Integer(), nullable=True),
    sa.Column('owner_party', sa.String(length=12), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('drop_reason', sa.String(length=500), nullable=False),
    sa.Column('source_kind', sa.String(length=20), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=True),
    sa.Column('source_title', sa.String(length=300), nullable=False),
    sa.Column('source_url', sa.String(length=500), nullable=False),
    sa.Column('visibility', sa.String(length=12), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('closed_at', UTCDateTime(), nullable=True),
    sa.Column('reminded_soon_for', sa.Date(), nullable=True),
    sa.Column('reminded_overdue_for', sa.Date(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_actions_contract_id_contracts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_actions_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['owner_user_id'], ['users.id'], name=op.f('fk_actions_owner_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_actions')),
    sa.UniqueConstraint('contract_id', 'number', name='uq_actions_contract_number'),
    sa.UniqueConstraint('reference', name=op.f('uq_actions_reference'))
    )
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_actions_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index('ix_actions_contract_status', ['contract_id', 'status'], unique=False)
        batch_op.create_index('ix_actions_owner_status', ['owner_user_id', 'status'], unique=False)

    op.create_table('health_check_rounds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=40), nullable=False),
    sa.Column('opens_on', sa.Date(), nullable=False),
    sa.Column('closes_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('released', sa.Boolean(), nullable=False),
    sa.Column('visibility', sa.String(length=12), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('closed_at', UTCDateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_health_check_rounds_contract_id_contracts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_health_check_rounds')),
    sa.UniqueConstraint('contract_id', 'label', name='uq_health_check_rounds_contract_label')
    )
    with op.batch_alter_table('health_check_rounds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_health_check_rounds_contract_id'), ['contract_id'], unique=False)

    op.create_table('meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('starts_at', UTCDateTime(), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('video_url', sa.String(length=500), nullable=False),
    sa.Column('visibility', sa.String(length=12), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('cancel_reason', sa.String(length=500), nullable=False),
    sa.Column('chair_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('ics_sequence', sa.Integer(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['chair_id'], ['users.id'], name=op.f('fk_meetings_chair_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_meetings_contract_id_contracts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_meetings_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meetings')),
    sa.UniqueConstraint('contract_id', 'number', name='uq_meetings_contract_number'),
    sa.UniqueConstraint('reference', name=op.f('uq_meetings_reference'))
    )
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meetings_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index('ix_meetings_contract_starts', ['contract_id', 'starts_at'], unique=False)

    op.create_table('stakeholders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('organisation', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('interest', sa.Integer(), nullable=False),
    sa.Column('influence', sa.Integer(), nullable=False),
    sa.Column('approach', sa.String(length=500), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('visibility', sa.String(length=12), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_stakeholders_contract_id_contracts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_stakeholders_owner_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stakeholders')),
    sa.UniqueConstraint('contract_id', 'name', name='uq_stakeholders_contract_name')
    )
    with op.batch_alter_table('stakeholders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stakeholders_contract_id'), ['contract_id'], unique=False)

    op.create_table('health_check_answers',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('side', sa.String(length=12), nullable=False),
    sa.Column('trust', sa.Integer(), nullable=False),
    sa.Column('communication', sa.Integer(), nullable=False),
    sa.Column('responsiveness', sa.Integer(), nullable=False),
    sa.Column('collaboration', sa.Integer(), nullable=False),
    sa.Column('disagreements', sa.Integer(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['health_check_rounds.id'], name=op.f('fk_health_check_answers_round_id_health_check_rounds'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_health_check_answers'))
    )
    with op.batch_alter_table('health_check_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_health_check_answers_round_id'), ['round_id'], unique=False)

    op.create_table('health_check_participations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('side', sa.String(length=12), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['health_check_rounds.id'], name=op.f('fk_health_check_participations_round_id_health_check_rounds'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_health_check_participations_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_health_check_participations')),
    sa.UniqueConstraint('round_id', 'user_id', name='uq_health_check_participations_round_user')
    )
    with op.batch_alter_table('health_check_participations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_health_check_participations_round_id'), ['round_id'], unique=False)

    op.create_table('meeting_agenda_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('presenter', sa.String(length=120), nullable=False),
    sa.Column('minutes_allotted', sa.Integer(), nullable=True),
    sa.Column('link_kind', sa.String(length=20), nullable=False),
    sa.Column('link_id', sa.Integer(), nullable=True),
    sa.Column('visibility', sa.String(length=12), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_meeting_agenda_items_contract_id_contracts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_agenda_items_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_agenda_items'))
    )
    with op.batch_alter_table('meeting_agenda_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_agenda_items_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_agenda_items_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('meeting_attendees',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('organisation', sa.String(length=200), nullable=False),
    sa.Column('attendance', sa.String(length=12), nullable=False),
    sa.Column('visibility', sa.String(length=12), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_meeting_attendees_contract_id_contracts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_attendees_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_meeting_attendees_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_attendees')),
    sa.UniqueConstraint('meeting_id', 'user_id', name='uq_meeting_attendees_meeting_user')
    )
    with op.batch_alter_table('meeting_attendees', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_attendees_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_attendees_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_attendees_user_id'), ['user_id'], unique=False)

    op.create_table('meeting_minutes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('draft_text', sa.Text(), nullable=False),
    sa.Column('draft_saved_at', UTCDateTime(), nullable=True),
    sa.Column('draft_saved_by_id', sa.Integer(), nullable=True),
    sa.Column('approved_text', sa.Text(), nullable=False),
    sa.Column('approved_at', UTCDateTime(), nullable=True),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('visibility', sa.String(length=12), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['approved_by_id'], ['users.id'], name=op.f('fk_meeting_minutes_approved_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_meeting_minutes_contract_id_contracts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['draft_saved_by_id'], ['users.id'], name=op.f('fk_meeting_minutes_draft_saved_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_minutes_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_minutes')),
    sa.UniqueConstraint('meeting_id', name=op.f('uq_meeting_minutes_meeting_id'))
    )
    with op.batch_alter_table('meeting_minutes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_minutes_contract_id'), ['contract_id'], unique=False)

    op.create_table('stakeholder_engagements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('stakeholder_id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('who_id', sa.Integer(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('follow_up', sa.String(length=200), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=True),
    sa.Column('visibility', sa.String(length=12), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_stakeholder_engagements_contract_id_contracts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['stakeholder_id'], ['stakeholders.id'], name=op.f('fk_stakeholder_engagements_stakeholder_id_stakeholders'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['who_id'], ['users.id'], name=op.f('fk_stakeholder_engagements_who_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stakeholder_engagements'))
    )
    with op.batch_alter_table('stakeholder_engagements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stakeholder_engagements_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_stakeholder_engagements_stakeholder_id'), ['stakeholder_id'], unique=False)

    op.create_table('meeting_minutes_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('minutes_id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('visibility', sa.String(length=12), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_meeting_minutes_revisions_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_meeting_minutes_revisions_contract_id_contracts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['minutes_id'], ['meeting_minutes.id'], name=op.f('fk_meeting_minutes_revisions_minutes_id_meeting_minutes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_minutes_revisions')),
    sa.UniqueConstraint('minutes_id', 'number', name='uq_meeting_minutes_revisions_minutes_number')
    )
    with op.batch_alter_table('meeting_minutes_revisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_minutes_revisions_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_minutes_revisions_minutes_id'), ['minutes_id'], unique=False)

    op.create_table('meeting_outcomes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('agenda_item_id', sa.Integer(), nullable=True),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('reference', sa.String(length=32), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=True),
    sa.Column('visibility', sa.String(length=12), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['meeting_agenda_items.id'], name=op.f('fk_meeting_outcomes_agenda_item_id_meeting_agenda_items'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_meeting_outcomes_contract_id_contracts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_meeting_outcomes_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_outcomes_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_outcomes'))
    )
    with op.batch_alter_table('meeting_outcomes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_outcomes_agenda_item_id'), ['agenda_item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_outcomes_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index('ix_meeting_outcomes_contract_kind', ['contract_id', 'kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_outcomes_meeting_id'), ['meeting_id'], unique=False)



def downgrade():
    with op.batch_alter_table('meeting_outcomes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_outcomes_meeting_id'))
        batch_op.drop_index('ix_meeting_outcomes_contract_kind')
        batch_op.drop_index(batch_op.f('ix_meeting_outcomes_contract_id'))
        batch_op.drop_index(batch_op.f('ix_meeting_outcomes_agenda_item_id'))

    op.drop_table('meeting_outcomes')
    with op.batch_alter_table('meeting_minutes_revisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_minutes_revisions_minutes_id'))
        batch_op.drop_index(batch_op.f('ix_meeting_minutes_revisions_contract_id'))

    op.drop_table('meeting_minutes_revisions')
    with op.batch_alter_table('stakeholder_engagements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stakeholder_engagements_stakeholder_id'))
        batch_op.drop_index(batch_op.f('ix_stakeholder_engagements_contract_id'))

    op.drop_table('stakeholder_engagements')
    with op.batch_alter_table('meeting_minutes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_minutes_contract_id'))

    op.drop_table('meeting_minutes')
    with op.batch_alter_table('meeting_attendees', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_attendees_user_id'))
        batch_op.drop_index(batch_op.f('ix_meeting_attendees_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_meeting_attendees_contract_id'))

    op.drop_table('meeting_attendees')
    with op.batch_alter_table('meeting_agenda_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_agenda_items_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_meeting_agenda_items_contract_id'))

    op.drop_table('meeting_agenda_items')
    with op.batch_alter_table('health_check_participations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_health_check_participations_round_id'))

    op.drop_table('health_check_participations')
    with op.batch_alter_table('health_check_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_health_check_answers_round_id'))

    op.drop_table('health_check_answers')
    with op.batch_alter_table('stakeholders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stakeholders_contract_id'))

    op.drop_table('stakeholders')
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_index('ix_meetings_contract_starts')
        batch_op.drop_index(batch_op.f('ix_meetings_contract_id'))

    op.drop_table('meetings')
    with op.batch_alter_table('health_check_rounds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_health_check_rounds_contract_id'))

    op.drop_table('health_check_rounds')
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.drop_index('ix_actions_owner_status')
        batch_op.drop_index('ix_actions_contract_status')
        batch_op.drop_index(batch_op.f('ix_actions_contract_id'))

    op.drop_table('actions')
    op.drop_table('meeting_calendar_feeds')

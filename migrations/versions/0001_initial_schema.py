"""initial schema: accounts, contracts, audit, notifications, performance, feedback, reports

Generated from the models, then read and corrected by hand: the search index on PostgreSQL is an
expression (GIN on a tsvector) that autogenerate does not handle; SQLite's FTS5 table is created
at run time by portal.public.search.

Revision ID: aaaff67bfc58
Revises: 
Create Date: 2026-11-23 22:54:35.410381

"""
from alembic import op
import sqlalchemy as sa
from portal.db import UTCDateTime


# revision identifiers, used by Alembic.
revision = 'aaaff67bfc58'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('audit_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=True),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sa.String(length=120), nullable=False),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('entity_type', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=True),
    sa.Column('summary', sa.String(length=300), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.Column('visibility', sa.String(length=12), nullable=False),
    sa.Column('is_sensitive', sa.Boolean(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events')),
    sa.UniqueConstraint('hash', name=op.f('uq_audit_events_hash'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_events_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index('ix_audit_events_contract_id_id', ['contract_id', 'id'], unique=False)

    op.create_table('audit_head',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('last_event_id', sa.Integer(), nullable=False),
    sa.Column('last_hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_head'))
    )
    op.create_table('organisations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('website', sa.String(length=300), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisations')),
    sa.UniqueConstraint('name', name=op.f('uq_organisations_name'))
    )
    op.create_table('search_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('ref_id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('url', sa.String(length=300), nullable=False),
    sa.Column('published_at', UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_documents')),
    sa.UniqueConstraint('kind', 'ref_id', name='uq_search_documents_kind_ref_id')
    )
    with op.batch_alter_table('search_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_documents_contract_id'), ['contract_id'], unique=False)

    if op.get_bind().dialect.name == "postgresql":
        op.create_index("ix_search_documents_fts", "search_documents",
                        [sa.text("to_tsvector('english', title || ' ' || body)")], postgresql_using="gin")

    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=True),
    sa.Column('is_admin', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('email_preference', sa.String(length=16), nullable=False),
    sa.Column('last_digest_at', UTCDateTime(), nullable=True),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('last_login_at', UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('email', name=op.f('uq_users_email'))
    )
    op.create_table('auth_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.String(length=16), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('expires_at', UTCDateTime(), nullable=False),
    sa.Column('used_at', UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_auth_tokens_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_auth_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_auth_tokens_token_hash'))
    )
    with op.batch_alter_table('auth_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_auth_tokens_user_id'), ['user_id'], unique=False)

    op.create_table('contracts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=12), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('sector', sa.String(length=20), nullable=False),
    sa.Column('location', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('government_org_id', sa.Integer(), nullable=False),
    sa.Column('operator_org_id', sa.Integer(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('monthly_unitary_charge_minor', sa.BigInteger(), nullable=False),
    sa.Column('point_value_minor', sa.BigInteger(), nullable=False),
    sa.Column('deduction_cap_percent', sa.Numeric(precision=5, scale=2), nullable=False),
    sa.Column('ack_working_days', sa.Integer(), nullable=False),
    sa.Column('response_working_days', sa.Integer(), nullable=False),
    sa.Column('time_zone', sa.String(length=64), nullable=False),
    sa.Column('holidays', sa.JSON(), nullable=False),
    sa.Column('dispute_ladder', sa.JSON(), nullable=False),
    sa.Column('public_summary', sa.Text(), nullable=False),
    sa.Column('is_published', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['government_org_id'], ['organisations.id'], name=op.f('fk_contracts_government_org_id_organisations')),
    sa.ForeignKeyConstraint(['operator_org_id'], ['organisations.id'], name=op.f('fk_contracts_operator_org_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contracts')),
    sa.UniqueConstraint('code', name=op.f('uq_contracts_code'))
    )
    op.create_table('feedback_categories',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('routed_to', sa.String(length=12), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_feedback_categories_contract_id_contracts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_categories')),
    sa.UniqueConstraint('contract_id', 'name', name='uq_feedback_categories_contract_name')
    )
    with op.batch_alter_table('feedback_categories', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_categories_contract_id'), ['contract_id'], unique=False)

    op.create_table('feedback_response_templates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_feedback_response_templates_contract_id_contracts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_response_templates'))
    )
    with op.batch_alter_table('feedback_response_templates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_response_templates_contract_id'), ['contract_id'], unique=False)

    op.create_table('memberships',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=24), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_memberships_contract_id_contracts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_memberships_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_memberships_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_memberships')),
    sa.UniqueConstraint('user_id', 'contract_id', name='uq_memberships_user_contract')
    )
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_memberships_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_memberships_user_id'), ['user_id'], unique=False)

    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('read_at', UTCDateTime(), nullable=True),
    sa.Column('emailed_at', UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_notifications_contract_id_contracts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notifications_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index('ix_notifications_user_unread', ['user_id', 'read_at'], unique=False)

    op.create_table('perf_areas',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('weighting', sa.Numeric(precision=16, scale=6), nullable=False),
    sa.Column('operating_hours', sa.String(length=120), nullable=False),
    sa.Column('rectification_hours', sa.Numeric(precision=16, scale=6), nullable=False),
    sa.Column('deduction_period_hours', sa.Numeric(precision=16, scale=6), nullable=False),
    sa.Column('visibility', sa.String(length=12), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_perf_areas_contract_id_contracts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_perf_areas'))
    )
    with op.batch_alter_table('perf_areas', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_perf_areas_contract_id'), ['contract_id'], unique=False)

    op.create_table('perf_kpis',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('unit', sa.String(length=40), nullable=False),
    sa.Column('target', sa.Numeric(precision=16, scale=6), nullable=False),
    sa.Column('direction', sa.String(length=8), nullable=False),
    sa.Column('measurement_method', sa.Text(), nullable=False),
    sa.Column('evidence_expected', sa.Text(), nullable=False),
    sa.Column('frequency', sa.String(length=20), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('objective', sa.String(length=300), nullable=False),
    sa.Column('failure_points', sa.Integer(), nullable=False),
    sa.Column('public', sa.Boolean(), nullable=False),
    sa.Column('visibility', sa.String(length=12), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_perf_kpis_contract_id_contracts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_perf_kpis')),
    sa.UniqueConstraint('contract_id', 'code', name='uq_perf_kpis_contract_code')
    )
    with op.batch_alter_table('perf_kpis', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_perf_kpis_contract_id'), ['contract_id'], unique=False)

    op.create_table('perf_payment_terms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('annual_unitary_charge', sa.Numeric(precision=16, scale=2), nullable=False),
    sa.Column('area_rate', sa.Numeric(precision=16, scale=6), nullable=True),
    sa.Column('calibration_factor', sa.Numeric(precision=16, scale=6), nullable=False),
    sa.Column('used_factor', sa.Numeric(precision=16, scale=6), nullable=False),
    sa.Column('repetition', sa.JSON(), nullable=False),
    sa.Column('points_threshold', sa.Integer(), nullable=False),
    sa.Column('point_value', sa.Numeric(precision=16, scale=2), nullable=False),
    sa.Column('bands', sa.JSON(), nullable=False),
    sa.Column('cap_percent', sa.Numeric(precision=6, scale=2), nullable=True),
    sa.Column('warning_points', sa.Integer(), nullable=True),
    sa.Column('default_points', sa.Integer(), nullable=True),
    sa.Column('rolling_months', sa.Integer(), nullable=False),
    sa.Column('submission_deadline_days', sa.Integer(), nullable=False),
    sa.Column('visibility', sa.String(length=12), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_perf_payment_terms_contract_id_contracts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_perf_payment_terms'))
    )
    with op.batch_alter_table('perf_payment_terms', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_perf_payment_terms_contract_id'), ['contract_id'], unique=False)

    op.create_table('perf_submissions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('submitted_at', UTCDateTime(), nullable=True),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('late', sa.Boolean(), nullable=False),
    sa.Column('late_notified_at', UTCDateTime(), nullable=True),
    sa.Column('resubmissions', sa.Integer(), nullable=False),
    sa.Column('approved_at', UTCDateTime(), nullable=True),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('countersigned_at', UTCDateTime(), nullable=True),
    sa.Column('countersigned_by_id', sa.Integer(), nullable=True),
    sa.Column('visibility', sa.String(length=12), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['approved_by_id'], ['users.id'], name=op.f('fk_perf_submissions_approved_by_id_users')),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_perf_submissions_contract_id_contracts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['countersigned_by_id'], ['users.id'], name=op.f('fk_perf_submissions_countersigned_by_id_users')),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['users.id'], name=op.f('fk_perf_submissions_submitted_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_perf_submissions')),
    sa.UniqueConstraint('contract_id', 'month', name='uq_perf_submissions_contract_month')
    )
    with op.batch_alter_table('perf_submissions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_perf_submissions_contract_id'), ['contract_id'], unique=False)

    op.create_table('reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('visibility', sa.String(length=12), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('period_kind', sa.String(length=10), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('sections', sa.JSON(), nullable=False),
    sa.Column('narrative', sa.Text(), nullable=False),
    sa.Column('impact_narrative', sa.Text(), nullable=False),
    sa.Column('methodology', sa.Text(), nullable=False),
    sa.Column('snapshot', sa.JSON(), nullable=False),
    sa.Column('snapshot_at', UTCDateTime(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('edition', sa.Integer(), nullable=False),
    sa.Column('supersedes_id', sa.Integer(), nullable=True),
    sa.Column('superseded_at', UTCDateTime(), nullable=True),
    sa.Column('render_state', sa.String(length=10), nullable=False),
    sa.Column('render_error', sa.Text(), nullable=False),
    sa.Column('pdf_key', sa.String(length=64), nullable=True),
    sa.Column('pdf_sha256', sa.String(length=64), nullable=True),
    sa.Column('pdf_size', sa.Integer(), nullable=True),
    sa.Column('pdf_pages', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('submitted_at', UTCDateTime(), nullable=True),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('approved_at', UTCDateTime(), nullable=True),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.Column('published_at', UTCDateTime(), nullable=True),
    sa.Column('withdrawn_at', UTCDateTime(), nullable=True),
    sa.Column('withdrawn_reason', sa.Text(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['approved_by_id'], ['users.id'], name=op.f('fk_reports_approved_by_id_users')),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_reports_contract_id_contracts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_reports_created_by_id_users')),
    sa.ForeignKeyConstraint(['published_by_id'], ['users.id'], name=op.f('fk_reports_published_by_id_users')),
    sa.ForeignKeyConstraint(['supersedes_id'], ['reports.id'], name=op.f('fk_reports_supersedes_id_reports')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reports'))
    )
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reports_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index('ix_reports_contract_id_status', ['contract_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_reports_status'), ['status'], unique=False)

    op.create_table('feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=32), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=True),
    sa.Column('routed_to', sa.String(length=12), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('latitude', sa.Numeric(precision=9, scale=6), nullable=True),
    sa.Column('longitude', sa.Numeric(precision=9, scale=6), nullable=True),
    sa.Column('submitter_id', sa.Integer(), nullable=True),
    sa.Column('submitter_name', sa.String(length=120), nullable=False),
    sa.Column('submitter_email', sa.String(length=254), nullable=False),
    sa.Column('show_name', sa.Boolean(), nullable=False),
    sa.Column('channel', sa.String(length=12), nullable=False),
    sa.Column('registered_by_id', sa.Integer(), nullable=True),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('sensitive', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('received_at', UTCDateTime(), nullable=False),
    sa.Column('ack_due_at', UTCDateTime(), nullable=False),
    sa.Column('response_due_at', UTCDateTime(), nullable=False),
    sa.Column('acknowledged_at', UTCDateTime(), nullable=True),
    sa.Column('responded_at', UTCDateTime(), nullable=True),
    sa.Column('closed_at', UTCDateTime(), nullable=True),
    sa.Column('assignee_id', sa.Integer(), nullable=True),
    sa.Column('awaiting_reply', sa.Boolean(), nullable=False),
    sa.Column('response', sa.Text(), nullable=False),
    sa.Column('response_by_id', sa.Integer(), nullable=True),
    sa.Column('satisfied', sa.Boolean(), nullable=True),
    sa.Column('satisfaction_comment', sa.Text(), nullable=False),
    sa.Column('rated_at', UTCDateTime(), nullable=True),
    sa.Column('appealed_at', UTCDateTime(), nullable=True),
    sa.Column('appeal_text', sa.Text(), nullable=False),
    sa.Column('appeal_due_at', UTCDateTime(), nullable=True),
    sa.Column('appeal_decision', sa.Text(), nullable=False),
    sa.Column('appeal_decided_at', UTCDateTime(), nullable=True),
    sa.Column('on_board', sa.Boolean(), nullable=False),
    sa.Column('public_text', sa.Text(), nullable=False),
    sa.Column('public_response', sa.Text(), nullable=False),
    sa.Column('moderated_at', UTCDateTime(), nullable=True),
    sa.Column('hidden_reason', sa.String(length=300), nullable=False),
    sa.Column('abuse_reports', sa.Integer(), nullable=False),
    sa.Column('issue_id', sa.Integer(), nullable=True),
    sa.Column('visibility', sa.String(length=12), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['assignee_id'], ['users.id'], name=op.f('fk_feedback_assignee_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['category_id'], ['feedback_categories.id'], name=op.f('fk_feedback_category_id_feedback_categories'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_feedback_contract_id_contracts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['registered_by_id'], ['users.id'], name=op.f('fk_feedback_registered_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['response_by_id'], ['users.id'], name=op.f('fk_feedback_response_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['submitter_id'], ['users.id'], name=op.f('fk_feedback_submitter_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback')),
    sa.UniqueConstraint('contract_id', 'year', 'number', name='uq_feedback_contract_year_number'),
    sa.UniqueConstraint('reference', name=op.f('uq_feedback_reference')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_feedback_token_hash'))
    )
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index('ix_feedback_contract_status', ['contract_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_feedback_submitter_id'), ['submitter_id'], unique=False)

    op.create_table('perf_evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('storage_key', sa.String(length=64), nullable=False),
    sa.Column('original_name', sa.String(length=160), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('description', sa.String(length=300), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', UTCDateTime(), nullable=False),
    sa.Column('visibility', sa.String(length=12), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_perf_evidence_contract_id_contracts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['submission_id'], ['perf_submissions.id'], name=op.f('fk_perf_evidence_submission_id_perf_submissions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_perf_evidence_uploaded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_perf_evidence'))
    )
    with op.batch_alter_table('perf_evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_perf_evidence_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_perf_evidence_submission_id'), ['submission_id'], unique=False)

    op.create_table('perf_failure_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=40), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=True),
    sa.Column('kpi_id', sa.Integer(), nullable=True),
    sa.Column('criterion', sa.String(length=120), nullable=False),
    sa.Column('reported_at', UTCDateTime(), nullable=False),
    sa.Column('rectified_at', UTCDateTime(), nullable=True),
    sa.Column('used', sa.Boolean(), nullable=False),
    sa.Column('excuse_claimed', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('review_comment', sa.Text(), nullable=False),
    sa.Column('visibility', sa.String(length=12), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['perf_areas.id'], name=op.f('fk_perf_failure_events_area_id_perf_areas')),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_perf_failure_events_contract_id_contracts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['kpi_id'], ['perf_kpis.id'], name=op.f('fk_perf_failure_events_kpi_id_perf_kpis')),
    sa.ForeignKeyConstraint(['submission_id'], ['perf_submissions.id'], name=op.f('fk_perf_failure_events_submission_id_perf_submissions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_perf_failure_events'))
    )
    with op.batch_alter_table('perf_failure_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_perf_failure_events_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_perf_failure_events_submission_id'), ['submission_id'], unique=False)

    op.create_table('perf_measurements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('kpi_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Numeric(precision=16, scale=6), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('review_comment', sa.Text(), nullable=False),
    sa.Column('visibility', sa.String(length=12), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_perf_measurements_contract_id_contracts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['kpi_id'], ['perf_kpis.id'], name=op.f('fk_perf_measurements_kpi_id_perf_kpis')),
    sa.ForeignKeyConstraint(['submission_id'], ['perf_submissions.id'], name=op.f('fk_perf_measurements_submission_id_perf_submissions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_perf_measurements')),
    sa.UniqueConstraint('submission_id', 'kpi_id', name='uq_perf_measurements_submission_kpi')
    )
    with op.batch_alter_table('perf_measurements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_perf_measurements_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_perf_measurements_submission_id'), ['submission_id'], unique=False)

    op.create_table('perf_review_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('line_type', sa.String(length=12), nullable=False),
    sa.Column('line_id', sa.Integer(), nullable=True),
    sa.Column('decision', sa.String(length=16), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('visibility', sa.String(length=12), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_perf_review_decisions_actor_id_users')),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_perf_review_decisions_contract_id_contracts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['submission_id'], ['perf_submissions.id'], name=op.f('fk_perf_review_decisions_submission_id_perf_submissions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_perf_review_decisions'))
    )
    with op.batch_alter_table('perf_review_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_perf_review_decisions_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_perf_review_decisions_submission_id'), ['submission_id'], unique=False)

    op.create_table('perf_statements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('superseded_at', UTCDateTime(), nullable=True),
    sa.Column('correction_reason', sa.Text(), nullable=False),
    sa.Column('corrected_by_id', sa.Integer(), nullable=True),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('net_payment', sa.Numeric(precision=16, scale=2), nullable=False),
    sa.Column('total_deduction', sa.Numeric(precision=16, scale=2), nullable=False),
    sa.Column('frozen', sa.Boolean(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('visibility', sa.String(length=12), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_perf_statements_contract_id_contracts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['corrected_by_id'], ['users.id'], name=op.f('fk_perf_statements_corrected_by_id_users')),
    sa.ForeignKeyConstraint(['submission_id'], ['perf_submissions.id'], name=op.f('fk_perf_statements_submission_id_perf_submissions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_perf_statements')),
    sa.UniqueConstraint('submission_id', 'revision', name='uq_perf_statements_submission_revision')
    )
    with op.batch_alter_table('perf_statements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_perf_statements_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_perf_statements_submission_id'), ['submission_id'], unique=False)

    op.create_table('report_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('section', sa.String(length=20), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('ref_id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('source_visibility', sa.String(length=12), nullable=False),
    sa.Column('release', sa.Boolean(), nullable=False),
    sa.Column('chosen_by_id', sa.Integer(), nullable=True),
    sa.Column('chosen_at', UTCDateTime(), nullable=False),
    sa.Column('visibility', sa.String(length=12), nullable=False),
    sa.ForeignKeyConstraint(['chosen_by_id'], ['users.id'], name=op.f('fk_report_items_chosen_by_id_users')),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_report_items_contract_id_contracts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_report_items_report_id_reports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_items')),
    sa.UniqueConstraint('report_id', 'section', 'kind', 'ref_id', name='uq_report_items_choice')
    )
    with op.batch_alter_table('report_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_items_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_report_items_report_id'), ['report_id'], unique=False)

    op.create_table('feedback_attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('feedback_id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('original_name', sa.String(length=200), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('visibility', sa.String(length=12), nullable=False),
    sa.Column('is_sensitive', sa.Boolean(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_feedback_attachments_contract_id_contracts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['feedback_id'], ['feedback.id'], name=op.f('fk_feedback_attachments_feedback_id_feedback'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_attachments')),
    sa.UniqueConstraint('key', name=op.f('uq_feedback_attachments_key'))
    )
    with op.batch_alter_table('feedback_attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_attachments_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_feedback_attachments_feedback_id'), ['feedback_id'], unique=False)

    op.create_table('feedback_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('feedback_id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('public', sa.Boolean(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sa.String(length=120), nullable=False),
    sa.Column('visibility', sa.String(length=12), nullable=False),
    sa.Column('is_sensitive', sa.Boolean(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_feedback_events_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_feedback_events_contract_id_contracts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['feedback_id'], ['feedback.id'], name=op.f('fk_feedback_events_feedback_id_feedback'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_events'))
    )
    with op.batch_alter_table('feedback_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_events_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_feedback_events_feedback_id'), ['feedback_id'], unique=False)



def downgrade():
    with op.batch_alter_table('feedback_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_events_feedback_id'))
        batch_op.drop_index(batch_op.f('ix_feedback_events_contract_id'))

    op.drop_table('feedback_events')
    with op.batch_alter_table('feedback_attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_attachments_feedback_id'))
        batch_op.drop_index(batch_op.f('ix_feedback_attachments_contract_id'))

    op.drop_table('feedback_attachments')
    with op.batch_alter_table('report_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_items_report_id'))
        batch_op.drop_index(batch_op.f('ix_report_items_contract_id'))

    op.drop_table('report_items')
    with op.batch_alter_table('perf_statements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_perf_statements_submission_id'))
        batch_op.drop_index(batch_op.f('ix_perf_statements_contract_id'))

    op.drop_table('perf_statements')
    with op.batch_alter_table('perf_review_decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_perf_review_decisions_submission_id'))
        batch_op.drop_index(batch_op.f('ix_perf_review_decisions_contract_id'))

    op.drop_table('perf_review_decisions')
    with op.batch_alter_table('perf_measurements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_perf_measurements_submission_id'))
        batch_op.drop_index(batch_op.f('ix_perf_measurements_contract_id'))

    op.drop_table('perf_measurements')
    with op.batch_alter_table('perf_failure_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_perf_failure_events_submission_id'))
        batch_op.drop_index(batch_op.f('ix_perf_failure_events_contract_id'))

    op.drop_table('perf_failure_events')
    with op.batch_alter_table('perf_evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_perf_evidence_submission_id'))
        batch_op.drop_index(batch_op.f('ix_perf_evidence_contract_id'))

    op.drop_table('perf_evidence')
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_submitter_id'))
        batch_op.drop_index('ix_feedback_contract_status')
        batch_op.drop_index(batch_op.f('ix_feedback_contract_id'))

    op.drop_table('feedback')
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reports_status'))
        batch_op.drop_index('ix_reports_contract_id_status')
        batch_op.drop_index(batch_op.f('ix_reports_contract_id'))

    op.drop_table('reports')
    with op.batch_alter_table('perf_submissions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_perf_submissions_contract_id'))

    op.drop_table('perf_submissions')
    with op.batch_alter_table('perf_payment_terms', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_perf_payment_terms_contract_id'))

    op.drop_table('perf_payment_terms')
    with op.batch_alter_table('perf_kpis', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_perf_kpis_contract_id'))

    op.drop_table('perf_kpis')
    with op.batch_alter_table('perf_areas', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_perf_areas_contract_id'))

    op.drop_table('perf_areas')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index('ix_notifications_user_unread')

    op.drop_table('notifications')
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_memberships_user_id'))
        batch_op.drop_index(batch_op.f('ix_memberships_contract_id'))

    op.drop_table('memberships')
    with op.batch_alter_table('feedback_response_templates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_response_templates_contract_id'))

    op.drop_table('feedback_response_templates')
    with op.batch_alter_table('feedback_categories', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_categories_contract_id'))

    op.drop_table('feedback_categories')
    op.drop_table('contracts')
    with op.batch_alter_table('auth_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_auth_tokens_user_id'))

    op.drop_table('auth_tokens')
    op.drop_table('users')
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_search_documents_fts", table_name="search_documents")
    with op.batch_alter_table('search_documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_documents_contract_id'))

    op.drop_table('search_documents')
    op.drop_table('organisations')
    op.drop_table('audit_head')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_events_contract_id_id')
        batch_op.drop_index(batch_op.f('ix_audit_events_contract_id'))

    op.drop_table('audit_events')

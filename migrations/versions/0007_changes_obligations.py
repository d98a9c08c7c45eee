"""Change and obligations: variations with their steps and documents, contingency events and their
links, each contract's time limits; obligations, their due dates and evidence; and the variations
behind a payment-terms version (perf_terms_sources).

Revision ID: 0007_changes_obligations
Revises: 0006_risks_objectives
"""
import sqlalchemy as sa
from alembic import op

from portal.db import UTCDateTime

# revision identifiers, used by Alembic.
revision = '0007_changes_obligations'
down_revision = "0006_risks_objectives"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('change_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('decide_days', sa.Integer(), nullable=False),
    sa.Column('estimate_days', sa.Integer(), nullable=False),
    sa.Column('approve_days', sa.Integer(), nullable=False),
    sa.Column('implement_days', sa.Integer(), nullable=False),
    sa.Column('notice_days', sa.Integer(), nullable=False),
    sa.Column('response_days', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_change_settings_contract_id_contracts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_change_settings')),
    sa.UniqueConstraint('contract_id', name=op.f('uq_change_settings_contract_id'))
    )
    op.create_table('contingency_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=24), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('clause', sa.String(length=120), nullable=False),
    sa.Column('services', sa.Text(), nullable=False),
    sa.Column('all_services', sa.Boolean(), nullable=False),
    sa.Column('started_at', UTCDateTime(), nullable=False),
    sa.Column('ended_at', UTCDateTime(), nullable=True),
    sa.Column('stepped_in_by', sa.String(length=200), nullable=False),
    sa.Column('notified_by_side', sa.String(length=12), nullable=False),
    sa.Column('notified_by_id', sa.Integer(), nullable=True),
    sa.Column('notified_at', UTCDateTime(), nullable=False),
    sa.Column('notice_due_at', UTCDateTime(), nullable=False),
    sa.Column('late_notice', sa.Boolean(), nullable=False),
    sa.Column('response_due_at', UTCDateTime(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('responded_at', UTCDateTime(), nullable=True),
    sa.Column('responded_by_id', sa.Integer(), nullable=True),
    sa.Column('response', sa.Text(), nullable=False),
    sa.Column('claimed_amount', sa.Numeric(precision=16, scale=2), nullable=True),
    sa.Column('agreed_amount', sa.Numeric(precision=16, scale=2), nullable=True),
    sa.Column('visibility', sa.String(length=12), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_contingency_events_contract_id_contracts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['notified_by_id'], ['users.id'], name=op.f('fk_contingency_events_notified_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['responded_by_id'], ['users.id'], name=op.f('fk_contingency_events_responded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contingency_events')),
    sa.UniqueConstraint('contract_id', 'number', name='uq_contingency_events_contract_number'),
    sa.UniqueConstraint('reference', name=op.f('uq_contingency_events_reference'))
    )
    with op.batch_alter_table('contingency_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contingency_events_contract_id'), ['contract_id'], unique=False)

    op.create_table('obligations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('category', sa.String(length=24), nullable=False),
    sa.Column('owed_by', sa.String(length=12), nullable=False),
    sa.Column('clause', sa.String(length=120), nullable=False),
    sa.Column('frequency', sa.String(length=12), nullable=False),
    sa.Column('first_due_on', sa.Date(), nullable=False),
    sa.Column('evidence_required', sa.Text(), nullable=False),
    sa.Column('condition_required', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('visibility', sa.String(length=12), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_obligations_contract_id_contracts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_obligations'))
    )
    with op.batch_alter_table('obligations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_obligations_contract_id'), ['contract_id'], unique=False)

    op.create_table('variations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=24), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('clauses', sa.String(length=200), nullable=False),
    sa.Column('kpi_effect', sa.Text(), nullable=False),
    sa.Column('area_effect', sa.Text(), nullable=False),
    sa.Column('proposed_by_side', sa.String(length=12), nullable=False),
    sa.Column('proposed_by_id', sa.Integer(), nullable=True),
    sa.Column('proposed_at', UTCDateTime(), nullable=False),
    sa.Column('estimated_cost', sa.Numeric(precision=16, scale=2), nullable=True),
    sa.Column('estimated_charge_change', sa.Numeric(precision=16, scale=2), nullable=True),
    sa.Column('priced_cost', sa.Numeric(precision=16, scale=2), nullable=True),
    sa.Column('priced_charge_change', sa.Numeric(precision=16, scale=2), nullable=True),
    sa.Column('estimate_note', sa.Text(), nullable=False),
    sa.Column('estimated_at', UTCDateTime(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('step_started_at', UTCDateTime(), nullable=False),
    sa.Column('step_due_at', UTCDateTime(), nullable=True),
    sa.Column('effective_month', sa.Date(), nullable=True),
    sa.Column('decided_at', UTCDateTime(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=False),
    sa.Column('terms_note', sa.Text(), nullable=False),
    sa.Column('implemented_on', sa.Date(), nullable=True),
    sa.Column('visibility', sa.String(length=12), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_variations_contract_id_contracts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_variations_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['proposed_by_id'], ['users.id'], name=op.f('fk_variations_proposed_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_variations')),
    sa.UniqueConstraint('contract_id', 'number', name='uq_variations_contract_number'),
    sa.UniqueConstraint('reference', name=op.f('uq_variations_reference'))
    )
    with op.batch_alter_table('variations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_variations_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index('ix_variations_contract_status', ['contract_id', 'status'], unique=False)

    op.create_table('contingency_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('ref_id', sa.Integer(), nullable=False),
    sa.Column('visibility', sa.String(length=12), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_contingency_links_contract_id_contracts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['contingency_events.id'], name=op.f('fk_contingency_links_event_id_contingency_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contingency_links')),
    sa.UniqueConstraint('event_id', 'kind', 'ref_id', name='uq_contingency_links_event_kind_ref')
    )
    with op.batch_alter_table('contingency_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contingency_links_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contingency_links_event_id'), ['event_id'], unique=False)

    op.create_table('obligation_dues',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('obligation_id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('owed_by', sa.String(length=12), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('submitted_at', UTCDateTime(), nullable=True),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('late', sa.Boolean(), nullable=False),
    sa.Column('checked_at', UTCDateTime(), nullable=True),
    sa.Column('checked_by_id', sa.Integer(), nullable=True),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('reminded_before_at', UTCDateTime(), nullable=True),
    sa.Column('reminded_overdue_at', UTCDateTime(), nullable=True),
    sa.Column('visibility', sa.String(length=12), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['checked_by_id'], ['users.id'], name=op.f('fk_obligation_dues_checked_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_obligation_dues_contract_id_contracts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['obligation_id'], ['obligations.id'], name=op.f('fk_obligation_dues_obligation_id_obligations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['users.id'], name=op.f('fk_obligation_dues_submitted_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_obligation_dues')),
    sa.UniqueConstraint('obligation_id', 'due_on', name='uq_obligation_dues_obligation_due_on')
    )
    with op.batch_alter_table('obligation_dues', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_obligation_dues_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index('ix_obligation_dues_contract_status_due', ['contract_id', 'status', 'due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_obligation_dues_obligation_id'), ['obligation_id'], unique=False)

    op.create_table('perf_terms_sources',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('terms_id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('url', sa.String(length=300), nullable=False),
    sa.Column('monthly_change', sa.String(length=40), nullable=False),
    sa.Column('visibility', sa.String(length=12), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_perf_terms_sources_contract_id_contracts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['terms_id'], ['perf_payment_terms.id'], name=op.f('fk_perf_terms_sources_terms_id_perf_payment_terms'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_perf_terms_sources'))
    )
    with op.batch_alter_table('perf_terms_sources', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_perf_terms_sources_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_perf_terms_sources_terms_id'), ['terms_id'], unique=False)

    op.create_table('variation_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('variation_id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('original_name', sa.String(length=200), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('visibility', sa.String(length=12), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_variation_documents_contract_id_contracts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_variation_documents_uploaded_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['variation_id'], ['variations.id'], name=op.f('fk_variation_documents_variation_id_variations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_variation_documents')),
    sa.UniqueConstraint('key', name=op.f('uq_variation_documents_key'))
    )
    with op.batch_alter_table('variation_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_variation_documents_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_variation_documents_variation_id'), ['variation_id'], unique=False)

    op.create_table('variation_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('variation_id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sa.String(length=120), nullable=False),
    sa.Column('due_at', UTCDateTime(), nullable=True),
    sa.Column('late', sa.Boolean(), nullable=False),
    sa.Column('visibility', sa.String(length=12), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_variation_entries_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_variation_entries_contract_id_contracts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['variation_id'], ['variations.id'], name=op.f('fk_variation_entries_variation_id_variations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_variation_entries'))
    )
    with op.batch_alter_table('variation_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_variation_entries_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_variation_entries_variation_id'), ['variation_id'], unique=False)

    op.create_table('obligation_evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('due_id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('original_name', sa.String(length=200), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('description', sa.String(length=300), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('visibility', sa.String(length=12), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_obligation_evidence_contract_id_contracts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['due_id'], ['obligation_dues.id'], name=op.f('fk_obligation_evidence_due_id_obligation_dues'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_obligation_evidence_uploaded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_obligation_evidence')),
    sa.UniqueConstraint('key', name=op.f('uq_obligation_evidence_key'))
    )
    with op.batch_alter_table('obligation_evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_obligation_evidence_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_obligation_evidence_due_id'), ['due_id'], unique=False)



def downgrade():
    with op.batch_alter_table('obligation_evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_obligation_evidence_due_id'))
        batch_op.drop_index(batch_op.f('ix_obligation_evidence_contract_id'))

    op.drop_table('obligation_evidence')
    with op.batch_alter_table('variation_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_variation_entries_variation_id'))
        batch_op.drop_index(batch_op.f('ix_variation_entries_contract_id'))

    op.drop_table('variation_entries')
    with op.batch_alter_table('variation_documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_variation_documents_variation_id'))
        batch_op.drop_index(batch_op.f('ix_variation_documents_contract_id'))

    op.drop_table('variation_documents')
    with op.batch_alter_table('perf_terms_sources', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_perf_terms_sources_terms_id'))
        batch_op.drop_index(batch_op.f('ix_perf_terms_sources_contract_id'))

    op.drop_table('perf_terms_sources')
    with op.batch_alter_table('obligation_dues', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_obligation_dues_obligation_id'))
        batch_op.drop_index('ix_obligation_dues_contract_status_due')
        batch_op.drop_index(batch_op.f('ix_obligation_dues_contract_id'))

    op.drop_table('obligation_dues')
    with op.batch_alter_table('contingency_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contingency_links_event_id'))
        batch_op.drop_index(batch_op.f('ix_contingency_links_contract_id'))

    op.drop_table('contingency_links')
    with op.batch_alter_table('variations', schema=None) as batch_op:
        batch_op.drop_index('ix_variations_contract_status')
        batch_op.drop_index(batch_op.f('ix_variations_contract_id'))

    op.drop_table('variations')
    with op.batch_alter_table('obligations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_obligations_contract_id'))

    op.drop_table('obligations')
    with op.batch_alter_table('contingency_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contingency_events_contract_id'))

    op.drop_table('contingency_events')
    op.drop_table('change_settings')

"""Risks and objectives: a contract's objectives and their links, the risk register, reviews,
links from risks to other features' records (KPIs, actions) by kind and id

Revision ID: 0006_risks_objectives
Revises: 0005_meetings_partnership
"""
import sqlalchemy as sa
from alembic import op

from portal.db import UTCDateTime

revision = '0006_risks_objectives'
down_revision = "0005_meetings_partnership"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('risk_objectives',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=32), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('visibility', sa.String(length=12), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_risk_objectives_contract_id_contracts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_risk_objectives')),
    sa.UniqueConstraint('contract_id', 'number', name='uq_risk_objectives_contract_number'),
    sa.UniqueConstraint('reference', name=op.f('uq_risk_objectives_reference'))
    )
    with op.batch_alter_table('risk_objectives', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_risk_objectives_contract_id'), ['contract_id'], unique=False)

    op.create_table('risks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=32), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('allocation', sa.String(length=8), nullable=False),
    sa.Column('owner_party', sa.String(length=12), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('inherent_likelihood', sa.Integer(), nullable=False),
    sa.Column('inherent_impact', sa.Integer(), nullable=False),
    sa.Column('residual_likelihood', sa.Integer(), nullable=False),
    sa.Column('residual_impact', sa.Integer(), nullable=False),
    sa.Column('inherent_score', sa.Integer(), nullable=False),
    sa.Column('residual_score', sa.Integer(), nullable=False),
    sa.Column('previous_score', sa.Integer(), nullable=True),
    sa.Column('response', sa.String(length=10), nullable=False),
    sa.Column('controls', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('closed_reason', sa.Text(), nullable=False),
    sa.Column('closed_at', UTCDateTime(), nullable=True),
    sa.Column('last_reviewed_on', sa.Date(), nullable=True),
    sa.Column('next_review_on', sa.Date(), nullable=False),
    sa.Column('visibility', sa.String(length=12), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.CheckConstraint('inherent_likelihood BETWEEN 1 AND 5 AND inherent_impact BETWEEN 1 AND 5 AND residual_likelihood BETWEEN 1 AND 5 AND residual_impact BETWEEN 1 AND 5', name=op.f('ck_risks_ratings')),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_risks_contract_id_contracts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_risks_owner_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_risks')),
    sa.UniqueConstraint('contract_id', 'number', name='uq_risks_contract_number'),
    sa.UniqueConstraint('reference', name=op.f('uq_risks_reference'))
    )
    with op.batch_alter_table('risks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_risks_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index('ix_risks_contract_status', ['contract_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_risks_next_review_on'), ['next_review_on'], unique=False)

    op.create_table('risk_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('risk_id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('ref_id', sa.Integer(), nullable=False),
    sa.Column('visibility', sa.String(length=12), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_risk_links_contract_id_contracts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['risk_id'], ['risks.id'], name=op.f('fk_risk_links_risk_id_risks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_risk_links')),
    sa.UniqueConstraint('risk_id', 'kind', 'ref_id', name='uq_risk_links_risk_id')
    )
    with op.batch_alter_table('risk_links', schema=None) as batch_op:
        batch_op.create_index('ix_risk_links_contract_kind_ref', ['contract_id', 'kind', 'ref_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_risk_links_risk_id'), ['risk_id'], unique=False)

    op.create_table('risk_objective_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('objective_id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('ref_id', sa.Integer(), nullable=False),
    sa.Column('visibility', sa.String(length=12), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_risk_objective_links_contract_id_contracts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['objective_id'], ['risk_objectives.id'], name=op.f('fk_risk_objective_links_objective_id_risk_objectives'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_risk_objective_links')),
    sa.UniqueConstraint('objective_id', 'kind', 'ref_id', name='uq_risk_objective_links_objective_id')
    )
    with op.batch_alter_table('risk_objective_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_risk_objective_links_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_risk_objective_links_objective_id'), ['objective_id'], unique=False)

    op.create_table('risk_objective_risks',
    sa.Column('risk_id', sa.Integer(), nullable=False),
    sa.Column('objective_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['objective_id'], ['risk_objectives.id'], name=op.f('fk_risk_objective_risks_objective_id_risk_objectives'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['risk_id'], ['risks.id'], name=op.f('fk_risk_objective_risks_risk_id_risks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('risk_id', 'objective_id', name=op.f('pk_risk_objective_risks'))
    )
    with op.batch_alter_table('risk_objective_risks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_risk_objective_risks_objective_id'), ['objective_id'], unique=False)

    op.create_table('risk_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('risk_id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('reviewed_on', sa.Date(), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=True),
    sa.Column('reviewer_name', sa.String(length=120), nullable=False),
    sa.Column('likelihood', sa.Integer(), nullable=False),
    sa.Column('impact', sa.Integer(), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('previous_score', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('visibility', sa.String(length=12), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_risk_reviews_contract_id_contracts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewer_id'], ['users.id'], name=op.f('fk_risk_reviews_reviewer_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['risk_id'], ['risks.id'], name=op.f('fk_risk_reviews_risk_id_risks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_risk_reviews'))
    )
    with op.batch_alter_table('risk_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_risk_reviews_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_risk_reviews_risk_id'), ['risk_id'], unique=False)



def downgrade():
    with op.batch_alter_table('risk_reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_risk_reviews_risk_id'))
        batch_op.drop_index(batch_op.f('ix_risk_reviews_contract_id'))

    op.drop_table('risk_reviews')
    with op.batch_alter_table('risk_objective_risks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_risk_objective_risks_objective_id'))

    op.drop_table('risk_objective_risks')
    with op.batch_alter_table('risk_objective_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_risk_objective_links_objective_id'))
        batch_op.drop_index(batch_op.f('ix_risk_objective_links_contract_id'))

    op.drop_table('risk_objective_links')
    with op.batch_alter_table('risk_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_risk_links_risk_id'))
        batch_op.drop_index('ix_risk_links_contract_kind_ref')

    op.drop_table('risk_links')
    with op.batch_alter_table('risks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_risks_next_review_on'))
        batch_op.drop_index('ix_risks_contract_status')
        batch_op.drop_index(batch_op.f('ix_risks_contract_id'))

    op.drop_table('risks')
    with op.batch_alter_table('risk_objectives', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_risk_objectives_contract_id'))

    op.drop_table('risk_objectives')

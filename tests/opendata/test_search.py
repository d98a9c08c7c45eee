"""Search over public content beyond reports: contracts, public KPIs, moderated board feedback.
One interface on SQLite (FTS5) and PostgreSQL (full text); run with DATABASE_URL for PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal as D

from portal.extensions import db
from portal.performance.models import Kpi
from portal.search import engine as search
from portal.search import index
from tests.feedback.helpers import make_feedback


def _content(world):
    contract, officer = world.contract_a, world["public_officer"]
    from portal.feedback import board as fb

    public_kpi = Kpi(contract_id=contract.id, code="SO1", name="Apprentices from Riverside estate", unit="%",
                     target=D("40"), category="social", public=True, visibility="public")
    private_kpi = Kpi(contract_id=contract.id, code="EN1", name="Geothermal borehole efficiency", unit="%",
                      target=D("90"), category="environmental", public=False, visibility="partners")
    db.session.add_all([public_kpi, private_kpi])
    board, _ = make_feedback(contract, text="Original: call me on 0777 about the xylophone lessons",
                             received_at=datetime(2026, 9, 10, 9, tzinfo=UTC), notify_staff=False)
    fb.moderate(board, officer, "The hospital chapel needs a ramp for wheelchairs.", "A ramp is being built.")
    unmoderated, _ = make_feedback(contract, text="Marmalade in the canteen is stale", notify_staff=False)
    sensitive, _ = make_feedback(contract, sensitive=True, text="Quokka incident on ward 9", notify_staff=False)
    db.session.flush()
    return public_kpi, private_kpi, board


def test_index_holds_public_kpis_and_board_feedback_only(app, world, client):
    public_kpi, private_kpi, board = _content(world)
    count = index.reindex_all()
    assert count >= 3
    assert [h.kind for h in search.search("apprentices Riverside")] == ["kpi"]
    assert search.search("geothermal") == []  # partners only
    hits = search.search("chapel ramp")
    assert [h.kind for h in hits] == ["feedback"] and "/feedback/board" in hits[0].url
    assert search.search("xylophone") == [] and search.search("0777") == []  # the original text is never indexed
    assert search.search("marmalade") == [] and search.search("quokka") == []
    page = client.get("/search?q=wheelchairs").get_data(as_text=True)
    assert board.reference in page


def test_refresh_after_a_change_and_no_stale_hits(app, world):
    public_kpi, private_kpi, board = _content(world)
    index.reindex_all()
    # made private: the stale index never shows it, and a refresh removes it
    public_kpi.public, public_kpi.visibility = False, "partners"
    board.hidden_reason = "Names a member of staff."
    db.session.flush()
    assert search.search("apprentices") == [] and search.search("chapel") == []
    # made public: found after the contract is refreshed
    private_kpi.public, private_kpi.visibility = True, "public"
    db.session.flush()
    assert search.search("geothermal") == []
    assert index.refresh_contract(world.contract_a) >= 2
    assert [h.kind for h in search.search("geothermal borehole")] == ["kpi"]


def test_unpublished_contract_leaves_the_index(app, world):
    _content(world)
    index.reindex_all()
    world.contract_a.is_published = False
    db.session.flush()
    assert index.refresh_contract(world.contract_a) == 0
    assert search.search("apprentices") == [] and search.search("Alpha") == []


def test_reindex_command(app, world):
    _content(world)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["portal", "reindex"])
    assert result.exit_code == 0 and "Search index rebuilt" in result.output, result.output
    result = runner.invoke(args=["portal", "reindex", "--contract", "AAA"])
    assert result.exit_code == 0 and "refreshed for AAA" in result.output
    assert runner.invoke(args=["portal", "reindex", "--contract", "NOPE"]).exit_code != 0


def test_moderating_refreshes_the_index_at_commit_without_a_reindex(app, world):
    from portal.feedback import board as fb

    contract, officer = world.contract_a, world["public_officer"]
    item, _ = make_feedback(contract, text="My name is Jo and the lift at gate 4 squeaks",
                            received_at=datetime(2026, 9, 12, 9, tzinfo=UTC), notify_staff=False)
    db.session.commit()
    assert search.search("squeaking lift gate") == []
    fb.moderate(item, officer, "The lift at gate 4 squeaks loudly.")
    db.session.commit()
    hits = search.search("lift gate squeaks")
    assert [h.kind for h in hits] == ["feedback"]
    fb.hide(item, officer, "Reported as a duplicate")
    db.session.commit()
    assert search.search("lift gate squeaks") == []

"""The payment engine: the 4Ps worked examples and every edge the contract terms can reach."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal as D

import pytest

from portal.performance import paymech as pm

WARD = pm.Area("Ward 3", D("30"), D("2"), D("1"))


def terms(**overrides) -> pm.Terms:
    values = dict(
        monthly_unitary_charge=D("416666.67"), area_rate=D("2.00"), areas={"Ward 3": WARD},
        used_factor=D("0.5"),
        repetition=(pm.Ratchet(4, D("1.5")), pm.Ratchet(8, D("2"))),
        points_threshold=20, point_value=D("3.00"),
        bands=(pm.Band(21, 100, D("1.0")), pm.Band(101, 200, D("1.2")), pm.Band(201, None, D("1.5"))),
        cap_percent=D("15"), currency="GBP",
    )
    values.update(overrides)
    return pm.Terms(**values)


def at(day, hour, minute=0, month=3):
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def event(day=10, reported=(8, 0), hours=5, used=False, criterion="heating", **kw):
    """Reported at `reported`, rectified `hours` later: with 2 h to rectify, hours-2 periods."""
    start = at(day, *reported)
    return pm.Event("Ward 3", criterion, start, datetime.fromtimestamp(start.timestamp() + hours * 3600, UTC),
                    used, **kw)


# ---- worked examples (4Ps guidance) ---------------------------------------------------------

def test_worked_example_unavailable_event_is_180():
    result = pm.calculate(terms(), [event(hours=5)])  # 3 deduction periods after rectification
    assert result["lines"][0]["deduction_periods"] == 3
    assert result["availability_deduction"] == "180.00"


def test_worked_example_used_event_is_90():
    assert pm.calculate(terms(), [event(hours=5, used=True)])["availability_deduction"] == "90.00"


def test_worked_example_fifth_failure_is_270():
    events = [event(day=d, hours=5) for d in (1, 2, 3, 4, 5)]
    result = pm.calculate(terms(), events)
    assert [line["amount"] for line in result["lines"]] == ["180.00"] * 4 + ["270.00"]
    assert result["lines"][4]["repetition_multiplier"] == "1.5"


def test_worked_example_120_points_is_312():
    amount, bands = pm.performance_deduction(120, terms())
    assert amount == D("312.00")
    assert [(b["points"], b["amount"]) for b in bands] == [(80, "240.00"), (20, "72.00")]


def test_worked_example_net_payment():
    result = pm.calculate(terms(), [event(hours=5)], points=120)
    assert result["availability_deduction"] == "180.00"
    assert result["performance_deduction"] == "312.00"
    assert result["total_deduction"] == "492.00"
    assert result["net_payment"] == "416174.67"
    assert result["currency"] == "GBP"


# ---- band edges ---------------------------------------------------------------------------

@pytest.mark.parametrize(("points", "expected"), [
    (0, "0.00"), (20, "0.00"), (21, "3.00"), (100, "240.00"), (101, "243.60"),
    (200, "600.00"), (201, "604.50"), (250, "825.00"),
])
def test_every_band_edge(points, expected):
    amount, _ = pm.performance_deduction(points, terms())
    assert amount == D(expected)


def test_threshold_inside_a_band_prices_only_points_above_it():
    amount, bands = pm.performance_deduction(120, terms(points_threshold=110))
    assert amount == D("36.00")  # 10 points in the 101-200 band at 3.00 × 1.2
    assert bands[0]["points"] == 10


# ---- deduction periods --------------------------------------------------------------------

def test_part_of_a_deduction_period_counts_whole():
    assert pm.calculate(terms(), [event(hours=2.25)])["lines"][0]["deduction_periods"] == 1
    assert pm.calculate(terms(), [event(hours=3.01)])["lines"][0]["deduction_periods"] == 2


def test_rectified_within_rectification_period_costs_nothing():
    result = pm.calculate(terms(), [event(hours=2)])
    assert result["lines"][0]["deduction_periods"] == 0
    assert result["availability_deduction"] == "0.00"


def test_repetition_counts_per_criterion():
    events = [event(day=d, criterion="heating") for d in (1, 2, 3, 4)] + [event(day=5, criterion="lighting")]
    result = pm.calculate(terms(), events)
    assert [line["failure_number"] for line in result["lines"]] == [1, 2, 3, 4, 1]
    assert {line["repetition_multiplier"] for line in result["lines"]} == {"1"}


def test_ninth_failure_doubles():
    events = [event(day=d, hours=3) for d in range(1, 10)]
    result = pm.calculate(terms(), events)
    assert result["lines"][8]["repetition_multiplier"] == "2"
    assert result["lines"][8]["amount"] == "120.00"
    assert result["lines"][7]["amount"] == "90.00"


def test_repetition_counts_in_order_reported_not_order_listed():
    events = [event(day=d) for d in (5, 4, 3, 2, 1)]
    result = pm.calculate(terms(), events)
    assert result["lines"][0]["failure_number"] == 5


def test_cap_limits_total_deduction():
    result = pm.calculate(terms(monthly_unitary_charge=D("1000.00"), cap_percent=D("15")), [], points=120)
    assert result["cap"] == "150.00"
    assert result["capped"] is True
    assert result["total_deduction"] == "150.00"
    assert result["net_payment"] == "850.00"


def test_net_payment_never_below_zero():
    result = pm.calculate(terms(monthly_unitary_charge=D("100.00"), cap_percent=None), [], points=120)
    assert result["total_deduction"] == "312.00"
    assert result["net_payment"] == "0.00"


def test_event_spanning_two_months_is_split_at_the_boundary():
    # reported 31 Mar 22:00, rectifiable until 1 Apr 00:00, rectified 1 Apr 05:30: 6 periods, all April.
    spanning = pm.Event("Ward 3", "heating", at(31, 22), datetime(2026, 4, 1, 5, 30, tzinfo=UTC))
    march = pm.calculate(terms(), [spanning], month=date(2026, 3, 1))
    april = pm.calculate(terms(), [spanning], month=date(2026, 4, 1))
    assert march["lines"][0]["deduction_periods"] == 0
    assert april["lines"][0]["deduction_periods"] == 6
    # reported 31 Mar 18:00: unavailable from 20:00, periods 20-21, 21-22, 22-23, 23-24 in March
    late = pm.Event("Ward 3", "heating", at(31, 18), datetime(2026, 4, 1, 2, 30, tzinfo=UTC))
    march = pm.calculate(terms(), [late], month=date(2026, 3, 1))
    april = pm.calculate(terms(), [late], month=date(2026, 4, 1))
    assert march["lines"][0]["deduction_periods"] == 4
    assert april["lines"][0]["deduction_periods"] == 3
    whole = pm.calculate(terms(), [late])
    assert whole["lines"][0]["deduction_periods"] == 7
    assert D(march["availability_deduction"]) + D(april["availability_deduction"]) == D(whole["availability_deduction"])


def test_open_event_runs_to_end_of_month():
    open_event = pm.Event("Ward 3", "heating", at(31, 20), None)
    result = pm.calculate(terms(), [open_event], month=date(2026, 3, 1))
    assert result["lines"][0]["deduction_periods"] == 2  # 22:00 to 24:00


def test_events_of_other_months_are_left_out():
    result = pm.calculate(terms(), [event(day=10)], month=date(2026, 5, 1))
    assert result["lines"] == []


def test_a_month_with_no_events():
    result = pm.calculate(terms(), [], points=0, month=date(2026, 2, 1))
    assert result["availability_deduction"] == "0.00"
    assert result["performance_deduction"] == "0.00"
    assert result["total_deduction"] == "0.00"
    assert result["net_payment"] == "416666.67"
    assert result["month"] == "2026-02"


def test_excused_event_shows_its_line_at_zero():
    result = pm.calculate(terms(), [event(hours=5, deductible=False, reason="Storm damage, force majeure")])
    assert result["lines"][0]["amount"] == "0.00"
    assert result["lines"][0]["reason"] == "Storm damage, force majeure"


def test_rounding_half_up_to_minor_unit():
    odd = pm.Area("Lane", D("1"), D("0"), D("1"))
    result = pm.calculate(terms(area_rate=D("0.125"), areas={"Lane": odd}, used_factor=D("1")),
                          [pm.Event("Lane", "x", at(1, 0), at(1, 1))])
    assert result["availability_deduction"] == "0.13"
    jpy = pm.calculate(terms(monthly_unitary_charge=D("1000.5"), minor_digits=0), [])
    assert jpy["net_payment"] == "1001"


# ---- KPIs and rolling points --------------------------------------------------------------

def test_kpi_directions():
    assert pm.kpi_met(D("99.5"), D("99.0"), "higher") is True
    assert pm.kpi_met(D("98.9"), D("99.0"), "higher") is False
    assert pm.kpi_met(D("12"), D("15"), "lower") is True  # e.g. minutes to clear an incident
    assert pm.kpi_met(D("15"), D("15"), "lower") is True
    assert pm.kpi_met(D("16"), D("15"), "lower") is False
    assert pm.kpi_met(None, D("15"), "lower") is None
    with pytest.raises(pm.TermsError):
        pm.kpi_met(D("1"), D("1"), "sideways")


def test_rolling_points_against_thresholds():
    rows = pm.rolling_points([10, 30, 50, 0, 40], window=3, warning=80, default=120)
    assert [r["rolling"] for r in rows] == [10, 40, 90, 80, 90]
    assert [r["warning"] for r in rows] == [False, False, True, True, True]
    assert not any(r["default"] for r in rows)


def test_derived_area_rate():
    areas = [pm.Area("A", D("30"), D("2"), D("1")), pm.Area("B", D("10"), D("2"), D("1"))]
    rate = pm.derive_area_rate(D("876000"), areas, D("8760"))
    assert rate == D("2.500000")
    assert pm.derive_area_rate(D("876000"), areas, D("8760"), D("0.8")) == D("2.000000")


# ---- the JSON document --------------------------------------------------------------------

DOCUMENT = {
    "terms": {
        "monthly_unitary_charge": "416666.67", "currency": "GBP", "area_rate": "2.00",
        "areas": [{"name": "Ward 3", "weighting": "30", "rectification_hours": "2", "deduction_period_hours": "1"}],
        "used_factor": "0.5",
        "repetition": [{"after": 4, "multiplier": "1.5"}, {"after": 8, "multiplier": "2"}],
        "points_threshold": 20, "point_value": "3.00",
        "bands": [{"from": 21, "to": 100, "multiplier": "1.0"}, {"from": 101, "to": 200, "multiplier": "1.2"},
                  {"from": 201, "to": None, "multiplier": "1.5"}],
        "cap_percent": "15",
    },
    "events": [{"area": "Ward 3", "criterion": "heating", "reported_at": "2026-03-10T08:00:00Z",
                "rectified_at": "2026-03-10T13:00:00Z", "used": False}],
    "points": 120,
}


def test_document_round_trip():
    result = pm.calculate_document(json.loads(json.dumps(DOCUMENT)))
    assert result["net_payment"] == "416174.67"
    assert result["total_deduction"] == "492.00"


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d["terms"].update(area_rate=2.0), "decimal string"),
    (lambda d: d["terms"].pop("monthly_unitary_charge"), "monthly_unitary_charge"),
    (lambda d: d["events"][0].update(area="Ward 9"), "unknown area"),
    (lambda d: d["events"][0].update(reported_at="yesterday"), "ISO 8601"),
    (lambda d: d.update(points=-1), "negative"),
])
def test_document_errors_are_explained(change, message):
    document = json.loads(json.dumps(DOCUMENT))
    change(document)
    with pytest.raises(pm.TermsError, match=message):
        pm.calculate_document(document)


def test_cli_prints_the_statement(app, tmp_path):
    path = tmp_path / "terms.json"
    path.write_text(json.dumps(DOCUMENT))
    result = app.test_cli_runner().invoke(args=["portal", "paymech", str(path)])
    assert result.exit_code == 0, result.output
    statement = json.loads(result.output)
    assert statement["net_payment"] == "416174.67"
    assert statement["availability_deduction"] == "180.00"
    assert statement["performance_deduction"] == "312.00"

    path.write_text("{not json")
    bad = app.test_cli_runner().invoke(args=["portal", "paymech", str(path)])
    assert bad.exit_code != 0
    assert "JSON" in bad.output

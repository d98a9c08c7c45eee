"""Builders for risk tests."""

from __future__ import annotations

from portal.risks import services


def risk_data(**values) -> services.RiskData:
    defaults = dict(title="Lifecycle costs exceed the model", kind="threat", category="financial",
                    allocation="private", owner_party="operator", inherent_likelihood=4, inherent_impact=4,
                    residual_likelihood=3, residual_impact=3, response="reduce",
                    controls="Annual condition survey.", visibility="government")
    defaults.update(values)
    return services.RiskData(**defaults)


def make_risk(contract, **values):
    today = values.pop("today", None)
    return services.create_risk(contract, risk_data(**values), today=today)


def make_objective(contract, title="Safe, clean and available facilities", visibility="partners"):
    return services.save_objective(contract, None, title, "", visibility)

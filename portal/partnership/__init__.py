"""The partnership: the stakeholder register and its power-interest map, the engagement log, and
the partnership health check answered by both sides (anonymous within a side)."""

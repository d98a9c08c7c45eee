"""Performance: the framework (terms, areas, KPIs), the monthly submission and its review, and the
payment statement.

Rules (no Flask request; flush, never commit):
- `months`: month arithmetic; `queries`: every read; `errors`: what the rules raise;
- `framework`: terms versions, areas, KPIs and their publication;
- `services`: the monthly cycle (open, save, submit, answer, review, approve, countersign);
- `helpdesk`: the failure-event templates and import; `statements`: what a month costs, and
  the statement's CSV and JSON; `corrections`: the recorded correction of a settled month;
- `periods`: months that open themselves; `notices`: who is told what;
- `paymech`: the payment engine, a pure function; `figures`: the figures and charts other
  features read; `overviews`: the performance page and the two contract panels.
Web: `forms`, and `views/` (the blueprint and its URL table in `views/__init__.py`, loaders, and
the month, statement and framework pages). `cli`: the `portal paymech` and `open-periods` commands."""

# Importing the feature registers what of it is public in the search index, its KPIs and areas as
# records other features link to, and its side of the hand-overs.
from portal.performance import handovers, links, search_source  # noqa: E402, F401

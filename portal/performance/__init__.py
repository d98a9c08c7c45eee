"""Performance: KPIs, reporting periods, evidence, review, the payment mechanism and statements."""

# Importing the feature registers what of it is public in the search index, and its KPIs as
# records other features link to (with their latest results).
from portal.performance import links, search_source  # noqa: E402, F401

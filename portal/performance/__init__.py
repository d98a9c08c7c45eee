"""Performance: KPIs, reporting periods, evidence, review, the payment mechanism and statements."""

# Importing the feature registers what of it is public in the search index.
from portal.performance import search_source  # noqa: E402, F401

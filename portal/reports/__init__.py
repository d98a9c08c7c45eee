"""Transparency reports: drafts, sections, WeasyPrint rendering, publication and corrections."""

# Importing the feature registers what of it is public in the search index.
from portal.reports import partnership_sections, search_source  # noqa: E402, F401

"""Community feedback and grievances: submission, tracking, the staff queue, moderation, figures."""

# Importing the feature registers what of it is public in the search index.
from portal.feedback import handovers, search_source  # noqa: E402, F401

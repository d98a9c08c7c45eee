"""Risks and objectives: a contract's strategic objectives, its register of threats and
opportunities (allocation, inherent and residual ratings, responses, reviews), the heat map, and
the risk tile of the integrated dashboard."""

# Importing the feature registers its dashboard tile, portfolio columns and link kinds.
from portal.risks import dashboard  # noqa: E402, F401

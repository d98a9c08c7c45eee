"""Change management: variations to the contract and contingency events (relief, compensation,
force majeure, step-in)."""

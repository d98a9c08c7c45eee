"""Contract obligations of either party, the compliance calendar and handback."""

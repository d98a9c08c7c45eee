"""Search across published content, below the features and fed by them without their importing it.

Features say what of theirs is public in `portal.panels.register_search_source`; this package
follows changes to those records at commit (`index.py`), and the public site queries it
(`engine.py`). SQLite uses an FTS5 index kept in step by triggers; PostgreSQL a GIN index on the
tsvector expression."""

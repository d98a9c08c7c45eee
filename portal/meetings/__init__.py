"""Meetings: agenda, attendance, outcomes (decisions, information, actions), minutes with
revisions and approval, the decisions log, and calendars (.ics files and private feeds)."""

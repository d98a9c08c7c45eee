"""The one action list per contract: actions from meetings, and from issues, risks, disputes and
health checks through the `portal.signals.action_requested` signal; "My actions"; reminders."""

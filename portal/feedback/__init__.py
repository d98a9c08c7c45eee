"""Community feedback and grievances: submission, tracking, the staff queue, moderation, figures."""

"""What the bot does between the edges: answering, triage of cases, indexing from Slack, limits."""

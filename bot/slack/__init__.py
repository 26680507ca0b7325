"""The Slack edge: the bolt app, payload parsing, listeners, Block Kit builders and replies."""

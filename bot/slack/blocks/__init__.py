"""Pure Block Kit builders: data in, `slack_sdk` blocks out; no client, no database, no clock."""

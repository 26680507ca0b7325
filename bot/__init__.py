"""The Slack, HTTP and CLI edges of ses-advisor; the only package that knows Slack.

Rooms: slack/ (bolt app, listeners, payload parsing, Block Kit, replies), http/ (server, try page),
flows/ (what a request sets going), runtime/ (what one process shares; the database gateway),
cli/ (`ses`), i18n/ (FR/EN strings); settings.py holds the one Settings.
May import: cases, knowledge, indexer. Nothing imports bot.
"""

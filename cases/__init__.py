"""The advisory case tracker: people and roles, cases and their timeline, audit log, bot records, console.

No Slack and no search engine here (`bot` and `knowledge` are never imported): the edges call
`cases.services.*` inside `cases.db.session_scope(factory)` and turn `cases.errors` into words
with `cases.i18n.error_message`. See `cases.services` for the functions.
May import: nothing of this project (never bot, knowledge or indexer).
"""

"""Services: functions taking the caller's Session; they flush but never commit.

Import the module you need (`from cases.services import lifecycle`): one module per kind of work —
intake (NewCase, open_case), lifecycle (claim, assign, status, notes, replies), actions (what the
console's pages and API route to), queries, people, questions (the bot's log), threads (Slack
messages linked to a case), feedback, events (Slack event claims), rate_limits, attachments,
export, stats, retention, confidential, sealed (the vault's side of a case's text), validation.
May import: cases (models, audit, policy, lifecycle, vault, errors); never bot, knowledge or console.

Work on an existing case takes a `lifecycle.Act` — who acts on which case, at which version, when —
and keyword arguments for the rest: `lifecycle.claim_case(session, act)`,
`replies.reply_to_requester(session, act, body=…)`, `actions.set_status(session, act, status=…)`.

The caller wraps them in `cases.db.session_scope(factory)`, which commits or rolls back the whole
unit of work, audit entries included. Domain errors come from `cases.errors`.

Confidential cases (issue 6): `confidential.open_confidential_request` and
`confidential.confidential_notify_targets` for the Slack edge; `queries.get_case` to read one,
`replies.reply_to_requester` to answer, `retention.delete_own_request` / `retention.purge_expired`
to erase. Their text only ever goes through `services.sealed`.
"""

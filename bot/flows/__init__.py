"""What the bot does once an edge has parsed a request: answering, triage cards, indexing from
Slack, the case modals, the console link, limits.

May import: bot.runtime, bot.slack (blocks, replies, requests), bot.i18n, cases, knowledge, indexer;
never bot.slack.listeners, bot.http or bot.cli (those call flows, not the other way round).
"""

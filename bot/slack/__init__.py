"""The Slack edge: the bolt app, payload parsing, listeners, Block Kit builders and replies.

May import: bot.flows, bot.runtime, bot.i18n, bot.settings, cases, knowledge; never bot.http or bot.cli.
"""

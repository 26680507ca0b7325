"""Pure Block Kit builders: data in, `slack_sdk` blocks out; no client, no database, no clock.

May import: bot.i18n, cases (values and labels), knowledge (Answer); never bot.runtime, bot.flows or
listeners. Action and callback ids live in ids.py.
"""

"""The HTTP edge: the FastAPI server (Slack's endpoint, health, console; server.py), asking from the
web with its try-it page (ask.py), and what every request goes through first — body limits, short
refusals that echo nothing, the last resort and throttled logs (guards.py), a cap on a request's
head (head.py); Slack's events, commands and clicks acked before all of it (slack_intake.py).

May import: bot.slack (the app), bot.flows, bot.runtime, bot.i18n, cases (the console), knowledge.
"""

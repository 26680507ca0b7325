"""The HTTP edge: the FastAPI server (Slack's endpoint, health, API, console) and the try-it page.

May import: bot.slack (the app), bot.flows, bot.runtime, bot.i18n, cases (the console), knowledge.
"""

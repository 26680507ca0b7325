"""The HTTP edge: the FastAPI server (Slack's endpoint, health, API, console) and the try-it page."""

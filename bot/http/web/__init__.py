"""The try-it page (try.html), served by bot/http/server.py at `/`."""

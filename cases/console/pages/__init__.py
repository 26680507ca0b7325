"""The server-rendered console, one router per resource: the queue, a case page and its forms, the
dashboard and CSV export. Sign-in lives in cases/console/signin.py.

Every form posts its CSRF token (`FormUser`); every change goes Post/Redirect/Get, or re-renders the
case with a localized error (and the text the advisor typed) when a service refuses it.
"""

from cases.console.pages import cases, dashboard, queue

ROUTERS = (queue.router, cases.router, dashboard.router)

__all__ = ["ROUTERS"]

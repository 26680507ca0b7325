"""The server-rendered console, one router per resource: the queue, a case page and its forms, the
dashboard and CSV export. Sign-in lives in cases/console/signin.py.

Every form posts its CSRF token (`FormUser`) and is answered with a redirect (Post/Redirect/Get):
a refusal's localized message and the text typed wait in a flash for the page (flash.py).
"""

from cases.console.pages import cases, dashboard, queue

ROUTERS = (queue.router, cases.router, dashboard.router)

__all__ = ["ROUTERS"]

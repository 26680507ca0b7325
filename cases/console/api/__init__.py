"""JSON API under /api/v1: the console's operations for scripts and integrations, same rules.

Authentication is the console session cookie (`ApiUser`); every POST also needs the session's CSRF
token in the `X-CSRF-Token` header (`ApiWriter`; GET /api/v1/session returns it). Errors are
`{"error": code, "message": localized sentence, "details": {...}}` with 401/403/404/409/422, and 503
when confidential work is refused for want of keys. A case the caller may not see is answered
exactly like a reference never issued.
"""

from cases.console.api import cases, session

PREFIX = "/api/v1"
ROUTERS = (session.router, cases.router)

__all__ = ["PREFIX", "ROUTERS"]

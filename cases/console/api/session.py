"""GET /api/v1/session: who is signed in, and the CSRF token their writes must carry."""

from __future__ import annotations

from fastapi import APIRouter

from cases.console.api.deps import ERRORS, ApiRoute, ApiUser
from cases.schemas import PersonPublic, SessionPublic

__all__ = ["router"]

router = APIRouter(tags=["cases"], route_class=ApiRoute, responses=ERRORS)


@router.get("/session", summary="Who is signed in, and the CSRF token for POST requests")
def who(user: ApiUser) -> SessionPublic:
    return SessionPublic(user=PersonPublic.of(user.person), csrf_token=user.csrf_token, locale=user.locale)

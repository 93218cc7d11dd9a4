"""The public API, mounted at /api/v1. Each app adds its own router here.

A service that refuses a request raises one of the error family in
``core/errors.py``; the one handler below turns it into a status and the one
error shape, ``{"detail": "..."}``, so no endpoint maps errors by hand.
"""

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema

from klynge.core.errors import Conflict, DomainError, Invalid, NotAllowed, NotFound
from klynge.core.openapi import document_common_answers
from klynge.directory.api import router as directory_router
from klynge.directory.match_api import router as match_router
from klynge.events.api import router as events_router
from klynge.insights.api import router as insights_router
from klynge.needs.api import router as needs_router
from klynge.teams.api import router as teams_router


class KlyngeAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs):
        return document_common_answers(super().get_openapi_schema(**kwargs))


api = KlyngeAPI(
    title="Klynge API",
    version="1",
    urls_namespace="api",
    docs_url="/docs",
    description=(
        "Signed in with the site's session (browsers; writes need the CSRF token), or with a "
        "personal token from /konto/tokens/: `Authorization: Bearer <token>` (no CSRF)."
    ),
)


# The four kinds are disjoint; an app's own subclass (an event that is full is a
# Conflict) gets its family's status.
ERROR_STATUS = ((Invalid, 400), (NotAllowed, 403), (NotFound, 404), (Conflict, 409))


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, error: DomainError) -> HttpResponse:
    status = next((code for family, code in ERROR_STATUS if isinstance(error, family)), 400)
    return api.create_response(request, {"detail": error.message}, status=status)


class HealthOut(Schema):
    status: str


@api.get("/health", response=HealthOut, tags=["site"])
def health(request):
    """Whether the API answers. `/healthz` also checks the database."""
    return {"status": "ok"}


api.add_router("/", directory_router)
api.add_router("/", match_router)
api.add_router("/events", events_router)
api.add_router("/needs", needs_router)
api.add_router("/needs", teams_router)
api.add_router("/insights", insights_router)

"""The public API, mounted at /api/v1. Each app adds its own router here."""

from ninja import NinjaAPI, Schema

from klynge.competence.api import router as competence_router
from klynge.directory.api import router as directory_router
from klynge.events.api import router as events_router
from klynge.insights.api import router as insights_router
from klynge.needs.api import router as needs_router

api = NinjaAPI(
    title="Klynge API",
    version="1",
    urls_namespace="api",
    docs_url="/docs",
)


class HealthOut(Schema):
    status: str


@api.get("/health", response=HealthOut, tags=["site"])
def health(request):
    """Whether the API answers. `/healthz` also checks the database."""
    return {"status": "ok"}


api.add_router("/", directory_router)
api.add_router("/", competence_router)
api.add_router("/events", events_router)
api.add_router("/needs", needs_router)
api.add_router("/insights", insights_router)

"""Background work for bookings. Tasks take no objects, only what JSON can carry."""

from django_tasks import task

from klynge.spaces import checkin


@task()
def release_no_shows() -> dict[str, int]:
    """Release bookings not checked in in time (a no-show). Safe to run often."""
    return {"released": checkin.release_no_shows()}

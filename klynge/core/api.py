"""What every app's API shares: the one error shape.

Every error the API gives is ``{"detail": "..."}``. The statuses of the error
family in ``core/errors.py`` are mapped in one place, the handler in klynge/api.py;
endpoints only declare them (``response={..., 404: ErrorOut}``) for the schema.
"""

from ninja import Schema


class ErrorOut(Schema):
    detail: str

"""Answers every API operation can give, added to the OpenAPI schema in one place.

Ninja documents only the answers an operation declares, but some come from the
framework itself: 400 for a body that is not JSON or text with a NUL (see
klynge.core.middleware.RejectNulMiddleware), 422 when the input does not match
the declared types, 401 and 403 (no session, or no CSRF token) before an
operation that needs a sign-in runs, and 404 when a path names nothing the
caller may see. The security suite (tests/security/test_api_fuzz.py) holds
every answer to the schema, so these must be in it.
"""

from __future__ import annotations

ERROR = {
    "title": "Error",
    "type": "object",
    "properties": {"detail": {"title": "Detail", "type": "string"}},
    "required": ["detail"],
}
VALIDATION_ERROR = {
    "title": "ValidationError",
    "type": "object",
    "properties": {
        "detail": {
            "title": "Detail",
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "type": {"type": "string"},
                    "loc": {"type": "array", "items": {"type": ["string", "integer"]}},
                    "msg": {"type": "string"},
                },
                "required": ["type", "loc", "msg"],
            },
        }
    },
    "required": ["detail"],
}
COMMON = {
    "400": ("The body could not be read, or a text holds a NUL character.", ERROR),
    "401": ("Not signed in.", ERROR),
    "403": ("Not allowed, or no valid CSRF token with a session.", ERROR),
    "404": ("Nothing here that the caller may see.", ERROR),
    "422": ("The input does not match the declared types.", VALIDATION_ERROR),
}


def _answer(code: str) -> dict:
    description, schema = COMMON[code]
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def document_common_answers(schema: dict) -> dict:
    """Add the framework's own answers to each operation that can give them."""
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            params = operation.get("parameters", [])
            codes = []
            if params or "requestBody" in operation:
                codes += ["400", "422"]
            if any(p.get("in") == "path" for p in params):
                codes.append("404")
            if operation.get("security"):
                codes += ["401", "403"]
            for code in codes:
                operation["responses"].setdefault(code, _answer(code))
    return schema

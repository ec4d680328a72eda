"""Errors the services raise; each carries a Dutch message for the user and an HTTP status."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException


class ServiceError(Exception):
    status_code = 400

    def __init__(self, message: str, **context: Any) -> None:
        super().__init__(message)
        self.message = message
        self.context = context

    @property
    def headers(self) -> dict[str, str]:
        """Extra response headers this refusal needs (e.g. Retry-After)."""
        return {}


class NotFound(ServiceError):
    status_code = 404


class Forbidden(ServiceError):
    status_code = 403


class Invalid(ServiceError):
    status_code = 422


class Conflict(ServiceError):
    status_code = 409


class Gone(ServiceError):
    status_code = 410


class TooManyAttempts(ServiceError):
    """Too many failed attempts from one address: try again after `retry_after` seconds."""

    status_code = 429

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after

    @property
    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after)}


class BodyTooLarge(HTTPException):
    """A request body over its limit, raised while it is read (an HTTPException, so FastAPI passes it on)."""

    def __init__(self, limit: int) -> None:
        size = f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit // 1024} kB"
        super().__init__(413, f"Het verzoek is te groot: hier kan hoogstens {size} worden verstuurd.")


def required_line(text: str, *, what: str, limit: int) -> str:
    """`text` on one line with its spaces folded; Invalid when it is empty or longer than `limit`."""
    cleaned = " ".join(text.split())
    if not cleaned:
        raise Invalid(f"{what} mag niet leeg zijn.")
    if len(cleaned) > limit:
        raise Invalid(f"{what} is hoogstens {limit} tekens.")
    return cleaned

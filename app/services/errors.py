"""Errors the services raise; each carries a Dutch message for the user and an HTTP status."""

from __future__ import annotations

from typing import Any


class ServiceError(Exception):
    status_code = 400

    def __init__(self, message: str, **context: Any) -> None:
        super().__init__(message)
        self.message = message
        self.context = context


class NotFound(ServiceError):
    status_code = 404


class Forbidden(ServiceError):
    status_code = 403


class Invalid(ServiceError):
    status_code = 422


class Conflict(ServiceError):
    status_code = 409

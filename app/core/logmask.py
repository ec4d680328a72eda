"""Logs without keys: the links' tokens, join codes and query values are masked in uvicorn's log lines.

A link's token or a join code is a key to a meeting, and a log file is read by more people than
those who hold the keys. uvicorn writes the request path into the access log
(`uvicorn.access`, when `ZELFSCAN_ACCESS_LOG` is on) and every websocket handshake into
`uvicorn.error`; the filter rewrites both before any handler sees them:
`/f/Zx3…/klok/start` → `/f/***/klok/start`, `/meedoen?code=ABC123` → `/meedoen?code=***`.
"""

from __future__ import annotations

import copy
import logging
import re
from typing import Any

from uvicorn.config import LOGGING_CONFIG

MASK = "***"
# The segment after /f/, /d/, /g/ (facilitator, display, gespreksleider tokens), /fv/ (facilitator's
# view socket), /j/ (join code) and /qr/ (a join code's QR code), wherever it stands: under /api/ and
# /ws/, and behind a proxy's root path.
_TOKEN_SEGMENT = re.compile(r"(/(?:f|fv|d|g|j)/)[^/?#]+")
_QR_CODE = re.compile(r"/qr/[^/?#]+?(\.svg)?(?=$|[/?#])")
# Every query value: `?code=`, `?sleutel=` and whatever key a later page adds.
_QUERY_VALUE = re.compile(r"=[^&#]*")


def mask_path(path: str) -> str:
    """A request path (with its query) as it may appear in a log."""
    path_part, question, query = path.partition("?")
    path_part = _QR_CODE.sub(lambda match: f"/qr/{MASK}{match.group(1) or ''}", path_part)
    path_part = _TOKEN_SEGMENT.sub(lambda match: f"{match.group(1)}{MASK}", path_part)
    if question:
        query = _QUERY_VALUE.sub(f"={MASK}", query)
    return f"{path_part}{question}{query}"


class MaskSecrets(logging.Filter):
    """Masks every path among a record's arguments (uvicorn passes the path as one `%s` argument)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                mask_path(arg) if isinstance(arg, str) and arg.startswith("/") else arg for arg in record.args
            )
        return True


def uvicorn_log_config() -> dict[str, Any]:
    """uvicorn's own logging configuration with `MaskSecrets` on its access and error loggers."""
    config = copy.deepcopy(LOGGING_CONFIG)
    config["filters"] = {"mask_secrets": {"()": MaskSecrets}}
    for name in ("uvicorn.access", "uvicorn.error"):
        config["loggers"][name]["filters"] = ["mask_secrets"]
    return config

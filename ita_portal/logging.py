"""Structured logs: one JSON object a line, for Django's loggers and gunicorn's access log.

``JSONFormatter`` is used by ``LOGGING`` when ``LOG_FORMAT=json`` (the default with DEBUG
off); ``GunicornJSONLogger`` is gunicorn's ``logger_class`` in ``gunicorn.conf.py``. A log
collector (journald, Loki, CloudWatch …) can then filter on fields instead of parsing text.
"""

from __future__ import annotations

import datetime
import json
import logging
import traceback

from gunicorn import glogging

# Attributes every LogRecord has; anything else was passed with ``extra=`` and is kept.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


class JSONFormatter(logging.Formatter):
    """Format a record as one JSON line: time (UTC, ISO 8601), level, logger, message, the
    exception's traceback if any, and every field given with ``extra=``."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value if isinstance(value, (str, int, float, bool, type(None))) else str(value)
        return json.dumps(entry, ensure_ascii=False)


class GunicornJSONLogger(glogging.Logger):
    """gunicorn's logger with the access log as JSON lines (values escaped properly, which
    a JSON-looking ``access_log_format`` cannot promise) and the error log through
    ``JSONFormatter``."""

    def setup(self, cfg):
        super().setup(cfg)
        for handler in self.error_log.handlers:
            handler.setFormatter(JSONFormatter())

    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
        entry = {
            "time": datetime.datetime.now(datetime.UTC).isoformat(timespec="milliseconds"),
            "logger": "gunicorn.access",
            "remote_addr": environ.get("REMOTE_ADDR", ""),
            "method": environ.get("REQUEST_METHOD", ""),
            "path": environ.get("PATH_INFO", ""),
            "query": environ.get("QUERY_STRING", ""),
            "status": int(status),
            "bytes": getattr(resp, "sent", None),
            "duration_ms": round(request_time.total_seconds() * 1000, 1),
            "user_agent": environ.get("HTTP_USER_AGENT", ""),
            "referer": environ.get("HTTP_REFERER", ""),
            "request_id": environ.get("HTTP_X_REQUEST_ID", ""),
        }
        try:
            self.access_log.info(json.dumps(entry, ensure_ascii=False))
        except Exception:
            self.error(traceback.format_exc())

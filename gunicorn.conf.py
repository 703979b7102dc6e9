"""gunicorn's settings for production and for bench/ (README "Production").

    .venv/bin/gunicorn consult.wsgi -c gunicorn.conf.py

Sync workers, 2 per core plus one (gunicorn's advice): a worker waiting on PostgreSQL leaves
the core to another. `WEB_CONCURRENCY` sets the number instead, `GUNICORN_BIND` the address.
No access log: the app keeps no client address (docs/SECURITY.md); the reverse proxy must not
log them for /s/ and /track/ either.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * multiprocessing.cpu_count() + 1)
worker_class = "sync"
# The largest exports (a year's ledger XLSX, a 1,000-row PDF) take a few seconds; a request
# still running after this long is killed and its worker replaced.
timeout = 60
graceful_timeout = 30
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "warning")
# Each worker is replaced after this many requests (a slow leak in a C library cannot grow).
max_requests = 10000
max_requests_jitter = 1000

"""svodka serve [--db TARGET] [--host 127.0.0.1] [--port 8000] [--workers N]: the REST API and web UI."""

from __future__ import annotations

import os


def add_parser(sub, name):
    p = sub.add_parser(name, help="serve the REST API (/v1) and the web UI (/)",
                       description="Serve the REST API and the web UI with uvicorn. Write endpoints "
                                   "need 'Authorization: Bearer TOKEN' when $SVODKA_TOKEN is set.")
    p.add_argument("--db", metavar="TARGET", help="the corpus store: SQLite path or postgresql:// URL "
                                                  "(default: the store's default)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--max-body", type=int, metavar="BYTES",
                   help="request body cap in bytes (default $SVODKA_MAX_BODY or 5000000)")
    p.add_argument("--no-warm", action="store_true",
                   help="load the models on the first request, not at start")
    p.add_argument("--workers", type=int, default=1, metavar="N",
                   help="extraction processes, each with its own models, behind the one HTTP "
                        "process (default 1: extraction on a thread of that process; 0: one per core)")
    return p


def run(args) -> int:
    try:
        import uvicorn

        from ..web import create_app
    except ImportError as e:
        from .common import warn

        warn(f"the web extra is not installed ({e}); run: pip install 'svodka[web]'")
        return 2
    from ..parallel import workers_for

    workers = workers_for(args.workers)
    auth = " (write endpoints need the SVODKA_TOKEN bearer token)" if os.environ.get("SVODKA_TOKEN") else ""
    host = f"[{args.host}]" if ":" in args.host else args.host
    # more than one worker: N pipeline processes fed by this one (web/backend.py), so that the
    # load is shared out by request rather than by the connections each process accepted
    app = create_app(args.db, max_body=args.max_body, processes=workers if workers > 1 else 0)
    if not args.no_warm:
        app.state.backend.warm()
    procs = f", {workers} extraction processes" if workers > 1 else ""
    print(f"svodka: serving http://{host}:{args.port}/  (API docs: /docs){procs}{auth}", flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0

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
                   help="server processes, each with its own models (default 1; 0: one per core)")
    return p


# `--workers N`: uvicorn starts N processes that each import the app from here; the options
# reach them through the environment (the only channel uvicorn leaves).
ENV_DB, ENV_MAX_BODY, ENV_WARM = "SVODKA_SERVE_DB", "SVODKA_SERVE_MAX_BODY", "SVODKA_SERVE_WARM"


def app_from_env():
    """The app of one server worker process (uvicorn factory)."""
    from ..web import create_app

    max_body = os.environ.get(ENV_MAX_BODY)
    app = create_app(os.environ.get(ENV_DB) or None, max_body=int(max_body) if max_body else None)
    if os.environ.get(ENV_WARM) == "1":
        app.state.backend.warm()
    return app


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
    if workers > 1:
        os.environ[ENV_DB] = args.db or ""
        os.environ[ENV_MAX_BODY] = str(args.max_body or "")
        os.environ[ENV_WARM] = "0" if args.no_warm else "1"
        print(f"svodka: serving http://{host}:{args.port}/  (API docs: /docs), {workers} workers{auth}", flush=True)
        uvicorn.run("svodka.cli.serve:app_from_env", factory=True, workers=workers, host=args.host,
                    port=args.port, log_level="warning")
        return 0
    app = create_app(args.db, max_body=args.max_body)
    if not args.no_warm:
        app.state.backend.warm()
    print(f"svodka: serving http://{host}:{args.port}/  (API docs: /docs){auth}", flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0

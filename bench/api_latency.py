"""POST /v1/extract latency on loopback: p50/p99 for a ~3 KB article, 1 and 16 concurrent clients.

    .venv/bin/python bench/api_latency.py                      # starts `svodka serve` on a free port
    .venv/bin/python bench/api_latency.py --url http://127.0.0.1:8000 --requests 200

Bounded: each level sends a fixed number of requests (after a warm-up) or stops at --max-seconds.
Each client keeps one HTTP/1.1 connection (stdlib http.client), as a service calling the API would.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]


def article(size: int = 3072) -> str:
    """About `size` bytes (UTF-8) of the demo corpus, cut at a sentence end."""
    from svodka.inputs import read_paths  # the texts without their front matter

    text = "\n\n".join(d["text"] for d in read_paths(map(str, sorted((ROOT / "examples").glob("*.txt")))))
    raw = text.encode()[:size].decode("utf-8", "ignore")
    return raw[: raw.rfind(".") + 1]


def percentile(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    k = (len(xs) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def run_level(url: str, body: bytes, clients: int, requests: int, max_seconds: float) -> dict:
    parts = urlsplit(url)
    lat: list[float] = []
    errors = []
    lock = threading.Lock()
    left = [requests]
    stop_at = time.perf_counter() + max_seconds

    def client():
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
        while True:
            with lock:
                if left[0] <= 0 or time.perf_counter() > stop_at:
                    break
                left[0] -= 1
            t0 = time.perf_counter()
            conn.request("POST", "/v1/extract", body=body, headers={"Content-Type": "application/json"})
            resp = conn.getresponse()
            resp.read()
            dt = time.perf_counter() - t0
            with lock:
                (lat if resp.status == 200 else errors).append(dt if resp.status == 200 else resp.status)
        conn.close()

    t0 = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    return {
        "clients": clients,
        "requests": len(lat),
        "errors": len(errors),
        "p50_ms": round(percentile(lat, 0.5) * 1000, 1),
        "p99_ms": round(percentile(lat, 0.99) * 1000, 1),
        "mean_ms": round(statistics.mean(lat) * 1000, 1),
        "throughput_rps": round(len(lat) / wall, 2),
        "wall_s": round(wall, 1),
    }


def start_server(workers: int = 1) -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [sys.executable, "-m", "svodka", "serve", "--port", str(port), "--db", os.devnull,
           "--workers", str(workers)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    line = proc.stdout.readline()  # printed once the models are loaded
    if "serving" not in line:
        proc.kill()
        raise SystemExit(f"server did not start: {line}{proc.stdout.read()}")
    # the address is printed before uvicorn binds: wait until it accepts connections
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    return proc, f"http://127.0.0.1:{port}"


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", help="a running server (default: start one)")
    ap.add_argument("--clients", default="1,16", help="concurrency levels (default 1,16)")
    ap.add_argument("--requests", type=int, default=160, help="requests per level (default 160)")
    ap.add_argument("--warmup", type=int, default=8)
    ap.add_argument("--max-seconds", type=float, default=180, help="time cap per level")
    ap.add_argument("--workers", type=int, default=1, help="server processes for the started server")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    text = article()
    body = json.dumps({"text": text, "published": "2024-05-20"}, ensure_ascii=False).encode()
    proc = None
    if not args.url:
        proc, args.url = start_server(args.workers)
    try:
        run_level(args.url, body, max(2, args.workers), args.warmup, args.max_seconds)  # every worker warm
        results = [
            run_level(args.url, body, int(c), args.requests, args.max_seconds)
            for c in args.clients.split(",")
        ]
    finally:
        if proc:
            proc.terminate()
            proc.wait(10)
    info = {
        "workers": args.workers,
        "article_chars": len(text),
        "article_bytes": len(text.encode()),
        "cpus": os.cpu_count(),
        "loadavg": os.getloadavg(),
        "results": results,
    }
    if args.json:
        print(json.dumps(info))
    else:
        print(
            f"article: {info['article_chars']} chars, {info['article_bytes']} bytes UTF-8; "
            f"{info['cpus']} CPUs, load {info['loadavg'][0]:.2f}"
        )
        print("| clients | requests | p50 ms | p99 ms | mean ms | req/s | errors |")
        print("|---:|---:|---:|---:|---:|---:|---:|")
        for r in results:
            print(
                f"| {r['clients']} | {r['requests']} | {r['p50_ms']} | {r['p99_ms']} | {r['mean_ms']} | "
                f"{r['throughput_rps']} | {r['errors']} |"
            )
    return info


if __name__ == "__main__":
    main()
    sys.exit(0)

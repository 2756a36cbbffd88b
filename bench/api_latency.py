"""POST /v1/extract latency on loopback: p50/p99 for a ~3 KB article, 1 and 16 concurrent clients.

    .venv/bin/python bench/api_latency.py                      # starts `svodka serve` on a free port
    .venv/bin/python bench/api_latency.py --url http://127.0.0.1:8000 --requests 200

Bounded: each level sends a fixed number of requests (after a warm-up) or stops at --max-seconds.
Each client keeps one HTTP/1.1 connection, as a service calling the API would, and sends its next
request as soon as it has read the whole response (a closed loop); a request's latency runs from
its send to the last byte of its response. The clients are the connections of one single-threaded
event loop (selectors, raw keep-alive HTTP/1.1), as wrk drives its connections: the load generator
shares the machine's cores with the server, and 16 Python threads (http.client) took ~0.25 ms of
CPU per request and added their own waits for the GIL to the latencies they measured.
"""

from __future__ import annotations

import argparse
import json
import os
import selectors
import socket
import statistics
import subprocess
import sys
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


class _Client:
    """One connection: the response being read, and when its request was sent."""

    __slots__ = ("sock", "buf", "need", "status", "sent")

    def __init__(self, sock: socket.socket):
        self.sock, self.buf, self.need, self.status, self.sent = sock, bytearray(), None, 0, 0.0


def _response_end(c: _Client) -> int | None:
    """Where the response in c.buf ends (its headers read: status and Content-Length)."""
    if c.need is None:
        end = c.buf.find(b"\r\n\r\n")
        if end < 0:
            return None
        head = bytes(c.buf[:end]).decode("latin-1").split("\r\n")
        c.status = int(head[0].split()[1])
        lengths = [int(h.split(":", 1)[1]) for h in head[1:] if h.lower().startswith("content-length:")]
        if not lengths:
            raise RuntimeError(f"a response without Content-Length: {head[0]}")
        c.need = end + 4 + lengths[0]
    return c.need


def run_level(url: str, body: bytes, clients: int, requests: int, max_seconds: float) -> dict:
    parts = urlsplit(url)
    request = (f"POST /v1/extract HTTP/1.1\r\nHost: {parts.hostname}:{parts.port}\r\n"
               f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n").encode() + body
    lat: list[float] = []
    errors = []
    left = requests
    stop_at = time.perf_counter() + max_seconds
    sel = selectors.DefaultSelector()

    def send(c: _Client) -> bool:
        """The client's next request, if any are left; False when it is done."""
        nonlocal left
        if left <= 0 or time.perf_counter() > stop_at:
            sel.unregister(c.sock)
            c.sock.close()
            return False
        left -= 1
        c.buf.clear()
        c.need = None
        c.sent = time.perf_counter()
        c.sock.sendall(request)
        return True

    t0 = time.perf_counter()
    conns = []
    for _ in range(clients):
        sock = socket.create_connection((parts.hostname, parts.port), timeout=120)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        conns.append(_Client(sock))
        sel.register(sock, selectors.EVENT_READ, conns[-1])
    active = sum(send(c) for c in conns)
    while active:
        events = sel.select(timeout=120)
        if not events:
            raise TimeoutError("no response in 120 s")
        for key, _ in events:
            c = key.data
            chunk = c.sock.recv(1 << 16)
            if not chunk:
                raise ConnectionError("the server closed a connection")
            c.buf += chunk
            end = _response_end(c)
            if end is None or len(c.buf) < end:
                continue
            dt = time.perf_counter() - c.sent
            (lat if c.status == 200 else errors).append(dt if c.status == 200 else c.status)
            if not send(c):
                active -= 1
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

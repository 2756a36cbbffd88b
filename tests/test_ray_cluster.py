"""svodka batch on a real Ray cluster: `ray start --head` and a second node started with
`ray start --address`, on this machine, each in a process tree of its own.

- `svodka batch --address` gives the same records and errors as a local run;
- a node killed in the middle of a job (kill -9 of its raylet, agents and workers): the job is
  stopped, and running it again on the node that is left finishes it, with the same records.

It takes a few minutes (two nodes, models loaded on each), so it runs where CI asks for it
(.ci/run sets SVODKA_RAY_CLUSTER=1) or when you do. The nodes use free ports and their own
temporary folder, and are stopped by process id at the end (never `ray stop`, which would stop
every Ray on the machine).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

pytest.importorskip("ray")
pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from svodka.batch import OutDir  # noqa: E402

pytestmark = [
    pytest.mark.ray_cluster,
    pytest.mark.skipif(os.environ.get("SVODKA_RAY_CLUSTER") != "1",
                       reason="a real Ray cluster test: set SVODKA_RAY_CLUSTER=1 (.ci/run does)"),
    pytest.mark.skipif(not os.path.isdir("/proc"), reason="stops the nodes through /proc"),
]

RAY = str(Path(sys.executable).with_name("ray"))
SRC = str(Path(__file__).resolve().parents[1] / "src")
CITIES = ("Казани", "Самаре", "Омске", "Твери", "Уфе", "Перми", "Туле", "Сочи", "Курске")
POSTS = ("Министр экономики", "Глава ведомства", "Вице-премьер", "Губернатор области")
DOCS_PER_FILE = 30  # a unit takes a few seconds: a node can be killed while the job runs
REPEAT = 6  # sentences of each text repeated, so that a unit outlasts the poll that kills the node


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Ray's token authentication, as a cluster of several machines should run it: every node and
# every driver is given the cluster's token (see the README)
TOKEN = secrets.token_hex(32)


def _env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("RAY_ADDRESS", "SVODKA_BATCH_FAIL_ON")}
    env["PYTHONPATH"] = SRC + os.pathsep + env.get("PYTHONPATH", "")
    env["RAY_USAGE_STATS_ENABLED"] = "0"
    env["RAY_AUTH_MODE"] = "token"
    env["RAY_AUTH_TOKEN"] = TOKEN
    env.update(extra)
    return env


def _below(root_marker: str) -> list[int]:
    """Processes started by one `ray start`: their environment holds SVODKA_TEST_NODE=marker
    (read while they are young; Ray's workers and agents retitle themselves and may hide it),
    and every process below one of those."""
    want = f"SVODKA_TEST_NODE={root_marker}".encode()
    parent, marked = {}, set()
    for name in filter(str.isdigit, os.listdir("/proc")):
        pid = int(name)
        try:
            with open(f"/proc/{pid}/stat", "rb") as f:
                parent[pid] = int(f.read().rsplit(b")", 1)[1].split()[1])
            with open(f"/proc/{pid}/environ", "rb") as f:
                if want in f.read().split(b"\0"):
                    marked.add(pid)
        except OSError:
            continue
    found, changed = set(marked), True
    while changed:
        changed = False
        for pid, pp in parent.items():
            if pp in found and pid not in found:
                found.add(pid)
                changed = True
    return sorted(found)


class Node:
    """One `ray start` (head or worker), its processes noted as they appear."""

    def __init__(self, name: str, args: list[str], temp_dir: str):
        self.marker = f"{name}-{os.getpid()}-{time.time_ns()}"
        self.pids: set[int] = set()
        p = subprocess.run([RAY, "start", *args, "--disable-usage-stats"], env=_env(SVODKA_TEST_NODE=self.marker),
                           capture_output=True, text=True, timeout=300, cwd=temp_dir)
        self.note()
        assert p.returncode == 0, p.stdout[-2000:] + p.stderr[-2000:]

    def note(self) -> None:
        self.pids.update(_below(self.marker))

    def kill(self) -> None:
        self.note()
        for pid in self.pids:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)


def _corpus(folder: Path) -> Path:
    folder.mkdir()
    for part in range(6):
        with open(folder / f"part{part}.jsonl", "w", encoding="utf-8") as f:
            for i in range(DOCS_PER_FILE):
                k = part * DOCS_PER_FILE + i
                text = " ".join(f"{POSTS[(k + r) % 4]} {(k + r) % 28 + 1} мая провёл в {CITIES[(k + r) % 9]} "
                                f"переговоры. Стороны договорились вложить {k + r + 3} млрд рублей в "
                                f"строительство {k + 10} школ до конца 2026 года." for r in range(REPEAT))
                f.write(json.dumps({"id": f"c{k}", "published": "2024-05-20", "text": text},
                                   ensure_ascii=False) + "\n")
            if part == 2:
                f.write("{не JSON\n")
    return folder


def _batch(args: list[str], timeout: float = 900) -> tuple[int, dict, str]:
    p = subprocess.run([sys.executable, "-m", "svodka", "batch", *args, "--json"], env=_env(),
                       capture_output=True, text=True, timeout=timeout)
    summary = json.loads(p.stdout.strip().splitlines()[-1]) if p.stdout.strip() else {}
    return p.returncode, summary, p.stderr


def _outputs(out: Path) -> tuple[dict, list]:
    od = OutDir(str(out))
    records = {r["id"]: json.loads(r["record"]) for r in od.read("records")}
    errors = sorted((r["id"], r["reason"]) for r in od.read("errors"))
    return records, errors


@pytest.fixture(scope="module")
def cluster():
    temp = tempfile.mkdtemp(prefix="svodka-rc-", dir="/tmp")  # short: Ray's socket paths live below it
    port = _port()
    common = ["--num-cpus", "1", "--object-store-memory", str(200 * 1024 * 1024)]
    nodes = []
    try:
        nodes.append(Node("head", ["--head", "--port", str(port), "--temp-dir", temp, "--include-dashboard", "false",
                                   "--dashboard-agent-listen-port", str(_port()), *common], temp))
        nodes.append(Node("worker", ["--address", f"127.0.0.1:{port}",
                                     "--dashboard-agent-listen-port", str(_port()), *common], temp))
        yield f"127.0.0.1:{port}", nodes[0], nodes[1]
    finally:
        for n in reversed(nodes):
            n.kill()
        subprocess.run(["rm", "-rf", temp], check=False)


def _wait_for_cpus(address: str, cpus: int, timeout: float = 120) -> None:
    code = ("import ray, sys; ray.init(address=sys.argv[1], logging_level='ERROR'); "
            "print(int(ray.cluster_resources().get('CPU', 0)))")
    deadline = time.time() + timeout
    while True:
        p = subprocess.run([sys.executable, "-c", code, address], env=_env(), capture_output=True, text=True,
                           timeout=120)
        if p.returncode == 0 and p.stdout.strip().splitlines()[-1:] == [str(cpus)]:
            return
        assert time.time() < deadline, f"the cluster never showed {cpus} CPUs: {p.stdout[-500:]} {p.stderr[-500:]}"
        time.sleep(2)


def test_cluster_equals_local_and_survives_a_lost_node(cluster, tmp_path):
    address, head, worker = cluster
    corpus = _corpus(tmp_path / "in")
    # the local run, for reference
    rc, local, err = _batch([str(corpus), "--out", str(tmp_path / "local"), "--num-cpus", "2"])
    assert rc == 2 and local["errors"] == 1, err[-2000:]  # the malformed line
    want = _outputs(tmp_path / "local")
    assert len(want[0]) == 6 * DOCS_PER_FILE

    _wait_for_cpus(address, 2)
    rc, summary, err = _batch([str(corpus), "--out", str(tmp_path / "cluster"), "--address", address])
    head.note()
    worker.note()
    assert rc == 2, err[-2000:]
    assert summary["workers"] == 2 and summary["done"] == summary["units"] == 6
    assert _outputs(tmp_path / "cluster") == want

    # kill -9 a node in the middle of a job; the job stops; running it again finishes it
    out = tmp_path / "again"
    job = subprocess.Popen([sys.executable, "-m", "svodka", "batch", str(corpus), "--out", str(out), "--address",
                            address, "--json"], env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.time() + 600
        while not list((out / "_manifest").glob("*.json")) if (out / "_manifest").is_dir() else True:
            assert job.poll() is None, job.stderr.read().decode()[-2000:]
            assert time.time() < deadline, "no unit finished"
            worker.note()
            time.sleep(0.2)
        worker.kill()
        done_at_kill = len(list((out / "_manifest").glob("*.json")))
        try:
            job.wait(timeout=60)  # it may finish on the head, or fail, or wait for the lost CPU
        except subprocess.TimeoutExpired:
            job.kill()
            job.wait()
    finally:
        if job.poll() is None:
            job.kill()
    assert done_at_kill < 6, "the job had finished before the node was killed"
    _wait_for_cpus(address, 1)
    rc, rerun, err = _batch([str(corpus), "--out", str(out), "--address", address])
    assert rc in (0, 2), err[-2000:]  # 2: the malformed line's unit was (re)done now
    assert rerun["done"] + rerun["skipped"] == rerun["units"] == 6
    assert _outputs(out) == want

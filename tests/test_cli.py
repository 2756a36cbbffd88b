"""The `svodka extract` command: formats, stdin, exit codes, bad inputs next to good ones."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from svodka.cli import main

TEXT = "Президент России Владимир Путин провел переговоры с президентом Казахстана Касым-Жомартом Токаевым."


def run_cli(*args, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "svodka", *args], input=stdin, capture_output=True, env=env,
                          timeout=300)


def records(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_txt_files_and_output_file(tmp_path, capsys):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(TEXT, encoding="utf-8")
    b.write_text("Второй текст о Москве.", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(a), str(b), "-o", str(out)]) == 0
    recs = records(out.read_text(encoding="utf-8"))
    assert [r["id"] for r in recs] == ["a", "b"]
    assert recs[0]["text"] == TEXT and recs[0]["schema"] == "svodka/1"


def test_bad_inputs_fail_alone_exit_2(tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text(TEXT, encoding="utf-8")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    jl = tmp_path / "docs.jsonl"
    jl.write_text(json.dumps({"id": "j1", "text": TEXT}) + "\n{oops\n" + json.dumps({"id": "j2", "text": ""}) + "\n",
                  encoding="utf-8")
    code = main(["extract", str(good), str(binary), str(jl)])
    cap = capsys.readouterr()
    assert code == 2
    assert [r["id"] for r in records(cap.out)] == ["good", "j1", "j2"]
    assert f"{binary}: " in cap.err and "binary" in cap.err
    assert f"{jl}:2: malformed JSON" in cap.err


def test_stdin_plain_text_and_pretty():
    p = run_cli("extract", "--pretty", stdin=TEXT.encode("cp1251"))
    assert p.returncode == 0, p.stderr.decode()
    rec = json.loads(p.stdout)
    assert rec["text"] == TEXT and "\n  " in p.stdout.decode()


def test_stdin_jsonl():
    lines = "\n".join(json.dumps({"id": f"d{i}", "text": TEXT, "published": "2024-05-20"}) for i in range(3))
    p = run_cli("extract", "--jsonl", "-", stdin=lines.encode())
    assert p.returncode == 0
    recs = records(p.stdout.decode())
    assert [r["id"] for r in recs] == ["d0", "d1", "d2"] and recs[0]["meta"]["published"] == "2024-05-20"


def test_text_without_russian_still_gives_a_record():
    p = run_cli("extract", stdin=b"Angela Merkel met Emmanuel Macron in Berlin on Monday.")
    assert p.returncode == 0
    assert records(p.stdout.decode())[0]["text"].startswith("Angela")


@pytest.mark.slow
def test_20mb_text_in_bounded_memory(tmp_path):
    """A 20 MB text goes through with peak memory under ~10x its size (plus the models)."""
    para = ("Премьер-министр Казахстана Олжас Бектенов встретился в Москве с председателем правительства "
            "России Михаилом Мишустиным. Стороны реализуют 135 проектов на сумму $26,5 млрд до конца 2027 года. "
            "«Мы продолжим работу», — сказал он.\n")
    path = tmp_path / "huge.txt"
    reps = 20_000_000 // len(para.encode())
    path.write_text(para * reps, encoding="utf-8")
    size = path.stat().st_size
    out = tmp_path / "huge.jsonl"
    code = ("import resource, sys; from svodka.cli import main; "
            "import svodka; svodka.default_pipeline()('Москва.'); "  # models loaded: the baseline
            "base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024; "
            f"rc = main(['extract', {str(path)!r}, '-o', {str(out)!r}]); "
            "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024; "
            "print(rc, base, peak)")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=1800)
    assert p.returncode == 0, p.stderr[-2000:]
    rc, base, peak = map(int, p.stdout.split())
    assert rc == 0
    assert peak - base < 10 * size, f"grew by {(peak - base) / 2**20:.0f} MiB for a {size / 2**20:.0f} MiB text"
    rec = json.loads(Path(out).read_text(encoding="utf-8"))
    assert len(rec["text"]) == len(para) * reps

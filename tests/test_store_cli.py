"""The store's CLI commands and input readers (SQLite; the backends share the code above them)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from storecorpus import RECORDS, TEXTS
from svodka.cli import main
from svodka.store.readers import read

HTML = """<!doctype html><html><head><title>Визит в Анкару</title>
<meta property="article:published_time" content="2024-04-02"></head><body>
<nav><a href="/">Главная</a> | <a href="/news">Новости</a></nav>
<article><h1>Визит в Анкару</h1>
<p>Министр иностранных дел России прибыл в Анкару с двухдневным визитом. Стороны обсудят
строительство атомной электростанции и поставки газа.</p>
<p>По итогам переговоров планируется подписать меморандум о сотрудничестве в сфере энергетики.</p>
</article><footer>© Новостное агентство</footer></body></html>"""

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Лента новостей</title><link>https://example.org</link>
<item><title>Курс рубля укрепился</title><link>https://example.org/1</link><guid>news-1</guid>
<pubDate>Mon, 01 Apr 2024 10:00:00 +0300</pubDate>
<description>&lt;p&gt;Рубль укрепился к доллару на торгах Московской биржи.&lt;/p&gt;</description></item>
<item><title>Урожай зерна</title><link>https://example.org/2</link><guid>news-2</guid>
<pubDate>Tue, 02 Apr 2024 11:00:00 +0300</pubDate>
<description>Аграрии собрали рекордный урожай пшеницы.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Атом-лента</title>
<entry><id>urn:atom-1</id><title>Новый тариф</title><updated>2024-05-01T09:00:00Z</updated>
<content type="html">&lt;p&gt;Правительство утвердило новый тариф на электроэнергию.&lt;/p&gt;
</content></entry>
</feed>"""


def test_readers_html_rss_atom(tmp_path):
    (tmp_path / "visit.html").write_text(HTML, encoding="utf-8")
    (tmp_path / "feed.rss").write_text(RSS, encoding="utf-8")
    (tmp_path / "feed.atom").write_text(ATOM, encoding="utf-8")
    docs = {d["id"]: d for d in read([str(tmp_path)])}
    assert set(docs) == {"visit", "news-1", "news-2", "urn:atom-1"}
    html = docs["visit"]
    assert "двухдневным визитом" in html["text"] and "Главная" not in html["text"]
    assert html["published"] == "2024-04-02"
    assert docs["news-1"]["published"] == "2024-04-01" and docs["news-1"]["source"] == "Лента новостей"
    assert "<p>" not in docs["news-1"]["text"] and "Московской биржи" in docs["news-1"]["text"]
    assert docs["urn:atom-1"]["text"].startswith("Новый тариф")


def test_reader_records_in_jsonl(tmp_path):
    path = tmp_path / "recs.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) for r in RECORDS[:2]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    got = list(read([str(path)]))
    assert got == RECORDS[:2]


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "cli.db")


def run(capsys, *argv) -> tuple[int, str]:
    rc = main(list(argv))
    return rc, capsys.readouterr().out


def test_cli_ingest_search_entity_stats_export(tmp_path, db, capsys):
    recs = tmp_path / "recs.jsonl"
    recs.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in RECORDS) + "\n", encoding="utf-8")
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "extra.txt").write_text("Банк России сохранил ключевую ставку.", encoding="utf-8")

    rc, out = run(capsys, "ingest", str(recs), str(texts), "--db", db, "--no-extract", "--json", "--quiet")
    assert rc == 0 and json.loads(out) == {"added": len(RECORDS) + 1, "duplicates": 0, "failed": []}
    rc, out = run(capsys, "ingest", str(recs), str(texts), "--db", db, "--no-extract", "--json", "--quiet")
    assert json.loads(out)["duplicates"] == len(RECORDS) + 1

    rc, out = run(capsys, "stats", "--db", db, "--json")
    st = json.loads(out)
    assert {"documents", "entities", "events", "figures"} <= set(st) and st["documents"] == len(RECORDS) + 1

    rc, out = run(capsys, "search", "ставку", "--db", db, "--json")
    assert [h["id"] for h in json.loads(out)] == ["extra"]
    rc, out = run(capsys, "search", "переговоры", "--from", "2024-03-05", "--db", db)
    assert rc == 0 and "kz-talks-2" in out and "kz-talks-1" not in out

    rc, out = run(capsys, "entity", "Владимир", "Путин", "--db", db)
    assert rc == 0 and "президент — Россия" in out and "sources: kz-talks-1" in out
    rc, out = run(capsys, "entity", "Путина", "--db", db, "--json")
    assert json.loads(out)["posts"][0]["sources"][0]["id"] == "kz-talks-1"
    rc, out = run(capsys, "entity", "Никто Никакой", "--db", db)
    assert rc == 1

    rc, out = run(capsys, "events", "--type", "talks", "--db", db, "--json")
    assert max(len(s["sources"]) for s in json.loads(out)) == 2
    rc, out = run(capsys, "figures", "--item", "совместный проект", "--db", db)
    assert "150" in out and "170" in out

    rc, out = run(capsys, "export", "--format", "jsonl", "--db", db)
    lines = [json.loads(x) for x in out.splitlines()]
    assert len(lines) == len(RECORDS) + 1 and next(r for r in lines if r["id"] == "kz-talks-1") == RECORDS[0]
    rc, out = run(capsys, "export", "--format", "csv", "--table", "roles", "--db", db)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {"Владимир Путин", "президент", "Россия"} <= set(rows[0].values()) | {r["person"] for r in rows}
    brat = tmp_path / "brat"
    rc, _ = run(capsys, "export", "--format", "brat", "-o", str(brat), "--db", db)
    ann = (brat / "kz-talks-1.ann").read_text(encoding="utf-8")
    text = (brat / "kz-talks-1.txt").read_text(encoding="utf-8")
    assert text == TEXTS["kz-talks-1"][1]
    for line in ann.splitlines():
        if line.startswith("T"):
            _, span, frag = line.split("\t")
            _, a, b = span.split()
            assert text[int(a):int(b)] == frag
    assert any(line.startswith("E") and "Participants:" in line for line in ann.splitlines())


def test_cli_ingest_reports_failures(tmp_path, db, capsys):
    (tmp_path / "ok.txt").write_text("Нормальный текст новости.", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00\xff\x00\xfe" * 100)
    rc = main(["ingest", str(tmp_path), "--db", db, "--no-extract", "--quiet"])
    err = capsys.readouterr().err
    assert rc == 2 and "bad.txt" in err and "added 1" in err and "failed 1" in err


def test_cli_entity_shows_a_body_with_its_country(tmp_path, db, capsys):
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "ru.txt").write_text("Правительство России снизило пошлины на зерно.", encoding="utf-8")
    (texts / "kz.txt").write_text("Правительство Казахстана повысило пошлины на уголь.", encoding="utf-8")
    assert main(["ingest", str(texts), "--db", db, "--quiet"]) == 0
    rc, out = run(capsys, "entity", "правительство", "--all", "--db", db)
    rows = [line.split("\t") for line in out.splitlines()]
    assert rc == 0 and sorted(r[2] for r in rows) == ["Правительство · Казахстан", "Правительство · Россия"]
    kz = next(r[0] for r in rows if r[2].endswith("Казахстан"))
    rc, out = run(capsys, "entity", kz, "--db", db)
    assert out.startswith("Правительство · Казахстан  [ORG") and "1 documents" in out.splitlines()[0]

"""Decoding and reading inputs: encodings, binary files, malformed JSON Lines."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from svodka.errors import InputError
from svodka.inputs import Failure, decode_bytes, read_paths, read_stream

RU = "Премьер-министр Казахстана посетил Москву. Стороны подписали соглашение о сотрудничестве."


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251", "koi8-r", "utf-16"])
def test_decodes_russian_in_common_encodings(encoding):
    assert decode_bytes(RU.encode(encoding), "x.txt") == RU


def test_binary_is_refused_naming_the_input():
    with pytest.raises(InputError) as e:
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "pic.txt")
    assert "pic.txt" in str(e.value) and "binary" in str(e.value)


def test_txt_file_is_one_document_named_by_its_stem(tmp_path):
    p = tmp_path / "article-7.txt"
    p.write_bytes(RU.encode("cp1251"))
    [doc] = read_paths([str(p)])
    assert doc == {"id": "article-7", "text": RU}


def test_malformed_json_line_names_file_and_line_and_the_rest_goes_on(tmp_path):
    p = tmp_path / "docs.jsonl"
    lines = [json.dumps({"id": "a", "text": "Один."}), "{not json", "",
             json.dumps({"id": 3, "text": "Три.", "published": "2024-01-02"}), json.dumps(["no", "object"]),
             json.dumps({"id": "x"})]
    p.write_text("\n".join(lines), encoding="utf-8")
    out = list(read_paths([str(p)]))
    assert [x["id"] for x in out if isinstance(x, dict)] == ["a", "3"]
    fails = [x for x in out if isinstance(x, Failure)]
    assert [f.where for f in fails] == [f"{p}:2", f"{p}:5", f"{p}:6"]
    assert "malformed JSON" in fails[0].message
    assert out[2]["published"] == "2024-01-02"


def test_missing_file_is_a_failure_not_a_crash(tmp_path):
    [f] = read_paths([str(tmp_path / "nope.txt")])
    assert isinstance(f, Failure) and "nope.txt" in str(f)


def test_stdin_plain_and_jsonl():
    [doc] = read_stream(io.BytesIO(RU.encode()))
    assert doc["text"] == RU and doc["id"] is None
    docs = list(read_stream(io.BytesIO(b'{"id": "1", "text": "A"}\n{bad\n'), jsonl=True))
    assert docs[0]["id"] == "1" and isinstance(docs[1], Failure) and docs[1].where == "<stdin>:2"


# --- front matter of .txt documents: (file content, expected document or (line, message part)) ---

BODY = "Президент Казахстана прибыл в Москву 12 февраля.\n"
FRONT_MATTER = [
    # no front matter: the file is the text, named by its stem, exactly as before
    (BODY, {"id": "doc", "text": BODY}),
    ("----\n" + BODY, {"id": "doc", "text": "----\n" + BODY}),
    ("Текст\n---\ntitle: не заголовок\n---\n", {"id": "doc", "text": "Текст\n---\ntitle: не заголовок\n---\n"}),
    # front matter: meta fields, the text after the closing line (offsets count from there)
    ("---\npublished: 2024-02-12\ntitle: Визит в Москву\n---\n" + BODY,
     {"id": "doc", "published": "2024-02-12", "title": "Визит в Москву", "text": BODY}),
    ("---\nid: kz-12\nsource: Агентство\nurl: https://example.org/a?b=1:2\n---\n" + BODY,
     {"id": "kz-12", "source": "Агентство", "url": "https://example.org/a?b=1:2", "text": BODY}),
    ("---\r\npublished: 2024-02-12T09:30:00+05:00\r\n\r\ntitle:  Визит: итоги \r\n---\r\n" + BODY,
     {"id": "doc", "published": "2024-02-12T09:30:00+05:00", "title": "Визит: итоги", "text": BODY}),
    ("---\n---\n\n" + BODY, {"id": "doc", "text": "\n" + BODY}),
    ("---\npublished: 2025-01-01\n---\n", {"id": "doc", "published": "2025-01-01", "text": ""}),
    # malformed: a Failure naming the file and line
    ("---\npublished: 2024-02-12\n" + BODY, (1, "never closed")),
    ("---\npublished: 12.02.2024\n---\n" + BODY, (2, "ISO date")),
    ("---\ntitle: Визит\npublished: 2024-02-30\n---\n" + BODY, (3, "ISO date")),
    ("---\npublished: 2024-W07-1\n---\n" + BODY, (2, "ISO date")),
    ("---\npublisehd: 2024-02-12\n---\n" + BODY, (2, "unknown key 'publisehd'")),
    ("---\ntitle Визит\n---\n" + BODY, (2, "key: value")),
    ("---\ntitle: а\ntitle: б\n---\n" + BODY, (3, "twice")),
    ("---\ntitle:\n---\n" + BODY, (2, "no value")),
]


@pytest.mark.parametrize("content,expected", FRONT_MATTER)
def test_txt_front_matter(tmp_path, content, expected):
    p = tmp_path / "doc.txt"
    p.write_bytes(content.encode("utf-8"))
    [got] = read_paths([str(p)])
    if isinstance(expected, dict):
        assert got == expected
    else:
        line, part = expected
        assert isinstance(got, Failure), got
        assert got.where == f"{p}:{line}" and part in got.message


def test_front_matter_on_stdin_and_in_the_store_reader(tmp_path):
    from svodka.store.readers import read

    text = "---\npublished: 2024-02-12\ntitle: Визит\n---\n" + BODY
    [doc] = read_stream(io.BytesIO(text.encode()))
    assert doc == {"id": None, "published": "2024-02-12", "title": "Визит", "text": BODY}
    [bad] = read_stream(io.BytesIO(b"---\npublished: soon\n---\n"))
    assert isinstance(bad, Failure) and bad.where == "<stdin>:2"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text("---\ntitle: Визит\n", encoding="utf-8")
    good, failed = read([str(tmp_path)])
    assert good == {"id": "a", "published": "2024-02-12", "title": "Визит", "text": BODY}
    assert isinstance(failed, Failure) and failed.where == f"{tmp_path / 'b.txt'}:1"


def test_front_matter_offsets_count_from_the_text(tmp_path):
    import svodka

    p = tmp_path / "visit.txt"
    p.write_text("---\npublished: 2024-02-13\n---\n" + BODY, encoding="utf-8")
    [doc] = read_paths([str(p)])
    rec = svodka.extract(doc["text"], published=doc["published"], id=doc["id"]).to_dict()
    assert rec["text"] == BODY and rec["meta"]["published"] == "2024-02-13"
    [feb] = [t for t in rec["times"] if t["value"] == "2024-02-12"]  # the year: from the front matter
    assert BODY[feb["start"]:feb["stop"]] == "12 февраля"  # offsets count from the text, not the file


def test_short_koi8_is_read_right_and_the_guess_is_reported(tmp_path, capsys):
    """Two code pages tie on a short koi8-r text for the detector: word shape decides, and the
    reader is told on stderr, the file named."""
    from svodka.cli import main

    path = tmp_path / "short.txt"
    path.write_bytes("Пётр Иванов".encode("koi8-r"))
    assert main(["extract", str(path)]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["text"] == "Пётр Иванов"
    assert str(path) in err and "encoding is a guess" in err and "koi8_r" in err


@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r", "cp866"])
def test_a_clear_short_text_decodes_without_a_warning(encoding, recwarn):
    assert decode_bytes(RU.encode(encoding), "x.txt") == RU
    assert not [w for w in recwarn if "encoding" in str(w.message)]


def test_word_shape():
    from svodka.inputs.decode import word_shape

    assert word_shape("Пётр Иванов приехал в ВТБ") == 1.0
    assert word_shape("№Ѓдв щзСЮЯз") < 0.5


@given(st.binary(max_size=300), st.integers(min_value=0, max_value=40))
def test_looks_binary_counts_control_bytes(data, controls):
    """A text is binary when over 5 % of its first 8 KB are control bytes (tab, line feed, form
    feed and carriage return are not), as counted byte by byte."""
    from svodka.inputs.decode import looks_binary

    data = (data + bytes(range(1, 32)) * controls)[:8192].replace(b"\x00", b"a")
    data = data.replace(b"\xff\xfe", b"ab").replace(b"\xfe\xff", b"ab")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or not data:
        return
    bad = sum(1 for b in data if b < 32 and b not in (9, 10, 12, 13))
    assert looks_binary(data) == (bad / len(data) > 0.05)

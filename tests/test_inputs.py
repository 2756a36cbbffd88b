"""Decoding and reading inputs: encodings, binary files, malformed JSON Lines."""

from __future__ import annotations

import io
import json

import pytest

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

"""The start-up cache: built once, read back, rebuilt when the key changes or it is corrupt."""

from __future__ import annotations

from svodka import diskcache


def test_cache_builds_once_and_rebuilds_on_new_key_or_damage(tmp_path, monkeypatch):
    monkeypatch.setenv("SVODKA_CACHE", str(tmp_path))
    calls = []

    def build():
        calls.append(1)
        return {"forms": [1, 2, 3]}

    assert diskcache.cached("x", "k1", build) == {"forms": [1, 2, 3]}
    assert diskcache.cached("x", "k1", build) == {"forms": [1, 2, 3]}
    assert len(calls) == 1
    diskcache.cached("x", "k2", build)
    assert len(calls) == 2
    (tmp_path / "x-k2.pickle").write_bytes(b"not a pickle")
    assert diskcache.cached("x", "k2", build) == {"forms": [1, 2, 3]}
    assert len(calls) == 3


def test_lexicon_key_follows_the_files():
    a = diskcache.lexicon_key("countries")
    assert a == diskcache.lexicon_key("countries")
    assert a != diskcache.lexicon_key("countries", "organisations")


def test_gazetteer_from_cache_equals_a_fresh_build(tmp_path, monkeypatch):
    from svodka.names import gazetteer

    monkeypatch.setenv("SVODKA_CACHE", str(tmp_path))
    fresh = gazetteer._build_forms()
    key = diskcache.lexicon_key("countries", "organisations")
    diskcache.cached("gazetteer", key, lambda: fresh)
    again = diskcache.cached("gazetteer", key, lambda: None)
    assert again == fresh and len(again) > 200

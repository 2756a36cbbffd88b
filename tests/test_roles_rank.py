"""The roles ranker (svodka/roles_rank.py): its weights ship in the package, it is
deterministic, it gives a post to the right holder, and `make train` rebuilds the same file."""

from __future__ import annotations

import json
from importlib import resources

import numpy as np
import pytest

import svodka
from svodka import roles_rank


def _roles(nlp, text: str) -> dict[str, list[str]]:
    doc = nlp(text)
    return {e.name: sorted(r.title for r in e.roles) for e in doc.entities if e.type == "PER"}


def test_weights_ship_in_the_package():
    path = resources.files("svodka") / roles_rank.WEIGHTS
    d = json.loads(path.read_text(encoding="utf-8"))
    assert d["features"] == roles_rank.feature_names()
    assert len(d["coef"]) == len(d["features"]) + d["vector_dim"] == len(d["mean"]) == len(d["scale"])
    assert 0.0 < d["threshold"] < 1.0
    assert roles_rank.model() is not None


def test_scores_are_deterministic(nlp):
    text = "Директор завода Андрей Савельев и главный инженер Ольга Миронова открыли новый цех."
    doc = nlp(text)
    idx = roles_rank._Index(doc)
    cands, _ = roles_rank.candidates(doc, idx)
    assert cands
    roles_rank.featurize(doc, cands, idx)
    X = np.stack([c.features for c in cands])
    m = roles_rank.model()
    assert np.array_equal(m.scores(X), m.scores(X.copy()))
    assert _roles(nlp, text) == _roles(nlp, text)


@pytest.mark.parametrize(
    ("text", "holder", "head", "not_holder"),
    [
        # the post after a dash that follows the name
        ("На форуме выступили Игорь Лаптев — директор областного музея, и Павел Зуев.",
         "Игорь Лаптев", "директор", "Павел Зуев"),
        # two posts and two names in one sentence: each post to the name right after it
        ("Тренер команды Степан Горелов и капитан Денис Рябов ответили на вопросы.",
         "Денис Рябов", "капитан", "Степан Горелов"),
    ],
)
def test_post_goes_to_its_holder(nlp, text, holder, head, not_holder):
    roles = _roles(nlp, text)
    assert any(t.split()[0] == head for t in roles.get(holder, [])), roles
    assert not any(t.split()[0] == head for t in roles.get(not_holder, [])), roles


def test_a_genitive_name_after_the_post_is_not_its_holder(nlp):
    # «помощник Олега Ковалёва»: whose assistant; the holder is the name after the chain
    doc = nlp("Помощник Олега Ковалёва Марина Титова передала журналистам документы.")
    idx = roles_rank._Index(doc)
    cands, _ = roles_rank.candidates(doc, idx)
    roles_rank.featurize(doc, cands, idx)
    scores = roles_rank.model().scores(np.stack([c.features for c in cands]))
    by_name = {c.entity.name: s for c, s in zip(cands, scores) if c.head.lemma == "помощник"}
    assert by_name["Марина Титова"] > by_name.get("Олег Ковалёв", 0.0)
    assert not any(r.title.startswith("помощник") for e in doc.entities if e.name == "Олег Ковалёв"
                   for r in e.roles)


def test_an_adjective_read_as_a_noun_is_no_post(nlp):
    # «рабочий» has a noun parse, but here it is the adjective of «визит»
    roles = _roles(nlp, "Вчера Геннадий Орлов совершил рабочий визит в Тверь.")
    assert not any("рабочий" in t for ts in roles.values() for t in ts), roles


def test_disabled_leaves_the_rules_proposals(nlp):
    text = "Игорь Лаптев — директор областного музея."
    with roles_rank.disabled():
        before = _roles(nlp, text)
    after = _roles(nlp, text)
    assert "директор" not in " ".join(before.get("Игорь Лаптев", [])) or before == after
    assert any(t.startswith("директор") for t in after.get("Игорь Лаптев", []))


@pytest.mark.slow
def test_make_train_reproduces_the_weights(shared, tmp_path):
    from bench import train_roles

    out = tmp_path / "roles_rank.json"
    train_roles.main(["--data", str(shared / "data"), "--out", str(out)])
    shipped = (resources.files("svodka") / roles_rank.WEIGHTS).read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == shipped


def test_pipeline_without_weights_is_the_rules(monkeypatch, nlp):
    text = "Министр финансов Олег Юрьев выступил в Думе."
    monkeypatch.setattr(roles_rank, "model", lambda: None)
    assert svodka.extract(text).to_dict()["entities"]  # runs; the rules alone give the roles

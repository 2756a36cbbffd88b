"""Model loading: once per process, lazily, from files that ship inside pip packages.

The navec embeddings and the slovnet NER and syntax weights come with the `natasha` package;
pymorphy3 brings its dictionaries. Nothing is fetched from the network.
"""

from __future__ import annotations

import threading
from functools import cache
from importlib import resources

_lock = threading.Lock()

NAVEC = "emb/navec_news_v1_1B_250K_300d_100q.tar"
NER = "model/slovnet_ner_news_v1.tar"
SYNTAX = "model/slovnet_syntax_news_v1.tar"
MORPH = "model/slovnet_morph_news_v1.tar"


def _natasha_data(name: str) -> str:
    return str(resources.files("natasha") / "data" / name)


@cache
def navec():
    from navec import Navec

    with _lock:
        return Navec.load(_natasha_data(NAVEC))


@cache
def ner():
    from slovnet import NER as SlovnetNER

    with _lock:
        model = SlovnetNER.load(_natasha_data(NER), batch_size=32)
    return model.navec(navec())


@cache
def syntax():
    from slovnet import Syntax

    with _lock:
        model = Syntax.load(_natasha_data(SYNTAX), batch_size=32)
    return model.navec(navec())


@cache
def morph():
    """pymorphy3's analyser (dictionaries from pymorphy3-dicts-ru)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer()

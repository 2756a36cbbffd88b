"""Bytes to text: UTF-8 first, then the Cyrillic legacy encodings found by charset-normalizer.

A file that looks binary (NUL bytes, many control characters) is refused rather than decoded
into garbage.
"""

from __future__ import annotations

import re
import warnings

from ..errors import InputError

# Legacy encodings Russian news archives actually use; detection is limited to them so that
# short cp1251 texts are not taken for some other single-byte code page.
CYRILLIC = ("cp1251", "koi8_r", "cp866", "mac_cyrillic", "iso8859_5", "utf_16")
_CONTROL = bytes(sorted(set(range(0, 32)) - {9, 10, 12, 13}))


def looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if not head:
        return False
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 with BOM
    if b"\x00" in head:
        return True
    bad = len(head) - len(head.translate(None, _CONTROL))  # the control bytes, counted in C
    return bad / len(head) > 0.05


def decode_bytes(data: bytes, where: str) -> str:
    """Decode a document's bytes, or raise InputError naming `where`."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if looks_binary(data):
        raise InputError(where, "looks like a binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    found = list(from_bytes(data, cp_isolation=list(CYRILLIC)))
    if not found:
        raise InputError(where, "not UTF-8, and no Cyrillic encoding (cp1251, koi8-r, ...) fits")
    if len(data) >= SHORT:
        return str(found[0])
    # A short text gives the detector little to go on (two code pages tie on «Пётр Иванов»):
    # the candidates are ranked by how Russian their words look, and the reader is told.
    texts: dict[str, str] = {}
    for enc in dict.fromkeys([*(m.encoding for m in found), *SINGLE_BYTE]):
        try:
            texts.setdefault(data.decode(enc), enc)
        except (UnicodeDecodeError, LookupError):
            continue
    ranked = sorted(texts, key=word_shape, reverse=True)
    text = ranked[0]
    rivals = [t for t in ranked[1:] if word_shape(t) >= 0.9 * word_shape(text)]
    # the detector's first choice tied with another, and word shape chose otherwise
    tied = (len(found) > 1 and (found[0].chaos, found[0].coherence) == (found[1].chaos, found[1].coherence)
            and found[0].encoding != texts[text])
    if rivals or tied or word_shape(text) < 0.8:
        also = ", ".join(texts[t] for t in rivals) or found[0].encoding
        warnings.warn(EncodingGuess(
            f"{where}: a short text not in UTF-8, and its encoding is a guess: read as {texts[text]}"
            + (f" (it could also be {also})" if also else "")
            + f", giving «{text[:40]}»; save the file as UTF-8 to be sure"), stacklevel=2)
    return text


# texts shorter than this (bytes) are decoded by word shape (see decode_bytes)
SHORT = 400
# single-byte code pages of CYRILLIC
SINGLE_BYTE = tuple(e for e in CYRILLIC if not e.startswith("utf"))
_RUN = re.compile(r"[^\W\d_]+")
_RU_WORD = re.compile(r"^(?:[А-ЯЁ]?[а-яё]+|[А-ЯЁ]+)$")


def word_shape(text: str) -> float:
    """The share of the letters that stand in well-formed Russian words (all lowercase, one
    capital first, or all capitals); a wrong code page mixes cases and strays out of the
    alphabet («№Ѓдв щзСЮЯз»). Latin words count as well-formed."""
    good = total = 0
    for w in _RUN.findall(text):
        total += len(w)
        if w.isascii() or _RU_WORD.match(w):
            good += len(w)
    stray = sum(1 for c in text if not c.isascii() and not c.isalpha() and c not in "«»—–…„“”№")
    return good / (total + stray) if total else 0.0


class EncodingGuess(UserWarning):
    """A document's encoding was guessed on too little text (the message names the input)."""

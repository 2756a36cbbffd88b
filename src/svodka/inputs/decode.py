"""Bytes to text: UTF-8 first, then the Cyrillic legacy encodings found by charset-normalizer.

A file that looks binary (NUL bytes, many control characters) is refused rather than decoded
into garbage.
"""

from __future__ import annotations

from ..errors import InputError

# Legacy encodings Russian news archives actually use; detection is limited to them so that
# short cp1251 texts are not taken for some other single-byte code page.
CYRILLIC = ("cp1251", "koi8_r", "cp866", "mac_cyrillic", "iso8859_5", "utf_16")
_CONTROL = set(range(0, 32)) - {9, 10, 12, 13}


def looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if not head:
        return False
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 with BOM
    if b"\x00" in head:
        return True
    bad = sum(1 for b in head if b in _CONTROL)
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
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(CYRILLIC)).best()
    if best is None:
        raise InputError(where, "not UTF-8, and no Cyrillic encoding (cp1251, koi8-r, ...) fits")
    return str(best)

"""Reading documents from files and streams: decoding, formats, and errors that name the input."""

from .decode import decode_bytes
from .readers import Failure, read_paths, read_stream

__all__ = ["Failure", "decode_bytes", "read_paths", "read_stream"]

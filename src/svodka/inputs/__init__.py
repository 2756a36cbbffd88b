"""Reading documents from files and streams: decoding, formats, and errors that name the input."""

from .decode import decode_bytes
from .published import check_published
from .readers import Failure, read_paths, read_stream

__all__ = ["Failure", "check_published", "decode_bytes", "read_paths", "read_stream"]

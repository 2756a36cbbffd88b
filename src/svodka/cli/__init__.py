"""The `svodka` command. Each subcommand is a module here with `add_parser` and `run`."""

from __future__ import annotations

import argparse
import sys
from importlib import import_module

from .. import __version__

# subcommand name -> module in this package
COMMANDS = {
    "extract": "extract",
    "serve": "serve",
    # the corpus store (svodka.store)
    "ingest": "ingest",
    "search": "search",
    "entity": "entity",
    "pair": "pair",
    "events": "events",
    "figures": "figures",
    "stats": "stats",
    "export": "export",
    # archives at scale on Ray (svodka.batch), and their output into the store
    "batch": "batch",
    "load": "load",
}


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="svodka", description="Structured facts from Russian-language news.")
    ap.add_argument("--version", action="version", version=f"svodka {__version__}")
    sub = ap.add_subparsers(dest="command", metavar="COMMAND")
    for name, module in COMMANDS.items():
        mod = import_module(f"{__name__}.{module}")
        p = mod.add_parser(sub, name)
        p.set_defaults(run=mod.run)
    return ap


def _show_input_warnings() -> None:
    """Warnings about inputs (an encoding guessed on a short text) as `svodka: FILE: ...` lines,
    every one of them (each names its file)."""
    import warnings

    from ..inputs.decode import EncodingGuess

    plain = warnings.showwarning
    if getattr(plain, "svodka", False):  # installed by an earlier main() in this process
        warnings.simplefilter("always", EncodingGuess)
        return

    def show(message, category, filename, lineno, file=None, line=None):
        if issubclass(category, EncodingGuess):
            print(f"svodka: {message}", file=file or sys.stderr)
        else:
            plain(message, category, filename, lineno, file, line)

    show.svodka = True
    warnings.showwarning = show
    warnings.simplefilter("always", EncodingGuess)


def main(argv: list[str] | None = None) -> int:
    ap = build_parser()
    args = ap.parse_args(argv)
    _show_input_warnings()
    if not getattr(args, "run", None):
        ap.print_help(sys.stderr)
        return 2
    try:
        return int(args.run(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0

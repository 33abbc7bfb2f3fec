"""The ``sinoties`` command: build, serve, evaluate.

Exit codes: 0 when the command completed (a build with unreadable inputs still completed: they are rows with a
status); 2 with one line on stderr for usage errors (missing path, bad option); 1 with one line for a failure
of the run itself (output folder not writable, disk full). No traceback reaches the user.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from . import __version__, paths

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (and exit 2), not a usage block."""

    def error(self, message: str):  # noqa: D401 - argparse's name
        raise UsageError(f"{self.prog}: {message} (see {self.prog} --help)")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="sinoties",
        description="Turn piles of news articles on China's economic ties into tidy tables and a dashboard.",
    )
    parser.add_argument("--version", action="version", version=f"sinoties {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    build = commands.add_parser(
        "build",
        help="read articles and write the tables",
        description=(
            "Read articles (files or folders of .txt .md .html .json .jsonl .csv .tsv .zip) and write the tables "
            "articles, events, event_sources, partners, sectors and amounts into DIR as Parquet. Re-running on "
            "the same DIR is incremental. Exit 0 when the run completed, even if some inputs were unreadable "
            "(they are rows with a status); 2 for usage errors; 1 when the tables could not be written."
        ),
    )
    build.add_argument("inputs", nargs="+", metavar="INPUT",
                       help="a file or folder of articles (with --engine dask, also an fsspec URL: s3://bucket/dir)")
    build.add_argument("--out", required=True, metavar="DIR",
                       help="folder for the tables (with --engine dask, also an fsspec URL: s3://bucket/tables)")
    build.add_argument("--workers", type=_positive_int, default=1, metavar="N",
                       help="processes on this machine (default 1)")
    build.add_argument("--engine", choices=("local", "dask"), default="local", help="where to run (default local)")
    build.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler address, with --engine dask")
    build.add_argument("--online-geocoding", action="store_true",
                       help="ask an online geocoder (Nominatim) for places the offline gazetteer lacks; cached")
    build.add_argument("--geocoder-user-agent", metavar="UA", default=None,
                       help="user agent sent to the online geocoder (default: sinoties/VERSION)")
    build.add_argument("--quiet", action="store_true", help="no progress bar and no summary line")

    serve = commands.add_parser(
        "serve",
        help="start the dashboard",
        description=(
            "Start the Streamlit dashboard over the tables in DIR (default: the tables built from the embedded "
            "sample corpus, built on first start if missing). Listens on 127.0.0.1 only."
        ),
    )
    serve.add_argument("--data", type=Path, metavar="DIR", default=None, help="folder of tables")
    serve.add_argument("--port", type=_port, default=8501, metavar="P", help="port (default 8501)")

    evaluate = commands.add_parser(
        "evaluate",
        help="score extraction against a gold file",
        description=(
            "Score extraction against a gold JSONL file: per-field precision, recall and F1 and on-topic "
            "accuracy. Builds the tables from the gold file's texts unless --tables is given."
        ),
    )
    evaluate.add_argument("--gold", required=True, type=Path, metavar="FILE", help="gold JSONL file")
    evaluate.add_argument("--tables", type=Path, metavar="DIR", help="score these tables instead of building")
    evaluate.add_argument("--json", action="store_true", help="print the scores as JSON")
    evaluate.add_argument("--errors", type=Path, metavar="FILE",
                          help="also write every per-article miss (gold id, field, missed, extra) to FILE as JSONL")
    return parser


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more: {value}")
    return value


def _port(text: str) -> int:
    value = _positive_int(text)
    if value > 65535:
        raise argparse.ArgumentTypeError(f"not a port: {value}")
    return value


def main(argv: list[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
        if args.command is None:
            _parser().print_help()
            return EXIT_USAGE
        return {"build": _build, "serve": _serve, "evaluate": _evaluate}[args.command](args)
    except UsageError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("sinoties: interrupted; the previous tables are intact", file=sys.stderr)
        return 130
    except OSError as exc:
        from .io import OutputBusy  # imported here only: io loads pyarrow, and --help should stay quick

        if isinstance(exc, OutputBusy):  # issue 8: two builds into one folder
            print(f"sinoties: {exc.strerror}; try again when it has finished", file=sys.stderr)
            return EXIT_FAILED
        where = f": {exc.filename}" if exc.filename else ""
        print(f"sinoties: cannot write the tables ({exc.strerror or exc}{where})", file=sys.stderr)
        return EXIT_FAILED
    except Exception as exc:  # noqa: BLE001 - issue 8: the promise above is "no traceback reaches the user"
        if os.environ.get("SINOTIES_DEBUG"):
            raise
        print(f"sinoties: the run failed: {type(exc).__name__}: {exc} (a bug; SINOTIES_DEBUG=1 shows where)"[:500],
              file=sys.stderr)
        return EXIT_FAILED


def _build(args: argparse.Namespace) -> int:
    from . import pipeline

    from . import engines

    urls = [p for p in [*args.inputs, args.out] if engines.is_url(p)]
    if urls and args.engine != "dask":
        raise UsageError(f"sinoties build: URLs need --engine dask: {', '.join(urls)}")
    inputs = [p if engines.is_url(p) else Path(p) for p in args.inputs]
    missing = [str(p) for p in inputs if isinstance(p, Path) and not p.exists() and not p.is_symlink()]
    if missing:
        raise UsageError(f"sinoties build: no such file or folder: {', '.join(missing)}")
    if args.engine == "dask" and not args.scheduler:
        raise UsageError("sinoties build: --engine dask needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)")
    if args.scheduler and args.engine != "dask":
        raise UsageError("sinoties build: --scheduler goes with --engine dask")
    out = args.out if engines.is_url(args.out) else Path(args.out)
    if isinstance(out, Path) and out.exists() and not out.is_dir():
        raise UsageError(f"sinoties build: --out is a file, not a folder: {out}")
    engine = None
    if args.engine == "dask":
        try:
            engine = engines.Dask(args.scheduler)
        except Exception as exc:  # noqa: BLE001 - no scheduler there, or distributed not installed: one line
            print(f"sinoties build: cannot use the Dask scheduler at {args.scheduler}: {exc}"[:500], file=sys.stderr)
            return EXIT_FAILED
    try:
        summary = pipeline.build(
            inputs, out, workers=args.workers, online_geocoding=args.online_geocoding,
            geocoder_user_agent=args.geocoder_user_agent, quiet=args.quiet, engine=engine,
        )
    finally:
        if engine is not None:
            engine.close()
    if not args.quiet:
        print(f"{summary.line()}; {summary.n_events:,} events; "
              f"{summary.n_extracted:,} extracted, {summary.n_cached:,} from cache; "
              f"{summary.seconds:.1f} s -> {args.out}")
    _prepare_dashboard(args.out, summary.n_events, quiet=args.quiet, spliced=summary.appended)
    return EXIT_OK


DASHBOARD_INDEX_MIN_EVENTS = 20_000  # smaller builds load in the dashboard in well under a second


def _prepare_dashboard(out: Path, n_events: int, quiet: bool, spliced: bool = False) -> None:
    """Save the dashboard's index beside a large build, so the first `serve` after it starts in about a second
    instead of spending a minute at a million events. Never required: a failure only costs that minute later.

    Not after a re-run that spliced a few new files in (issue 7): that re-run takes seconds, and building the index
    would take as long as after a full build (it is made from all the events), so it is left to the dashboard's
    first start, which builds it and saves it for the starts after (dashboard.data.open_store)."""
    if n_events < DASHBOARD_INDEX_MIN_EVENTS or "://" in str(out):
        return
    if spliced:
        if not quiet:
            print("the dashboard index is built at the dashboard's next start (new files were spliced in)",
                  file=sys.stderr)
        return
    if not quiet:
        print(f"preparing the dashboard index for {n_events:,} events ...", file=sys.stderr)
    try:
        from dashboard import data  # imported here: it pulls in streamlit, which small builds need not load

        data.prepare(out)
    except Exception as exc:  # noqa: BLE001 - the index is an optimisation; the build itself has succeeded
        print(f"sinoties: the dashboard index was not saved ({exc}); the dashboard will build it at start",
              file=sys.stderr)


def ensure_sample_tables(quiet: bool = True) -> Path:
    """The sample corpus's tables, built when missing (the dashboard's default data)."""
    from . import io, pipeline

    out = paths.SAMPLE_TABLES_DIR
    if not (io.tables_dir(out) / "events.parquet").exists():
        if not quiet:
            print(f"building the sample tables from {paths.SAMPLE_ARTICLES_DIR} ...", file=sys.stderr)
        pipeline.build([paths.SAMPLE_ARTICLES_DIR], out, quiet=True)
    return out


def _serve(args: argparse.Namespace) -> int:
    data = args.data
    if data is None:
        data = ensure_sample_tables(quiet=False)
    elif not data.is_dir():
        raise UsageError(f"sinoties serve: no such folder of tables: {data}")
    app = paths.REPO_ROOT / "dashboard" / "app.py"
    env = dict(os.environ, SINOTIES_DATA=str(Path(data).resolve()))
    command = [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(args.port)]
    print(f"sinoties dashboard on http://localhost:{args.port} (Ctrl+C to stop)", file=sys.stderr)
    return subprocess.call(command, env=env, cwd=paths.REPO_ROOT)


def _evaluate(args: argparse.Namespace) -> int:
    from . import evaluate

    if not args.gold.is_file():
        raise UsageError(f"sinoties evaluate: no such gold file: {args.gold}")
    if args.tables is not None and not args.tables.is_dir():
        raise UsageError(f"sinoties evaluate: no such folder of tables: {args.tables}")
    try:
        report = evaluate.run(args.gold, args.tables)
    except ValueError as exc:  # a malformed gold file
        raise UsageError(f"sinoties evaluate: {exc}") from None
    print(report.to_json() if args.json else report.to_text())
    if args.errors:
        args.errors.write_text("".join(json.dumps(e, ensure_ascii=False, default=str) + "\n" for e in report.errors),
                               encoding="utf-8")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())

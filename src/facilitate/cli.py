"""The `facilitate` command: the TUI by default, and scriptable commands beside it."""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
from collections.abc import Sequence
from datetime import date as date_cls
from pathlib import Path
from typing import Any, NoReturn

from facilitate import __version__
from facilitate.i18n import LANGS, argparse_language, default_lang, nt, pick, t
from facilitate.paths import (
    find_session,
    formats_dir,
    session_folder_name,
    sessions_dir,
)
from facilitate.session_formats import Format, FormatError, find_formats, load_format

EXIT_BAD_INPUT = 2
build_parser_defaults = {"to": "md,html,odt,docx,pdf,csv,json,decidim"}


class CliError(Exception):
    """Bad input: one clear line on stderr, exit status 2."""


def fail(message: str) -> NoReturn:
    raise CliError(message)


def build_parser(lang: str = "en") -> argparse.ArgumentParser:
    """The command line, its help in `lang` (argparse's own words too: `argparse_language`)."""

    def tr(key: str, **values: object) -> str:
        return t(key, lang, **values)

    parser = argparse.ArgumentParser(prog="facilitate", description=tr("cli.help.description"))
    parser.add_argument(
        "--version",
        action="version",
        version=f"facilitate {__version__}",
        help=tr("cli.help.version"),
    )
    parser.add_argument(
        "--sessions-dir", metavar=tr("cli.help.folder_metavar"), help=tr("cli.help.sessions_dir")
    )
    parser.add_argument("--lang", choices=LANGS, help=tr("cli.help.lang"))
    sub = parser.add_subparsers(dest="command", metavar=tr("cli.help.command"))

    p = sub.add_parser("demo", help=tr("cli.help.demo"), description=tr("cli.help.demo"))
    p.add_argument("--no-open", action="store_true", help=tr("cli.help.demo_no_open"))

    sub.add_parser("formats", help=tr("cli.help.formats"), description=tr("cli.help.formats"))
    p = sub.add_parser(
        "check-format", help=tr("cli.help.check_format"), description=tr("cli.help.check_format")
    )
    p.add_argument(
        "file", metavar=tr("cli.help.file_metavar"), help=tr("cli.help.check_format_file")
    )

    p = sub.add_parser("new", help=tr("cli.help.new"), description=tr("cli.help.new"))
    p.add_argument("title", metavar=tr("cli.help.new_title_metavar"), help=tr("cli.help.new_title"))
    p.add_argument(
        "--format",
        required=True,
        dest="format_id",
        metavar=tr("cli.help.new_format_metavar"),
        help=tr("cli.help.new_format"),
    )
    p.add_argument("--date", metavar=tr("cli.help.date_metavar"), help=tr("cli.help.new_date"))
    p.add_argument(
        "--venue", default="", metavar=tr("cli.help.venue_metavar"), help=tr("cli.help.new_venue")
    )
    p.add_argument(
        "--content-lang",
        choices=("fr", "en"),
        default="fr",
        help=tr("cli.help.new_content_lang"),
    )

    sub.add_parser("list", help=tr("cli.help.list"), description=tr("cli.help.list"))

    p = sub.add_parser(
        "participants", help=tr("cli.help.participants"), description=tr("cli.help.participants")
    )
    psub = p.add_subparsers(dest="action", metavar=tr("cli.help.action"), required=True)
    pi = psub.add_parser(
        "import",
        help=tr("cli.help.participants_import"),
        description=tr("cli.help.participants_import"),
    )
    pi.add_argument("session", metavar=tr("cli.help.session_metavar"), help=tr("cli.help.session"))
    pi.add_argument(
        "file", metavar=tr("cli.help.file_metavar"), help=tr("cli.help.participants_file")
    )
    pi.add_argument("--dry-run", action="store_true", help=tr("cli.help.participants_dry_run"))

    p = sub.add_parser(
        "rotation", help=tr("cli.help.rotation"), description=tr("cli.help.rotation")
    )
    rsub = p.add_subparsers(dest="action", metavar=tr("cli.help.action"), required=True)
    rs = rsub.add_parser(
        "solve", help=tr("cli.help.rotation_solve"), description=tr("cli.help.rotation_solve")
    )
    rs.add_argument(
        "instance", metavar=tr("cli.help.instance_metavar"), help=tr("cli.help.instance")
    )
    rs.add_argument(
        "--seconds",
        type=float,
        default=10.0,
        metavar=tr("cli.help.seconds_metavar"),
        help=tr("cli.help.seconds", default=10),
    )
    rs.add_argument(
        "--seed", type=int, default=0, metavar=tr("cli.help.seed_metavar"), help=tr("cli.help.seed")
    )
    rs.add_argument(
        "--iterations",
        type=int,
        default=None,
        metavar=tr("cli.help.iterations_metavar"),
        help=tr("cli.help.iterations"),
    )
    rs.add_argument("--spread-first", action="store_true", help=tr("cli.help.spread_first"))

    p = sub.add_parser("agenda", help=tr("cli.help.agenda"), description=tr("cli.help.agenda"))
    asub = p.add_subparsers(dest="action", metavar=tr("cli.help.action"), required=True)
    ag = asub.add_parser(
        "solve", help=tr("cli.help.agenda_solve"), description=tr("cli.help.agenda_solve")
    )
    ag.add_argument(
        "instance", metavar=tr("cli.help.instance_metavar"), help=tr("cli.help.instance")
    )
    ag.add_argument(
        "--seconds",
        type=float,
        default=2.0,
        metavar=tr("cli.help.seconds_metavar"),
        help=tr("cli.help.seconds", default=2),
    )
    ag.add_argument(
        "--seed", type=int, default=0, metavar=tr("cli.help.seed_metavar"), help=tr("cli.help.seed")
    )

    p = sub.add_parser("serve", help=tr("cli.help.serve"), description=tr("cli.help.serve"))
    p.add_argument("session", metavar=tr("cli.help.session_metavar"), help=tr("cli.help.session"))
    p.add_argument(
        "--port",
        type=int,
        default=8765,
        metavar=tr("cli.help.port_metavar"),
        help=tr("cli.help.serve_port"),
    )
    p.add_argument("--lan", action="store_true", help=tr("cli.help.serve_lan"))

    p = sub.add_parser("cards", help=tr("cli.help.cards"), description=tr("cli.help.cards"))
    p.add_argument("session", metavar=tr("cli.help.session_metavar"), help=tr("cli.help.session"))
    p.add_argument("--out", metavar=tr("cli.help.folder_metavar"), help=tr("cli.help.cards_out"))
    p.add_argument(
        "--base-url", metavar=tr("cli.help.url_metavar"), help=tr("cli.help.cards_base_url")
    )

    p = sub.add_parser("export", help=tr("cli.help.export"), description=tr("cli.help.export"))
    p.add_argument(
        "session",
        nargs="+",
        metavar=tr("cli.help.session_metavar"),
        help=tr("cli.help.export_session"),
    )
    p.add_argument(
        "--to",
        default=build_parser_defaults["to"],
        metavar=tr("cli.help.formats_metavar"),
        help=tr("cli.help.export_to"),
    )
    p.add_argument("--out", metavar=tr("cli.help.folder_metavar"), help=tr("cli.help.export_out"))
    p.add_argument("--anonymise", action="store_true", help=tr("cli.help.export_anonymise"))
    p.add_argument("--series", action="store_true", help=tr("cli.help.export_series"))
    p.add_argument(
        "--decidim-lang",
        metavar=tr("cli.help.lang_metavar"),
        help=tr("cli.help.export_decidim_lang"),
    )
    p.add_argument(
        "--decidim-details", action="store_true", help=tr("cli.help.export_decidim_details")
    )
    p.add_argument(
        "--decidim-scopes",
        metavar=tr("cli.help.file_upper_metavar"),
        help=tr("cli.help.export_decidim_scopes"),
    )

    p = sub.add_parser("restore", help=tr("cli.help.restore"), description=tr("cli.help.restore"))
    p.add_argument("session", metavar=tr("cli.help.session_metavar"), help=tr("cli.help.session"))
    return parser


# -- helpers ------------------------------------------------------------------------------------


def _base(args: argparse.Namespace) -> Path:
    return sessions_dir(args.sessions_dir)


def _session_folder(args: argparse.Namespace, name: str, lang: str) -> Path:
    base = _base(args)
    folder = find_session(name, base)
    if folder is None:
        fail(t("cli.unknown_session", lang, name=name, dir=base))
    return folder


def _read_instance(source: str, lang: str) -> Any:
    """The instance JSON of a file or stdin, refused in one line when it is too large (never
    read past the limit), not UTF-8, not JSON, nested too deeply or holds a huge integer."""
    from facilitate.planning.limits import MAX_INSTANCE_BYTES

    limit = MAX_INSTANCE_BYTES
    try:
        if source == "-":
            stream = getattr(sys.stdin, "buffer", sys.stdin)
            raw: bytes | str = stream.read(limit + 1)
        else:
            with open(source, "rb") as fh:
                raw = fh.read(limit + 1)
    except OSError as exc:
        fail(t("cli.unreadable", lang, path=source, why=exc.strerror or exc))
    if len(raw) > limit:
        fail(t("planning.too_large", lang, path=source, mb=limit // (1024 * 1024)))
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError:
        fail(t("cli.not_utf8", lang, path=source))
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        fail(t("cli.bad_json", lang, path=source, line=exc.lineno, why=exc.msg))
    except RecursionError:
        fail(t("planning.too_deep", lang, path=source))
    except ValueError:
        # an integer past Python's limit on digits (4,300): json gives no line for it
        fail(t("planning.huge_number", lang, path=source, digits=sys.get_int_max_str_digits()))


def open_service(folder: Path, lang: str) -> Any:
    """Open a session for writing, turning store refusals into one clear line."""
    from facilitate.service.opening import OpenRefused, open_session

    try:
        return open_session(folder, lang=lang)
    except OpenRefused as exc:
        fail(str(exc))


# -- commands -----------------------------------------------------------------------------------


def cmd_formats(args: argparse.Namespace, lang: str) -> int:
    """Shipped formats and the user's own (marked); a damaged file is one line on stderr."""
    folder = formats_dir(args.sessions_dir)
    shelf = find_formats(folder)
    for fmt in shelf.formats.values():
        steps = ", ".join(f"{s.id} ({s.kind}, {s.minutes} min)" for s in fmt.steps)
        count = nt("cli.n_steps", len(fmt.steps), lang)
        about = t("cli.format_line", lang, steps=count, minutes=fmt.minutes, detail=steps)
        line = f"{fmt.id}\t{pick(fmt.name, lang)}\t{about}"
        if fmt.id in shelf.own:
            mark = "replaces" if fmt.id in shelf.replaced else "own"
            line += "\t" + t(f"tui.formats.{mark}", lang, path=fmt.path)
        print(line)
    print("# " + t("tui.formats.folder", lang, path=folder))
    for problem in shelf.problems:
        message = t("tui.formats.left_out", lang, message=problem.message(lang))
        print(f"facilitate: {message}", file=sys.stderr)
    return 0


def _chosen_format(args: argparse.Namespace, lang: str) -> Format:
    """`--format`: a format file's path, else an id among the shipped and the user's formats."""
    wanted = args.format_id
    path = Path(wanted)
    if wanted.endswith(".toml") or path.is_file() or "/" in wanted or "\\" in wanted:
        try:
            return load_format(path)
        except FormatError as exc:
            fail(exc.message(lang))
    shelf = find_formats(formats_dir(args.sessions_dir))
    if wanted in shelf.formats:
        return shelf.formats[wanted]
    for problem in shelf.problems:  # the user's file of that name is damaged: say why
        if Path(problem.path).stem == wanted:
            fail(problem.message(lang))
    fail(t("cli.unknown_format", lang, id=wanted, known=", ".join(shelf.formats)))


def cmd_check_format(args: argparse.Namespace, lang: str) -> int:
    try:
        fmt = load_format(args.file)
    except FormatError as exc:
        fail(exc.message(lang))
    steps = nt("cli.n_steps", len(fmt.steps), lang)
    print(t("cli.format_ok", lang, path=args.file, id=fmt.id, steps=steps))
    return 0


def _check_date(value: str | None, lang: str) -> str:
    if value is None:
        return date_cls.today().isoformat()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        fail(t("cli.bad_date", lang, value=value))
    try:
        date_cls.fromisoformat(value)
    except ValueError:
        fail(t("cli.bad_date", lang, value=value))
    return value


def cmd_new(args: argparse.Namespace, lang: str) -> int:
    from facilitate.service import SessionService, session_doc

    when = _check_date(args.date, lang)
    fmt = _chosen_format(args, lang)
    if not args.title.strip():
        fail(t("cli.empty_title", lang))
    info = session_doc(fmt, title=args.title, date=when, venue=args.venue, lang=args.content_lang)
    folder = _base(args) / session_folder_name(when, args.title)
    if (folder / "session.json").exists():
        fail(t("cli.exists", lang, path=folder))
    SessionService.create(folder, info).close()
    print(folder)
    return 0


def cmd_list(args: argparse.Namespace, lang: str) -> int:
    from facilitate.service import list_sessions

    entries = list_sessions(_base(args), lang=lang)
    if not entries:
        print(t("cli.no_sessions", lang, dir=_base(args)))
        return 0
    for entry in entries:
        info = entry.info
        if info is None:
            print(f"{entry.folder.name}\t!! {entry.problem}")
            continue
        print(
            f"{entry.folder.name}\t{info.title}\t{info.format_id}\t{info.date}\t{info.venue}\t"
            + nt("cli.n_participants", entry.people, lang)
        )
    return 0


def io_text(exc: OSError, lang: str, *, reading: bool = False) -> str:
    """One line for a failed read or write: the file and the reason in the user's words."""
    import errno

    reasons = {
        errno.EROFS: "io.read_only",
        errno.EACCES: "io.permission",
        errno.EPERM: "io.permission",
        errno.ENOSPC: "io.disk_full",
        errno.EDQUOT: "io.quota",
    }
    key = reasons.get(exc.errno or 0)
    why = t(key, lang) if key else (exc.strerror or str(exc) or type(exc).__name__)
    path = exc.filename if exc.filename is not None else "?"
    return t("io.read_failed" if reading else "io.failed", lang, path=path, why=why)


def cmd_participants_import(args: argparse.Namespace, lang: str) -> int:
    """Read a secretariat's list, merge it into the session in one save, print what changed."""
    from facilitate.importers import parse_participants, plural
    from facilitate.service import run

    folder = _session_folder(args, args.session, lang)
    try:
        raw = Path(args.file).read_bytes()
    except OSError as exc:
        fail(t("cli.unreadable", lang, path=args.file, why=exc.strerror))
    parsed = parse_participants(raw, path=args.file)
    refusal = [plural("import.refused", len(parsed.errors), lang, path=args.file)]
    refusal += [f"  {line}" for line in parsed.error_lines(lang)[:50]]
    if parsed.errors and not args.dry_run:
        fail("\n".join(refusal))
    svc = open_service(folder, lang)
    try:
        report = run(svc.import_participants(parsed, dry_run=args.dry_run))
    finally:
        svc.close()
    print("\n".join(report.lines(lang)))
    if args.dry_run:
        print(t("import.dry_run", lang))
    if parsed.errors:
        fail(refusal[0].rstrip(":\u00a0 "))  # the problems are in the preview just printed
    return 0


def cmd_solve(args: argparse.Namespace, lang: str) -> int:
    """`rotation solve` and `agenda solve`: instance JSON in, plan JSON out."""
    from facilitate.planning import InfeasibleError, InstanceError, agenda, rotation
    from facilitate.planning.limits import MAX_SECONDS, check_seconds

    solver = rotation if args.command == "rotation" else agenda
    try:
        check_seconds(args.seconds)
    except InstanceError:
        fail(t("planning.bad_seconds", lang, most=f"{MAX_SECONDS:g}", value=args.seconds))
    iterations = getattr(args, "iterations", None)
    if iterations is not None and iterations < 1:
        fail(t("planning.bad_iterations", lang, value=iterations))
    data = _read_instance(args.instance, lang)
    if getattr(args, "spread_first", False) and isinstance(data, dict):
        data["spread_first"] = True
    try:
        inst = solver.parse_instance(data)
        if iterations is not None:
            plan = solver.solve(inst, seconds=args.seconds, seed=args.seed, iterations=iterations)
        else:
            plan = solver.solve(inst, seconds=args.seconds, seed=args.seed)
    except (InstanceError, InfeasibleError) as exc:
        fail(t("cli.at_path", lang, path=args.instance, why=exc.message(lang)))
    print(json.dumps(plan.to_json(), ensure_ascii=False))
    return 0


def cmd_demo(args: argparse.Namespace, lang: str) -> int:
    from facilitate.demo import DEMO_DATE, DEMO_TITLE, build_demo

    folder = _base(args) / session_folder_name(DEMO_DATE, DEMO_TITLE)
    if not (folder / "session.json").exists():
        svc = asyncio.run(build_demo(folder))  # French content; --lang sets the screens
        svc.close()
    print(folder)
    if args.no_open:
        return 0
    return run_tui(args, lang, folder)


def cmd_restore(args: argparse.Namespace, lang: str) -> int:
    from facilitate.i18n.dates import when
    from facilitate.store import restore

    folder = _session_folder(args, args.session, lang)
    try:
        report = restore(folder)
    except FileNotFoundError:
        fail(t("store.no_backup", lang))
    main_file = folder / "session.json"
    if not report.repaired:
        print(t("store.nothing_to_restore", lang, path=main_file))
        return 0
    print(
        nt(
            "store.rebuilt",
            report.replayed,
            lang,
            path=main_file,
            snapshot=report.snapshot,
            when=when(report.saved_at, lang),
            replayed=report.replayed,
            records=report.records,
        )
    )
    print(
        "  "
        + t(
            "store.dropped" if report.dropped else "store.dropped_none",
            lang,
            dropped=report.dropped,
        )
    )
    for problem in report.problems:
        print(t("store.problem", lang, what=problem.text(lang)))
    if report.kept:
        print(t("store.kept", lang, paths=", ".join(str(p) for p in report.kept)))
    return 0


def cmd_serve(args: argparse.Namespace, lang: str) -> int:
    from facilitate.portal import serve_forever

    folder = _session_folder(args, args.session, lang)
    svc = open_service(folder, lang)
    try:
        return serve_forever(svc, port=args.port, lan=args.lan, lang=lang)
    except OSError as exc:
        fail(t("cli.port", lang, port=args.port, why=exc.strerror or exc))
    finally:
        svc.close()


def cmd_cards(args: argparse.Namespace, lang: str) -> int:
    from facilitate.printables.cards import DeadCardsError, write_cards

    folder = _session_folder(args, args.session, lang)
    out = Path(args.out) if args.out else folder / "printables"
    try:
        # the cards in the session's content language; this command's own messages in `lang`
        paths = write_cards(folder, out, base_url=args.base_url)
    except DeadCardsError as exc:  # codes that would lead to 127.0.0.1: refused, nothing written
        fail(exc.message(lang))
    for path in paths:
        print(path)
    return 0


def cmd_export(args: argparse.Namespace, lang: str) -> int:
    folders = [_session_folder(args, name, lang) for name in args.session]
    from facilitate.exporters import (
        FILE_TYPES,
        SERIES_FILE_TYPES,
        DecidimOptions,
        ExportError,
        export_series,
        export_session,
        pdf_available,
    )
    from facilitate.exporters import decidim as decidim_csv

    wanted = [x.strip() for x in args.to.split(",") if x.strip()]
    known = SERIES_FILE_TYPES if args.series else FILE_TYPES
    if args.series and args.to == build_parser_defaults["to"]:
        wanted = list(SERIES_FILE_TYPES)
    unknown = [x for x in wanted if x not in known]
    if unknown:
        what = "series" if args.series else "export"
        names, known_names = ", ".join(unknown), ", ".join(known)
        fail(nt(f"cli.unknown_{what}", len(unknown), lang, names=names, known=known_names))
    if len(folders) > 1 and not args.series:
        fail(t("cli.needs_series", lang))
    if "pdf" in wanted and not pdf_available():
        if args.to != build_parser_defaults["to"]:
            fail(t("pdf.missing", lang))
        wanted.remove("pdf")  # all formats by default: the others still come
        print(f"facilitate: {t('pdf.skipped', lang)}", file=sys.stderr)
    decidim = DecidimOptions(details=args.decidim_details)
    if args.decidim_lang:
        if not decidim_csv.valid_lang(args.decidim_lang):
            fail(t("decidim.bad_lang", lang, value=args.decidim_lang))
        decidim.lang = args.decidim_lang
    if args.decidim_scopes:
        try:
            decidim.scopes = decidim_csv.load_scopes(Path(args.decidim_scopes), lang)
        except ValueError as exc:
            fail(str(exc))
    out = Path(args.out) if args.out else folders[-1] / "exports"
    try:
        if args.series:
            paths = export_series(folders, out, wanted, anonymise=args.anonymise)
        else:
            paths = export_session(
                folders[0], out, wanted, anonymise=args.anonymise, decidim=decidim
            )
    except ExportError as exc:
        fail(str(exc))
    for path in paths:
        print(path)
    return 0


def run_tui(args: argparse.Namespace, lang: str, folder: Path | None = None) -> int:
    try:
        from facilitate.tui.app import run_app
    except ImportError:
        print(t("cli.tui_missing", lang), file=sys.stderr)
        return 1
    return run_app(sessions=_base(args), session=folder, lang=lang)


COMMANDS = {
    "demo": cmd_demo,
    "formats": cmd_formats,
    "check-format": cmd_check_format,
    "new": cmd_new,
    "list": cmd_list,
    "rotation": cmd_solve,
    "agenda": cmd_solve,
    "serve": cmd_serve,
    "cards": cmd_cards,
    "export": cmd_export,
    "restore": cmd_restore,
}


def requested_lang(argv: Sequence[str]) -> str | None:
    """The language `--lang` asks for, read before the parser exists (its help is in it)."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        value = argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else ""
        value = arg.removeprefix("--lang=") if arg.startswith("--lang=") else value
        if value:
            return value if value in LANGS else None
    return None


def main(argv: Sequence[str] | None = None) -> int:
    asked = requested_lang(sys.argv[1:] if argv is None else argv) or default_lang()
    with argparse_language(asked):  # --help and usage errors in the user's language
        args = build_parser(asked).parse_args(argv)
    lang = args.lang or default_lang()
    try:
        if args.command is None:
            return run_tui(args, lang)
        if args.command == "participants":
            return cmd_participants_import(args, lang)
        return COMMANDS[args.command](args, lang)
    except CliError as exc:
        print(f"facilitate: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - a refusal from below becomes one clear line
        message = refusal(exc, args, lang)
        if message is None:
            raise
        print(f"facilitate: {message}", file=sys.stderr)
        return EXIT_BAD_INPUT


def refusal(exc: Exception, args: argparse.Namespace, lang: str) -> str | None:
    """The one line for a damaged, locked or unwritable session, or None if `exc` is a bug."""
    from facilitate.service.opening import refusal_text
    from facilitate.store import (
        CorruptSessionError,
        NewerSchemaError,
        SessionLockedError,
        StoreError,
    )

    if isinstance(exc, CorruptSessionError | NewerSchemaError | SessionLockedError):
        folder = exc.path.parent
        return refusal_text(exc, folder, lang)
    if isinstance(exc, StoreError):
        return exc.message(lang)
    if isinstance(exc, OSError):
        return io_text(exc, lang)
    return None


if __name__ == "__main__":
    sys.exit(main())

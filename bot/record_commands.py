"""The record in and out from the command line: `steerbot import`, `steerbot export` and `steerbot purge`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sqlalchemy import Engine

from bot.core.kernel.boundary import Caller, Scope
from bot.core.kernel.documents import plain
from bot.core.records.document import MAX_BYTES, size
from bot.core.records.result import Imported, preview
from bot.core.records.service import RecordsService
from bot.core.services import Services
from storage.installations import purge_team, team_record


def import_notes(args: argparse.Namespace, built: Services) -> int:
    """Names in the notes are matched to the workspace's members when the bot can ask Slack (`built` from a token);
    else they are kept as written, as owners outside Slack."""
    data = _read(args.file)
    if isinstance(data, str):
        print(data, file=sys.stderr)
        return 2
    service = built.records
    scope = service.scope_of(args.committee, data)
    if isinstance(scope, str):
        print(scope, file=sys.stderr)
        return 2
    caller = Caller(scope.team_id, scope.channel_id, service.importer(scope, data))
    source = "standard input" if args.file == "-" else Path(args.file).name
    done = service.import_document(
        caller, data, source=source, format=args.format, meeting_day=args.date, dry_run=args.dry_run
    )
    if not isinstance(done, Imported):
        print(done.why, file=sys.stderr)
        return 2
    print(json.dumps(done.as_json(), ensure_ascii=False, indent=2) if args.json else plain(preview(done)))
    return 0


def export_record(args: argparse.Namespace, built: Services) -> int:
    if args.format == "ics":
        exported = built.feeds.export(args.committee)
        if isinstance(exported, str):
            print(exported, file=sys.stderr)
            return 2
        return _write(args.output, exported)
    service = built.records
    scope = service.scope_of(args.committee)
    if isinstance(scope, str):
        print(scope, file=sys.stderr)
        return 2
    if args.format == "csv":
        return _write_tables(service, scope, args.output)
    text = service.json_text(scope) if args.format == "json" else service.md_page(scope)
    return _write(args.output, (text or "").encode())


def purge(args: argparse.Namespace, engine: Engine) -> int:
    """Says what it will delete and asks (unless --yes): the workspace's id typed back, so a slip deletes nothing."""
    kept = {kind: count for kind, count in team_record(engine, args.team).items() if count}
    if not kept:
        print(f"Nothing is kept of workspace {args.team}.")
        return 0
    print(f"This deletes everything kept of workspace {args.team}:")
    for kind, count in kept.items():
        print(f"  {count:>7,} {kind}")
    if not args.yes:
        print(f"Type the workspace's id ({args.team}) to delete it, anything else to keep it: ", end="", flush=True)
        if sys.stdin.readline().strip() != args.team:
            print("Nothing was deleted.")
            return 1
    purge_team(engine, args.team)
    print(f"Workspace {args.team} is purged.")
    return 0


def _read(name: str) -> bytes | str:
    """The file's bytes (up to one byte over the limit, for the reader to refuse), or why it cannot be read."""
    try:
        if name == "-":
            return sys.stdin.buffer.read(MAX_BYTES + 1)
        with open(name, "rb") as file:
            return file.read(MAX_BYTES + 1)
    except OSError as error:
        return f"I can't read {name}: {error.strerror or error}."


def _write_tables(service: RecordsService, scope: Scope, directory: Path | None) -> int:
    if directory is None:
        print("csv is five tables: give a directory for them with --output DIR.", file=sys.stderr)
        return 2
    tables = service.csv_tables(scope) or {}
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for name, content in tables.items():
            (directory / name).write_bytes(content)
    except OSError as error:
        print(f"I can't write to {directory}: {error.strerror or error}.", file=sys.stderr)
        return 2
    print(f"Wrote {', '.join(tables)} ({size(sum(len(c) for c in tables.values()))}) to {directory}.", file=sys.stderr)
    return 0


def _write(output: Path | None, content: bytes) -> int:
    if output is None:
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
        return 0
    try:
        output.write_bytes(content)
    except OSError as error:
        print(f"I can't write {output}: {error.strerror or error}.", file=sys.stderr)
        return 2
    return 0

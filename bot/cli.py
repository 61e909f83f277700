"""The `steerbot` command: run, console, parse, tick, import, export, purge, db upgrade."""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.config import SettingsError, load_settings

if TYPE_CHECKING:
    from bot.app import SlackBot, Storage
    from bot.core.kernel.clock import Clock


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="steerbot", description="A Slack bot that keeps a steering committee's record."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="serve Slack (Socket Mode when SLACK_APP_TOKEN is set, else HTTP)")
    run.add_argument("--http", action="store_true", help="serve HTTP even when SLACK_APP_TOKEN is set")
    run.add_argument("--host", default="0.0.0.0")
    run.add_argument("--port", type=int, default=3000)
    run.add_argument("--no-scheduler", action="store_true", help="do not send reminders from this process")

    console = commands.add_parser("console", help="try the bot in the terminal, no Slack needed")
    console.add_argument("--user", default="leonardo", help="the demo member you are (default: leonardo)")
    console.add_argument("--channel", default="steering", help="the committee's channel (default: steering)")

    parse = commands.add_parser("parse", help="show how /action reads a line (or each line of standard input)")
    parse.add_argument("text", nargs="*")
    parse.add_argument("--today", type=date.fromisoformat, help="the speaker's today, YYYY-MM-DD")
    parse.add_argument("--tz", default=None, help="the speaker's time zone (default: STEERBOT_TIMEZONE)")
    parse.add_argument("--json", action="store_true", help="one JSON object per line")
    parse.add_argument("--month-first", action="store_true", help="read 03/04 as March 4 (default: day first)")

    tick = commands.add_parser("tick", help="one scheduler pass: send the reminders (and posts) that are due")
    tick.add_argument("--now", type=_moment, help="the pass's time, ISO 8601 such as 2024-03-01T09:00Z (default: now)")
    tick.add_argument("--dry-run", action="store_true", help="print what would be sent; send and record nothing")

    db = commands.add_parser("db", help="database maintenance")
    db_commands = db.add_subparsers(dest="db_command", required=True)
    db_commands.add_parser("upgrade", help="apply the migrations to DATABASE_URL")

    into = commands.add_parser("import", help="record a committee's meeting notes (or a Steerbot export)")
    into.add_argument("file", metavar="FILE", help="the notes: a file, or - for standard input")
    into.add_argument("--committee", metavar="CHANNEL", help="the committee's channel (id or name), if several")
    into.add_argument("--date", type=_day, help="the meeting's date (YYYY-MM-DD), when the notes do not say it")
    into.add_argument(
        "--format",
        choices=["auto", "wiki", "markdown", "meetbot", "w3c", "json"],
        default="auto",
        help="the notes' format (default: guessed)",
    )
    into.add_argument("--dry-run", action="store_true", help="show what would be recorded; record nothing")
    into.add_argument("--json", action="store_true", help="answer one JSON object (what was recorded new)")

    out = commands.add_parser("export", help="write a committee's record (standard output unless --output)")
    out.add_argument("--format", choices=["md", "csv", "json", "ics"], default="ics", help="(default: ics, as before)")
    out.add_argument("--committee", metavar="CHANNEL", help="the committee's channel (id or name), if several")
    out.add_argument("--output", metavar="PATH", type=Path, help="a file; for csv, a directory for its five tables")

    purge = commands.add_parser("purge", help="delete everything kept of a workspace (after it uninstalled the app)")
    purge.add_argument("--team", required=True, metavar="TEAM_ID", help="the workspace's id, such as T0123ABCD")
    purge.add_argument("--yes", action="store_true", help="do not ask before deleting")

    args = parser.parse_args(argv)
    # Logs go to standard output when serving; elsewhere standard output is the command's answer.
    serving = args.command == "run"
    logging.basicConfig(
        level=logging.INFO if serving else logging.WARNING,
        stream=sys.stdout if serving else sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # Bolt logs the body of a badly signed request, which may hold a verification token; alembic is chatty.
    for noisy in ("slack_bolt", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    try:
        settings = load_settings()
    except SettingsError as error:
        print(error, file=sys.stderr)
        return 2
    try:
        return _command(args, settings)
    except BrokenPipeError:  # whoever read the answer stopped reading (`steerbot export | head`): nothing to report
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so that the exit's flush does not fail too
        return 1


def _command(args: argparse.Namespace, settings: Any) -> int:
    if args.command == "parse":
        return _parse(args, settings.timezone)
    if args.command == "db":
        _migrate(settings.database_url)
        print("database is up to date")
        return 0
    if args.command in ("import", "export", "purge"):
        return _record(args, settings)
    if args.command == "console":
        return _console(args, settings.database_url, settings.timezone)
    if args.command == "tick":
        return _tick(args, settings)
    return _run(args, settings)


def _parse(args: argparse.Namespace, default_tz: str) -> int:
    from bot.core.kernel.zones import local_today, pick_zone
    from bot.core.language import read_action, warm_up
    from bot.slack.inbound import decode

    if args.tz and not _valid_zone(args.tz):
        print(f"--tz: “{args.tz}” is not a time zone name such as Europe/London", file=sys.stderr)
        return 2
    warm_up()
    today = args.today or local_today(datetime.now(UTC), pick_zone(args.tz, default_tz))

    def one(text: str) -> dict[str, Any]:
        said = decode(text)  # a line as Slack would send it: mentions as <@U…>, typed "<" as &lt;
        reading = read_action(
            said.text, today=today, day_first=not args.month_first, mentions=said.people, groups=said.groups
        )
        due = reading.due
        return {
            "owners": [f"<@{o.text}>" if o.kind == "user" else o.text for o in reading.owners],
            "task": reading.task,
            "due": due.on.isoformat() if due and due.on else None,
            "error": reading.error,
            **({"due_phrase": due.phrase} if due else {}),
            **({"anchor": due.anchor} if due and due.anchor else {}),
            **({"alternatives": [d.isoformat() for d in due.alternatives]} if due and due.alternatives else {}),
        }

    if not args.text:
        for line in sys.stdin:
            print(json.dumps(one(line.rstrip("\n")), ensure_ascii=False), flush=True)
        return 0
    result = one(" ".join(args.text))
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        for key, value in result.items():
            print(f"{key:>12}: {value}")
    return 0


def _moment(text: str) -> datetime:
    """An ISO 8601 time; without a zone it is UTC."""
    try:
        at = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not an ISO time such as 2024-03-01T09:00Z") from None
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a date such as 2024-03-01") from None


def _tick(args: argparse.Namespace, settings: Any) -> int:
    from bot.app import services
    from bot.core.kernel.clock import Clock
    from bot.scheduler import Scheduler

    now = args.now or datetime.now(UTC)
    store = _storage(settings.database_url, Clock(now))
    if settings.slack_bot_token is not None or settings.installs:
        bot = _slack_bot(settings, store, verify_token=False)
        scheduler = Scheduler(bot.services.jobs, bot.sender, store.clock)
    elif args.dry_run:
        from bot.console import DemoDirectory

        print("SLACK_BOT_TOKEN is not set: owners' zones are unknown, committee zones are used", file=sys.stderr)
        scheduler = Scheduler(services(store, DemoDirectory(()), settings.timezone).jobs, None, store.clock)
    else:
        print(
            "Neither SLACK_BOT_TOKEN nor SLACK_CLIENT_ID and SLACK_CLIENT_SECRET are set: nothing can be sent "
            "(try --dry-run)",
            file=sys.stderr,
        )
        return 2
    lines = scheduler.run_pass(now, dry_run=args.dry_run)
    for text in lines:
        print(text)
    print(f"pass at {now:%Y-%m-%d %H:%M:%S} UTC: {len(lines)} line(s)", file=sys.stderr)
    store.engine.dispose()
    return 0


def _storage(url: str, clock: Clock) -> Storage:
    """The database at `url`, brought to the latest schema first: `steerbot run`, `tick` and `export` migrate at
    start, so a bot never serves from a schema behind its code. Several processes starting together migrate once
    (storage.db.upgrade takes a lock); `steerbot db upgrade` does the same on its own."""
    from bot.app import storage

    _migrate(url)
    return storage(url, clock)


def _migrate(url: str) -> None:
    """Migrates the database at `url`, or stops the process (exit 2) with a message naming the problem: a schema
    newer than this version knows (left untouched), or a database that does not answer."""
    from sqlalchemy import make_url

    from storage.db import SchemaError, unavailable, upgrade

    try:
        upgrade(url)
    except SchemaError as error:
        print(f"steerbot cannot start: {error}", file=sys.stderr)
        raise SystemExit(2) from None
    except Exception as error:
        if not unavailable(error):
            raise
        where = make_url(url).render_as_string(hide_password=True)
        said = (str(getattr(error, "orig", None) or error).strip().splitlines() or [repr(error)])[0]
        print(f"steerbot cannot start: the database at {where} does not answer ({said})", file=sys.stderr)
        raise SystemExit(2) from None


def _valid_zone(name: str) -> bool:
    from bot.core.kernel.zones import zone

    return zone(name) is not None


def _console(args: argparse.Namespace, url: str, default_tz: str) -> int:
    from bot.app import services, storage
    from bot.console import DemoDirectory
    from bot.console import main as console_main
    from bot.core.kernel.clock import Clock
    from storage.db import upgrade

    upgrade(url)
    logging.getLogger().setLevel(logging.WARNING)
    clock = Clock(datetime.now(UTC))  # stands still between commands; /clock moves it
    store = storage(url, clock)
    directory = DemoDirectory()
    return console_main(store, services(store, directory, default_tz), directory, user=args.user, channel=args.channel)


def _slack_bot(settings: Any, store: Storage, *, verify_token: bool = True) -> SlackBot:
    """The bot for the one workspace of SLACK_BOT_TOKEN, or for every workspace that installs it through OAuth."""
    from bot.app import OAuthApp, slack_bot

    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else "-"
    common: dict[str, Any] = dict(
        signing_secret=secret,
        api_url=settings.slack_api_url,
        default_timezone=settings.timezone,
        public_url=settings.public_url,
        verify_token=verify_token,
    )
    if settings.slack_bot_token is not None:
        return slack_bot(store, token=settings.slack_bot_token.get_secret_value(), **common)
    install = OAuthApp(settings.slack_client_id, settings.slack_client_secret.get_secret_value(), settings.public_url)
    return slack_bot(store, install=install, **common)


def _not_ready_to_serve(args: argparse.Namespace, settings: Any) -> str | None:
    """What `steerbot run` lacks, named: a bot token or an OAuth app, and a signing secret (and for OAuth, where
    Slack sends people back after they install it)."""
    if settings.slack_bot_token is None and not settings.installs:
        return (
            "Set SLACK_BOT_TOKEN (one workspace), or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (workspaces install the "
            "app through Slack's OAuth), in the environment or a .env file (see README); or try the bot without "
            "Slack: steerbot console"
        )
    if settings.slack_signing_secret is None:
        return "SLACK_SIGNING_SECRET is not set (Basic Information in the app's settings; see README)."
    if settings.installs and settings.public_url is None:
        return "STEERBOT_PUBLIC_URL is not set: Slack sends people back there after they install the app."
    if settings.installs and settings.slack_app_token and not args.http:
        return "Installs through OAuth need HTTP: unset SLACK_APP_TOKEN, or run with --http."
    return None


def _run(args: argparse.Namespace, settings: Any) -> int:
    if problem := _not_ready_to_serve(args, settings):
        print(problem, file=sys.stderr)
        return 2
    from bot.core.kernel.clock import Clock
    from bot.core.language import warm_up
    from bot.scheduler import Scheduler
    from bot.slack.app import LoggedApp

    warm_up()
    store = _storage(settings.database_url, Clock())
    bot = _slack_bot(settings, store)
    app = bot.app
    scheduler = None if args.no_scheduler else Scheduler(bot.services.jobs, bot.sender, store.clock)
    with _Stopping(bot.sender.stop, scheduler.stop if scheduler else None) as stopping:
        if scheduler is not None:
            scheduler.start()
        if settings.slack_app_token and not args.http:
            from bot.slack import socket_mode

            socket_mode.serve(app, settings.slack_app_token.get_secret_value(), stopping.event)
        else:
            from bot.slack import http
            from storage.db import ready

            http.serve(
                app,
                settings.slack_signing_secret.get_secret_value(),
                args.host,
                args.port,
                calendar=bot.services.feeds.feed,
                ready=lambda: ready(store.engine),
                stop=stopping.event,
            )
        finished = stopping.finish(bot.sender, scheduler, app.lazy_work if isinstance(app, LoggedApp) else None)
    if not finished:  # a thread stuck on the network would hold the exit past STOP_WITHIN; the outbox loses nothing
        logging.shutdown()
        os._exit(0)
    store.engine.dispose()
    return 0


class _Stopping:
    """Graceful stop on SIGTERM or SIGINT: `event` is set (the server stops taking requests and answers those in
    flight), and `stop_now` (the sender, the scheduler) are told at once to start nothing new; `finish` then waits
    for what is under way, so that the process exits within STOP_WITHIN. A second signal exits at once. Outside
    the main thread (no signals there) it does nothing; the previous handlers come back afterwards."""

    STOP_WITHIN = 10.0  # seconds from the signal to the exit (systemd and Kubernetes wait this long by default)

    def __init__(self, *stop_now: Callable[[float], object] | None) -> None:
        self.event = threading.Event()
        self._stop_now = [stop for stop in stop_now if stop is not None]
        self._since: float | None = None
        self._previous: dict[int, Any] = {}
        self._log = logging.getLogger(__name__)

    def __enter__(self) -> _Stopping:
        if threading.current_thread() is threading.main_thread():
            self._previous = {n: signal.signal(n, self._on_signal) for n in (signal.SIGTERM, signal.SIGINT)}
        threading.Thread(target=self._tell, name="steerbot-stopping", daemon=True).start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        for number, handler in self._previous.items():
            signal.signal(number, handler)
        self.event.set()  # ends the helper thread if no signal came

    def _on_signal(self, number: int, _frame: object) -> None:
        name = signal.Signals(number).name
        if self.event.is_set():
            self._log.warning("%s again: exiting now", name)
            os._exit(1)
        self._since = time.monotonic()
        self._log.info("%s: stopping; finishing the requests in flight and the message being sent", name)
        self.event.set()

    def _tell(self) -> None:
        self.event.wait()
        for stop in self._stop_now:
            stop(0)

    def finish(self, sender: Any, scheduler: Any, lazy_work: Any) -> bool:
        """Waits for the pass and the send under way and for the requests' lazy halves (replies, their sends);
        True when all ended in time."""
        since = self._since or time.monotonic()

        def left() -> float:
            return max(0.0, self.STOP_WITHIN - 1.0 - (time.monotonic() - since))

        done = {
            "sender": sender.stop(left()),
            "scheduler": scheduler is None or scheduler.stop(left()),
            "replies": lazy_work is None or lazy_work.settle(left()) == 0,
        }
        if all(done.values()):
            self._log.info("stopped cleanly in %.1f s", time.monotonic() - since)
            return True
        unfinished = ", ".join(name for name, ok in done.items() if not ok)
        self._log.warning("stopped in %.1f s; still running, left behind: %s", time.monotonic() - since, unfinished)
        return False


def _record(args: argparse.Namespace, settings: Any) -> int:
    """`steerbot import`, `export` and `purge` on the migrated database; names in imported notes are matched to the
    workspace's members (asked of Slack with a token or installs; without, the console's demo workspace's)."""
    from bot import record_commands
    from bot.app import services
    from bot.console import DemoDirectory
    from bot.core.kernel.clock import Clock

    store = _storage(settings.database_url, Clock())
    try:
        if args.command == "purge":
            return record_commands.purge(args, store.engine)
        if settings.slack_bot_token is not None or settings.installs:
            built = _slack_bot(settings, store, verify_token=False).services
        else:
            built = services(store, DemoDirectory(), settings.timezone)
        if args.command == "import":
            return record_commands.import_notes(args, built)
        return record_commands.export_record(args, built)
    finally:
        store.engine.dispose()


if __name__ == "__main__":
    sys.exit(main())

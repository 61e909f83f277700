"""The steerbot command: settings errors name the variable, parse reads lines, run refuses without tokens."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main

ROOT = Path(__file__).parents[1]


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in (
        "SLACK_BOT_TOKEN",
        "SLACK_SIGNING_SECRET",
        "SLACK_APP_TOKEN",
        "SLACK_API_URL",
        "DATABASE_URL",
        "STEERBOT_TIMEZONE",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env


def test_parse_one_line_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "--today", "2024-02-26", "--json", "Leonardo", "check", "Rust", "by", "Friday"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["owners"] == ["Leonardo"] and result["task"] == "check Rust" and result["due"] == "2024-03-01"
    assert result["error"] is None


def test_parse_reads_standard_input_line_by_line_in_one_process() -> None:
    lines = "me write the minutes by 2024-03-01\n<@U2|kevin> fix CI tomorrow\n\nme pay by 2024-02-30\n"
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "parse", "--today", "2024-02-26", "--tz", "Europe/London"],
        input=lines,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(results) == 4
    assert results[0]["owners"] == ["me"] and results[0]["due"] == "2024-03-01"
    assert results[1]["owners"] == ["<@U2>"] and results[1]["due"] == "2024-02-27"
    assert results[2]["error"] and results[3]["error"]
    assert all(set(r) >= {"owners", "task", "due", "error"} for r in results)


def test_parse_refuses_a_bad_zone(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "--tz", "Mars/Olympus", "x"]) == 2
    assert "--tz" in capsys.readouterr().err


def test_run_without_tokens_names_them_and_points_to_the_console(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert (
        "Set SLACK_BOT_TOKEN (one workspace), or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET" in err
        and "steerbot console" in err
    )


@pytest.mark.parametrize(
    ("settings", "says"),
    [
        ({"SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "s"}, "SLACK_SIGNING_SECRET is not set"),
        (
            {"SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "s", "SLACK_SIGNING_SECRET": "x"},
            "STEERBOT_PUBLIC_URL is not set: Slack sends people back there after they install the app.",
        ),
        (
            {"SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "s", "SLACK_SIGNING_SECRET": "x",
             "STEERBOT_PUBLIC_URL": "https://bot.example.org", "SLACK_APP_TOKEN": "xapp-1"},
            "Installs through OAuth need HTTP: unset SLACK_APP_TOKEN, or run with --http.",
        ),
    ],
)  # fmt: skip
def test_run_with_installs_names_what_is_missing(
    settings: dict[str, str], says: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, value in settings.items():
        monkeypatch.setenv(name, value)
    assert main(["run"]) == 2
    assert says in capsys.readouterr().err


def test_malformed_settings_stop_start_up_by_name(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xapp-wrong-kind")
    monkeypatch.setenv("STEERBOT_TIMEZONE", "Mars/Olympus")
    monkeypatch.setenv("DATABASE_URL", "not a url")
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert "SLACK_BOT_TOKEN" in err and "STEERBOT_TIMEZONE" in err and "DATABASE_URL" in err
    assert "xapp-wrong-kind" not in err  # never print a secret


def test_db_upgrade_creates_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'x.db'}")
    assert main(["db", "upgrade"]) == 0
    assert (tmp_path / "x.db").exists() and "up to date" in capsys.readouterr().out


def test_run_picks_socket_mode_with_an_app_token_and_http_otherwise(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import bot.slack.http
    import bot.slack.socket_mode
    from tests.fake_slack import FakeSlack

    started: list[str] = []
    monkeypatch.setattr(bot.slack.socket_mode, "serve", lambda app, token, stop: started.append("socket"))
    monkeypatch.setattr(
        bot.slack.http, "serve", lambda app, secret, host, port, **kw: started.append(f"http {host}:{port}")
    )
    with FakeSlack() as fake:
        monkeypatch.setenv("SLACK_API_URL", fake.url)
        monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
        monkeypatch.setenv("SLACK_SIGNING_SECRET", "secret")
        monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'run.db'}")
        assert main(["run", "--no-scheduler", "--port", "3111"]) == 0
        monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-test")
        assert main(["run", "--no-scheduler"]) == 0
        assert main(["run", "--no-scheduler", "--http", "--host", "127.0.0.1"]) == 0
        assert fake.calls_to("auth.test")  # every Web API call goes to SLACK_API_URL
    assert started == ["http 0.0.0.0:3111", "socket", "http 127.0.0.1:3000"]
    assert (tmp_path / "run.db").exists()  # the embedded database is migrated at start


def test_a_reader_that_stops_reading_ends_the_command_quietly(tmp_path: Path) -> None:
    """`steerbot parse < many-lines | head -1`: no traceback when the pipe closes."""
    import subprocess
    import sys

    lines = tmp_path / "lines.txt"
    lines.write_text("\n".join(f"me task {n} by 2099-03-06" for n in range(20_000)))
    command = [sys.executable, "-m", "bot.cli", "parse", "--json", "--today", "2024-02-26"]
    with lines.open("rb") as given:
        process = subprocess.Popen(command, stdin=given, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert process.stdout is not None and process.stderr is not None
        assert process.stdout.readline().startswith(b"{")
        process.stdout.close()
        assert process.wait(timeout=120) == 1
        assert b"Traceback" not in process.stderr.read()

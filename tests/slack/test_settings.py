"""`attache serve --slack` without its settings, and which settings each mode needs."""

from __future__ import annotations

import os

import pytest

from adapters.slack.runner import SlackRunner
from adapters.slack.settings import SlackSettings


@pytest.fixture
def no_slack_env(monkeypatch) -> None:
    for name in list(os.environ):
        if name.startswith(("SLACK_", "ATTACHE_SLACK_", "DISCORD_")):
            monkeypatch.delenv(name)


def test_serve_slack_without_tokens_exits_2_naming_them(no_slack_env, tmp_path, capsys) -> None:
    from bot.cli import main

    status = main(["--db", str(tmp_path / "attache.sqlite3"), "serve", "--slack"])

    err = capsys.readouterr().err
    assert status == 2
    assert "SLACK_BOT_TOKEN" in err
    assert "SLACK_APP_TOKEN or SLACK_SIGNING_SECRET" in err


def test_serve_slack_names_only_what_is_missing(no_slack_env, tmp_path, capsys, monkeypatch):
    from bot.cli import main

    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-1-secret-value")
    status = main(["--db", str(tmp_path / "attache.sqlite3"), "serve", "--slack"])

    err = capsys.readouterr().err
    assert status == 2 and "SLACK_BOT_TOKEN" in err
    assert "SLACK_SIGNING_SECRET" not in err and "xapp-1-secret-value" not in err


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({"SLACK_BOT_TOKEN": "b", "SLACK_APP_TOKEN": "a"}, []),
        ({"SLACK_BOT_TOKEN": "b", "SLACK_SIGNING_SECRET": "s"}, []),
        ({"SLACK_BOT_TOKEN": "b"}, ["SLACK_APP_TOKEN or SLACK_SIGNING_SECRET"]),
        ({"SLACK_SIGNING_SECRET": "s"}, ["SLACK_BOT_TOKEN"]),
        ({"SLACK_BOT_TOKEN": "b", "ATTACHE_SLACK_MODE": "socket"}, ["SLACK_APP_TOKEN"]),
        (
            {"SLACK_BOT_TOKEN": "b", "SLACK_APP_TOKEN": "a", "ATTACHE_SLACK_MODE": "http"},
            ["SLACK_SIGNING_SECRET"],
        ),
        ({"SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "c", "SLACK_SIGNING_SECRET": "s"}, []),
        ({"SLACK_CLIENT_ID": "1.2"}, ["SLACK_CLIENT_SECRET", "SLACK_SIGNING_SECRET"]),
    ],
)
def test_missing_settings_per_mode(env: dict[str, str], missing: list[str]) -> None:
    assert SlackRunner.missing_settings(env) == missing


def test_a_bad_port_is_named() -> None:
    env = {"SLACK_BOT_TOKEN": "b", "SLACK_SIGNING_SECRET": "s", "ATTACHE_SLACK_PORT": "http"}
    (problem,) = SlackRunner.missing_settings(env)
    assert problem.startswith("ATTACHE_SLACK_PORT")


def test_mode_follows_the_tokens_and_settings_hide_secrets() -> None:
    socket = SlackSettings.from_env({"SLACK_BOT_TOKEN": "xoxb-hidden", "SLACK_APP_TOKEN": "a"})
    http = SlackSettings.from_env({"SLACK_BOT_TOKEN": "b", "SLACK_SIGNING_SECRET": "s"})
    oauth = SlackSettings.from_env(
        {"SLACK_APP_TOKEN": "a", "SLACK_CLIENT_ID": "1", "SLACK_CLIENT_SECRET": "c"}
    )
    assert (socket.mode, http.mode, oauth.mode) == ("socket", "http", "http")
    assert "xoxb-hidden" not in repr(socket)
    admins = SlackSettings.from_env({"ATTACHE_SLACK_ADMIN_IDS": "U1, U2,,U3"}).admin_ids
    assert admins == {"U1", "U2", "U3"}


def test_serve_builds_the_slack_runner_from_the_environment(core) -> None:
    from bot.serve import build_runners

    env = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"}
    (runner,) = build_runners(core, env, discord=False, slack=True)
    assert isinstance(runner, SlackRunner)
    assert runner.poster.platform == "slack" and runner.settings.mode == "http"

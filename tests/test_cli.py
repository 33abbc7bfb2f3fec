"""The `sinoties` command: help texts, exit codes, one-line errors, the summary line."""

from __future__ import annotations

import subprocess
import sys

import pytest

from transforms import cli


def run(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "transforms.cli", *args], capture_output=True, text=True, cwd=cwd)


@pytest.mark.parametrize("command", ["build", "serve", "evaluate"])
def test_every_command_has_help(command):
    result = run(command, "--help")
    assert result.returncode == 0
    assert "usage: sinoties " + command in result.stdout


def test_top_level_help_lists_the_commands():
    result = run("--help")
    assert result.returncode == 0
    for command in ("build", "serve", "evaluate"):
        assert command in result.stdout


@pytest.mark.parametrize("args, message", [
    (["build", "no/such/folder", "--out", "x"], "no such file or folder: no/such/folder"),
    (["build", "."], "the following arguments are required: --out"),
    (["build", ".", "--out", "x", "--workers", "zero"], "not a whole number"),
    (["build", ".", "--out", "x", "--engine", "spark"], "invalid choice"),
    (["frobnicate"], "invalid choice"),
    (["evaluate", "--gold", "missing.jsonl"], "no such gold file"),
    (["serve", "--data", "no/such/tables"], "no such folder of tables"),
])
def test_usage_errors_exit_2_with_one_line(args, message, tmp_path):
    result = run(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert message in lines[0]
    assert "Traceback" not in result.stderr


def test_build_prints_one_summary_line(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("A storm hit the coast on Monday and closed two ports.", encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text("", encoding="utf-8")
    result = run("build", str(tmp_path / "in"), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    line = result.stdout.strip()
    assert line.startswith("2 records: ")
    assert "1 empty" in line
    assert run("build", str(tmp_path / "in"), "--out", str(tmp_path / "out2"), "--quiet").stdout == ""


def test_an_unwritable_output_folder_is_one_line_and_exit_1(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("text", encoding="utf-8")
    (tmp_path / "plain-file").write_text("x")
    # a folder inside a file cannot be created, whoever runs the test (root ignores permission bits)
    result = run("build", str(tmp_path / "in"), "--out", str(tmp_path / "plain-file" / "out"))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("sinoties: cannot write the tables"), result.stderr


def test_an_output_path_that_is_a_file_is_a_usage_error(tmp_path, capsys):
    target = tmp_path / "file"
    target.write_text("x")
    assert cli.main(["build", str(tmp_path), "--out", str(target)]) == 2
    assert "is a file" in capsys.readouterr().err


def test_a_large_build_saves_the_dashboard_index(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr("dashboard.data.prepare", lambda out: calls.append(out))
    cli._prepare_dashboard(tmp_path, cli.DASHBOARD_INDEX_MIN_EVENTS - 1, quiet=True)
    assert calls == []
    cli._prepare_dashboard(tmp_path, cli.DASHBOARD_INDEX_MIN_EVENTS, quiet=True)
    assert calls == [tmp_path]


def test_a_rerun_that_spliced_new_files_in_leaves_the_dashboard_index_to_the_dashboard(tmp_path, monkeypatch,
                                                                                        capsys):
    calls = []
    monkeypatch.setattr("dashboard.data.prepare", lambda out: calls.append(out))
    cli._prepare_dashboard(tmp_path, cli.DASHBOARD_INDEX_MIN_EVENTS, quiet=False, spliced=True)
    assert calls == []
    assert capsys.readouterr().err.strip() == (
        "the dashboard index is built at the dashboard's next start (new files were spliced in)")


def test_a_failed_dashboard_index_is_one_line_and_not_a_failure(tmp_path, monkeypatch, capsys):
    def broken(out):
        raise OSError("disk full")

    monkeypatch.setattr("dashboard.data.prepare", broken)
    cli._prepare_dashboard(tmp_path, cli.DASHBOARD_INDEX_MIN_EVENTS, quiet=True)
    assert capsys.readouterr().err.strip().splitlines() == [
        "sinoties: the dashboard index was not saved (disk full); the dashboard will build it at start"]

"""``--out``: what is at the path decides (docs/cli.md, "Output files").

A symbolic link is followed and its target replaced atomically (the link stays a link); a folder,
a FIFO, a socket or a device node is refused with exit 1 before any work, and stays what it was;
a folder that cannot be written and a full disk are exit 1 too, with the old file intact and no
temporary file left. The solves here are of a three-person roster with a generous time limit:
the tests are about files, and CP-SAT proves the tiny model optimal at once.
"""

from __future__ import annotations

import errno
import json
import os
import socket
import stat
from pathlib import Path

import pytest

import fairshift.io.files
import fairshift.solver
from fairshift.cli import EXIT_INPUT, main

ROSTER = """\
name: Tiny
horizon: {start: 2027-01-04, end: 2027-01-18}
engineers:
  - {id: a, timezone: Europe/Budapest}
  - {id: b, timezone: Europe/Budapest}
  - {id: c, timezone: Europe/Budapest}
rotations:
  - {id: r, members: [a, b, c], every: week, handoff: "mon 09:00", timezone: Europe/Budapest}
"""


@pytest.fixture
def roster(tmp_path: Path) -> Path:
    path = tmp_path / "roster.yaml"
    path.write_text(ROSTER, encoding="utf-8")
    return path


def solve(roster: Path, out: Path) -> int:
    return main(["solve", str(roster), "--out", str(out), "--time-limit", "120", "--workers", "1", "-q"])


def _no_temp_files(folder: Path) -> bool:
    return not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_a_link_is_followed_and_stays_a_link(roster: Path, tmp_path: Path) -> None:
    real = tmp_path / "published" / "schedule.json"
    real.parent.mkdir()
    real.write_text("old\n", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "latest.json"
    link.symlink_to(Path("published") / "schedule.json")  # relative, as people make them
    assert solve(roster, link) == 0
    assert link.is_symlink() and os.readlink(link) == str(Path("published") / "schedule.json")
    assert json.loads(real.read_text(encoding="utf-8"))["name"] == "Tiny"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640  # the target keeps its permissions
    assert _no_temp_files(real.parent) and _no_temp_files(tmp_path)


def test_a_chain_of_links_and_a_dangling_link(roster: Path, tmp_path: Path) -> None:
    target = tmp_path / "deep" / "s.json"
    (tmp_path / "deep").mkdir()
    (tmp_path / "one").symlink_to(tmp_path / "two")
    (tmp_path / "two").symlink_to(target)  # dangling: the write creates the target
    assert solve(roster, tmp_path / "one") == 0
    assert (tmp_path / "one").is_symlink() and (tmp_path / "two").is_symlink()
    assert json.loads(target.read_text(encoding="utf-8"))["status"] == "optimal"


def test_a_fifo_is_refused_and_stays_a_fifo(roster: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert solve(roster, fifo) == EXIT_INPUT
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert "it is a FIFO (named pipe), not a regular file" in capsys.readouterr().err
    link = tmp_path / "to-pipe"
    link.symlink_to(fifo)
    assert solve(roster, link) == EXIT_INPUT
    assert stat.S_ISFIFO(fifo.lstat().st_mode) and link.is_symlink()
    assert f"the link {link} points to {fifo}" in capsys.readouterr().err


@pytest.mark.skipif(os.geteuid() != 0, reason="creating a device node (os.mknod) needs root")
def test_a_device_node_is_refused_and_stays_a_device(roster: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    node = tmp_path / "null"
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # what /dev/null is
    assert solve(roster, node) == EXIT_INPUT
    assert stat.S_ISCHR(node.lstat().st_mode)
    assert "it is a character device, not a regular file" in capsys.readouterr().err


def test_dev_null_itself_is_refused(roster: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = os.stat("/dev/null")
    assert solve(roster, Path("/dev/null")) == EXIT_INPUT
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev
    assert "character device" in capsys.readouterr().err


def test_a_socket_and_a_folder_are_refused(roster: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    assert solve(roster, folder) == EXIT_INPUT
    assert folder.is_dir() and not list(folder.iterdir())
    assert f"give a file name inside it, e.g. {folder / 'schedule.json'}" in capsys.readouterr().err
    path = tmp_path / "s.sock"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))
        assert solve(roster, path) == EXIT_INPUT
        assert stat.S_ISSOCK(path.lstat().st_mode)
    assert "it is a socket" in capsys.readouterr().err


def test_a_bad_out_fails_before_the_solve(roster: Path, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    def no_solve(*args: object, **kwargs: object) -> None:
        raise AssertionError("the solver ran although --out could never be written")

    monkeypatch.setattr(fairshift.solver, "solve", no_solve)
    assert solve(roster, tmp_path) == EXIT_INPUT


def test_an_unwritable_folder_is_exit_1(roster: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    def denied(*args: object, **kwargs: object) -> None:  # what mkstemp meets in a 0555 folder
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(fairshift.io.files.tempfile, "mkstemp", denied)
    assert solve(roster, tmp_path / "s.json") == EXIT_INPUT
    err = capsys.readouterr().err
    assert "Permission denied; choose a folder you may write to" in err and "Traceback" not in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a 0555 folder anyway")
def test_a_really_unwritable_folder_is_exit_1(roster: Path, tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir(mode=0o555)
    assert solve(roster, folder / "s.json") == EXIT_INPUT


def test_a_full_disk_keeps_the_old_file(roster: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "s.json"
    out.write_text("old\n", encoding="utf-8")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(fairshift.io.files.os, "fsync", full)
    assert solve(roster, out) == EXIT_INPUT
    assert out.read_text(encoding="utf-8") == "old\n" and _no_temp_files(tmp_path)
    assert "No space left on device; free some space" in capsys.readouterr().err

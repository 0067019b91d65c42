"""Files: a write either completes or leaves nothing behind; a read failure is a clear error."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from fairshift.errors import Problem, RosterError

__all__ = ["atomic_write_bytes", "atomic_write_text", "read_text_file"]


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and an atomic rename."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        os.fchmod(fd, _mode(target))  # mkstemp makes 0600; a written file gets the usual mode
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _mode(target: Path) -> int:
    """The existing file's mode, or what a plain ``open(..., "w")`` would give (0666 - umask)."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def atomic_write_text(path: str | Path, text: str) -> None:
    """Write UTF-8 ``text`` (``\\n`` line ends) atomically, like :func:`atomic_write_bytes`."""
    atomic_write_bytes(path, text.encode("utf-8"))


def read_text_file(path: str | Path, what: str,
                   error: Callable[[Problem], Exception] | None = None) -> str:
    """Read a UTF-8 text file. A missing, unreadable or non-UTF-8 file raises ``error(problem)``
    (default: a :class:`~fairshift.errors.RosterError`), the problem naming ``what`` the file
    should hold and how to fix it.

    >>> read_text_file("no/such/file.yaml", "roster")
    Traceback (most recent call last):
    fairshift.errors.RosterError: 1 problem in the roster:
      no/such/file.yaml: cannot read the roster: No such file or directory; check the path
    """
    p = Path(path)
    try:
        return p.read_text(encoding="utf-8")
    except OSError as exc:
        problem = Problem(f"cannot read the {what}: {exc.strerror or exc}; check the path", "", str(p))
    except UnicodeDecodeError as exc:
        problem = Problem(f"the {what} is not UTF-8 text (byte {exc.start}); save it as UTF-8", "", str(p))
    raise (error or _roster_error)(problem)


def _roster_error(problem: Problem) -> Exception:
    return RosterError([problem])

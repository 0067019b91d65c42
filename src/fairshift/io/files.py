"""Files: a write either completes or leaves nothing behind; a read failure is a clear error.

**Writing** (every ``--out`` of every command, every export and plot) goes through
:func:`atomic_write_bytes`: the data goes to a temporary file in the folder of the target, is
flushed to disk, and is renamed over the target, so readers see the old file or the new one,
never half of one. What is at the path decides what happens:

* nothing, or a regular file: it is written (an existing file keeps its permission bits);
* a symbolic link: the link is followed and its final target written, atomically in the
  target's folder; the link itself stays a link (a dangling link creates its target);
* a folder, a FIFO, a socket or a device node (``/dev/null``, ``/dev/full``): refused with an
  :class:`~fairshift.errors.OutputError` (CLI exit 1) and nothing is touched.

A folder that cannot be written, a full disk or any other failure of the write is an
``OutputError`` too, and the temporary file is removed.

**Reading** goes through :func:`read_text_file`: UTF-8 text of at most
:data:`fairshift.limits.INPUT_BYTES` bytes (``FAIRSHIFT_MAX_INPUT_BYTES``); a missing, unreadable,
oversized or non-UTF-8 file raises the caller's error type with a located message.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from fairshift.errors import OutputError, Problem, RosterError
from fairshift.limits import INPUT_BYTES

__all__ = ["atomic_write_bytes", "atomic_write_text", "read_text_file", "writable_target"]

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
          (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"))


def writable_target(path: str | Path) -> Path:
    """The regular file a write to ``path`` would replace (symbolic links followed), or an
    :class:`~fairshift.errors.OutputError` when the path is a folder, a FIFO, a socket or a
    device."""
    given = Path(path)
    target = Path(os.path.realpath(given)) if given.is_symlink() else given
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return target
    except OSError as exc:
        raise OutputError(f"cannot write {given}: {exc.strerror or exc}") from None
    for test, kind in _KINDS:
        if test(mode):
            via = f" (the link {given} points to {target})" if target != given else ""
            fix = ("give a file name inside it, e.g. " + str(given / "schedule.json")
                   if kind == "a folder" else "write to a regular file and copy it from there")
            raise OutputError(f"cannot write {given}: it is {kind}{via}, not a regular file; {fix}")
    return target


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and an atomic rename
    (see the module docs for links, folders, devices and failures)."""
    target = writable_target(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise _output_error(path, exc) from None
    try:
        os.fchmod(fd, _mode(target))  # mkstemp makes 0600; a written file gets the usual mode
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        writable_target(path)  # checked again just before the rename: nothing appeared there
        os.replace(tmp, target)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _output_error(path, exc) from None
        raise


def _output_error(path: str | Path, exc: OSError) -> OutputError:
    fixes = {
        errno.EACCES: "choose a folder you may write to, or change its permissions",
        errno.EPERM: "choose a folder you may write to, or change its permissions",
        errno.ENOSPC: "free some space on that disk or write elsewhere; nothing was written",
        errno.EDQUOT: "free some of your disk quota or write elsewhere; nothing was written",
        errno.EROFS: "that file system is read-only; write elsewhere",
        errno.ENOTDIR: "a part of the path is a file, not a folder; check the path",
        errno.ENAMETOOLONG: "use a shorter path",
    }
    fix = fixes.get(exc.errno if exc.errno is not None else -1, "check the path and try again")
    return OutputError(f"cannot write {path}: {exc.strerror or exc}; {fix}")


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
    """Read a UTF-8 text file (universal newlines, like :meth:`Path.read_text`). A missing,
    unreadable, oversized or non-UTF-8 file raises ``error(problem)`` (default: a
    :class:`~fairshift.errors.RosterError`), the problem naming ``what`` the file should hold
    and how to fix it.

    >>> read_text_file("no/such/file.yaml", "roster")
    Traceback (most recent call last):
    fairshift.errors.RosterError: 1 problem in the roster:
      no/such/file.yaml: cannot read the roster: No such file or directory; check the path
    """
    p = Path(path)
    limit = INPUT_BYTES.value()
    try:
        size = p.stat().st_size if p.is_file() else None
        if size is not None and size > limit:
            raise _TooBig(size)
        with p.open("rb") as fh:
            data = _read_at_most(fh, limit)
        text = data.decode("utf-8")
        return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text
    except _TooBig as big:
        size_text = f"{big.size} bytes, more than" if big.size is not None else "larger than"
        problem = Problem(f"the {what} is {size_text} the limit of {limit} bytes "
                          f"(FAIRSHIFT_MAX_INPUT_BYTES); split the file, or "
                          f"{INPUT_BYTES.raise_hint(big.size)}", "", str(p))
    except OSError as exc:
        problem = Problem(f"cannot read the {what}: {exc.strerror or exc}; check the path", "", str(p))
    except UnicodeDecodeError as exc:
        problem = Problem(f"the {what} is not UTF-8 text (byte {exc.start}); save it as UTF-8", "", str(p))
    raise (error or _roster_error)(problem)


def _read_at_most(fh: BinaryIO, limit: int) -> bytes:
    """All of ``fh``, or :class:`_TooBig` past ``limit`` bytes (FIFOs and devices have no size,
    and a file may grow): read in chunks, so no buffer of the limit's size is allocated."""
    chunks: list[bytes] = []
    total = 0
    while chunk := fh.read(min(1 << 20, limit + 1 - total)):
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise _TooBig(None)
    return b"".join(chunks)


class _TooBig(Exception):
    def __init__(self, size: int | None) -> None:
        super().__init__(size)
        self.size = size


def _roster_error(problem: Problem) -> Exception:
    return RosterError([problem])

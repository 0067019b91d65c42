"""Griffe extension for the API page: the docstrings are written for ``help()`` and doctest, so

* doctest blocks (``>>>`` lines and their output) become ``pycon`` code blocks, instead of
  Markdown paragraphs where ``[...]`` in an output would read as a link;
* Sphinx roles (``:func:`fairshift.validate```, ``:class:`~fairshift.Roster```) become inline code.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_ROLE = re.compile(r":(?:py:)?(?:func|class|mod|meth|attr|data|exc|obj|const):`~?([^`]+)`")


def fence_doctests(text: str) -> str:
    """Wrap every doctest block (from a ``>>>`` line to the next blank line) in a code fence."""
    out: list[str] = []
    block: list[str] = []
    indent = ""

    def flush() -> None:
        if block:
            out.extend([f"{indent}```pycon", *block, f"{indent}```"])
            block.clear()

    for line in text.splitlines():
        stripped = line.lstrip()
        if not block and stripped.startswith(">>>"):
            indent = line[: len(line) - len(stripped)]
            block.append(line)
        elif block and stripped:
            block.append(line)
        else:
            flush()
            out.append(line)
    flush()
    return "\n".join(out)


def plain_roles(text: str) -> str:
    """``:func:`x.y``` -> ```x.y```."""
    return _ROLE.sub(lambda m: f"`{m.group(1)}`", text)


class DocstringsForMarkdown(griffe.Extension):
    """Rewrites each loaded docstring with :func:`fence_doctests` and :func:`plain_roles`."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = fence_doctests(plain_roles(obj.docstring.value))

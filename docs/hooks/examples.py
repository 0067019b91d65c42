"""MkDocs hook: the files of ``examples/`` are part of the site, so pages may link to them.

The Markdown pages link to ``../examples/roster.yaml`` so that the links work when the files are
read in the repository. On the site, each example file (YAML, CSV) is published under
``examples/`` and those links are rewritten to it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SUFFIXES = {".yaml", ".yml", ".csv"}
_LINK = re.compile(r"\]\(\.\./examples/([^)#\s]+)\)")


def published() -> list[Path]:
    """The example files copied into the site."""
    return sorted(p for p in EXAMPLES.iterdir() if p.is_file() and p.suffix in SUFFIXES)


def on_files(files: Any, config: Any) -> Any:
    """MkDocs event: add every example file under ``examples/``."""
    from mkdocs.structure.files import File

    for path in published():
        files.append(File.generated(config, f"examples/{path.name}", abs_src_path=str(path)))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """MkDocs event: point ``../examples/NAME`` links at the published copy."""
    depth = page.file.src_uri.count("/")
    prefix = "../" * depth
    return _LINK.sub(lambda m: f"]({prefix}examples/{m.group(1)})", markdown)

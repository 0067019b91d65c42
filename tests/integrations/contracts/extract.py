"""Cut the parts of the vendors' API descriptions that the contract tests need (run by hand).

    python tests/integrations/contracts/extract.py PAGERDUTY_GIT OPSGENIE_GIT GOALERT_GIT

Each argument is a git directory of the vendor's public repository (e.g. from the search tool's
``fetch``). Each output names its source repository, path and commit: in an ``x-fairshift-source``
key (OpenAPI) or a comment header (GraphQL). Only the operations fairshift sends, with every
component they reference, are kept. One thing is added, and recorded under
``x-fairshift-source.amended``: Opsgenie's Swagger 2.0 document declares no ``consumes`` (the media
type of request bodies; its API takes JSON), without which a mock server rejects every body.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

PAGERDUTY = ("PagerDuty/api-schema", "reference/REST/openapiv3.json", {
    "/schedules/{id}": ["get"],
    "/schedules/{id}/overrides": ["get", "post"],
    "/schedules/{id}/overrides/{override_id}": ["delete"],
})
OPSGENIE = ("opsgenie/opsgenie-oas", "swagger.json", {
    "/v2/schedules/{identifier}/timeline": ["get"],
    "/v2/schedules/{identifier}/overrides": ["get", "post"],
    "/v2/schedules/{identifier}/overrides/{alias}": ["put", "delete"],
})
GOALERT = ("target/goalert", "graphql2/schema.graphql")  # + graphql2/graph/*.graphqls (gqlgen.yml)


def _git(repo_dir: str, *args: str) -> str:
    return subprocess.run(["git", "-C", repo_dir, *args], capture_output=True, text=True, check=True).stdout


def _refs(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {node["$ref"]} if isinstance(node.get("$ref"), str) else set()
        for v in node.values():
            found |= _refs(v)
        return found
    if isinstance(node, list):
        return set().union(*(_refs(v) for v in node)) if node else set()
    return set()


def _resolve(doc: dict[str, Any], ref: str) -> Any:
    node: Any = doc
    for part in ref.lstrip("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def _set(out: dict[str, Any], ref: str, value: Any) -> None:
    parts = [p.replace("~1", "/").replace("~0", "~") for p in ref.lstrip("#/").split("/")]
    node = out
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node.setdefault(parts[-1], value)


def prune(doc: dict[str, Any], keep: dict[str, list[str]]) -> dict[str, Any]:
    out: dict[str, Any] = {k: v for k, v in doc.items()
                           if k not in ("paths", "components", "definitions", "parameters", "responses",
                                        "tags")}
    out["paths"] = {}
    for path, methods in keep.items():
        item = doc["paths"][path]
        out["paths"][path] = {m: item[m] for m in methods} | (
            {"parameters": item["parameters"]} if "parameters" in item else {})
    todo = _refs(out["paths"])
    done: set[str] = set()
    while todo:
        ref = todo.pop()
        if ref in done or not ref.startswith("#/"):
            continue
        done.add(ref)
        # a ref into the middle of a schema (#/components/schemas/Tag/allOf/0) keeps the whole schema
        parts = ref.lstrip("#/").split("/")
        head = "#/" + "/".join(parts[:3] if parts[0] == "components" else parts[:2])
        value = _resolve(doc, head)
        _set(out, head, value)
        todo |= _refs(value)
    return out


def _openapi(repo_dir: str, spec: tuple[str, str, dict[str, list[str]]], name: str,
             amend: dict[str, Any] | None = None) -> None:
    repo, path, keep = spec
    commit = _git(repo_dir, "rev-parse", "HEAD").strip()
    doc = json.loads(_git(repo_dir, "show", f"HEAD:{path}"))
    small = prune(doc, keep)
    source: dict[str, Any] = {"repository": repo, "path": path, "commit": commit,
                              "kept": {p: m for p, m in keep.items()}}
    if amend:
        source["amended"] = amend
        small.update(amend)
    small = {"x-fairshift-source": source, **small}
    (HERE / name).write_text(json.dumps(small, indent=1, sort_keys=False) + "\n", encoding="utf-8")


def main(pagerduty: str, opsgenie: str, goalert: str) -> None:
    _openapi(pagerduty, PAGERDUTY, "pagerduty.openapi.json")
    _openapi(opsgenie, OPSGENIE, "opsgenie.swagger.json", amend={"consumes": ["application/json"]})
    repo, path = GOALERT
    commit = _git(goalert, "rev-parse", "HEAD").strip()
    listed = _git(goalert, "ls-tree", "--name-only", "HEAD", "graphql2/graph/").split()
    parts = [path, *sorted(p for p in listed if p.endswith(".graphqls"))]
    header = (f"# Source: https://github.com/{repo} at commit {commit}:\n"
              f"# {path} and graphql2/graph/*.graphqls\n"
              "# (the files gqlgen.yml builds the schema from), concatenated unchanged. GoAlert's whole\n"
              "# GraphQL schema: the tests validate fairshift's query and mutation against it.\n")
    body = "".join(f"\n# --- {p}\n" + _git(goalert, "show", f"HEAD:{p}") for p in parts)
    (HERE / "goalert.schema.graphql").write_text(header + body, encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:4])

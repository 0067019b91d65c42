"""A small stateful PagerDuty (the override endpoints) whose every request and response is checked
against PagerDuty's published OpenAPI document with openapi-core.

Prism (``test_contracts_prism.py``) checks request shapes against the same document but keeps no
state; this fake keeps the overrides, so a second push can be seen to send nothing.

One contradiction of the document is resolved here, and only here: its shared base of references
(``Tag/allOf/0``) marks ``id`` and ``type`` read-only, while every request that names a user sends
a ``user_reference`` with exactly those two (as the document's own request examples do). openapi-core
enforces read-only properties in requests, so the fake's copy of the document drops ``readOnly`` on
those two; everything else is checked as published.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx
from openapi_core import OpenAPI
from werkzeug.datastructures import Headers, ImmutableMultiDict

from fairshift.integrations.http import ApiClient
from fairshift.integrations.pagerduty import client


class _Request:
    """httpx.Request as openapi-core's request protocol."""

    def __init__(self, request: httpx.Request) -> None:
        from openapi_core.datatypes import RequestParameters

        self._r = request
        url = urlparse(str(request.url))
        self.host_url = f"{url.scheme}://{url.netloc}"
        self.path = url.path
        self.method = request.method.lower()
        self.body = request.content or None
        self.content_type = request.headers.get("content-type", "")
        self.parameters = RequestParameters(query=ImmutableMultiDict(parse_qs(url.query)),
                                            header=Headers(dict(request.headers)),
                                            cookie=ImmutableMultiDict())


class _Response:
    def __init__(self, response: httpx.Response) -> None:
        self.status_code = response.status_code
        self.headers = Headers(dict(response.headers))
        self.content_type = response.headers.get("content-type", "")
        self.data = response.content or None


@dataclass
class FakePagerDuty:
    """``overrides[schedule][id] = override``; ``log`` holds (method, path, JSON body) per request."""

    spec: dict[str, Any]
    overrides: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    log: list[tuple[str, str, Any]] = field(default_factory=list)
    fail_next: list[int] = field(default_factory=list)  # statuses to answer first (e.g. 429)
    _n: int = 0

    def __post_init__(self) -> None:
        spec = copy.deepcopy({k: v for k, v in self.spec.items() if not k.startswith("x-")})
        base = spec["components"]["schemas"]["Tag"]["allOf"][0]["properties"]
        for name in ("id", "type"):
            base[name].pop("readOnly")
        self.openapi = OpenAPI.from_dict(spec)

    def api(self, **kwargs: Any) -> ApiClient:
        return client(transport=httpx.MockTransport(self), token="test-token", sleep=lambda s: None, **kwargs)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        req = _Request(request)
        self.openapi.validate_request(req)  # raises on anything the document does not allow
        body = json.loads(request.content) if request.content else None
        self.log.append((request.method, req.path, body))
        if self.fail_next:
            response = httpx.Response(self.fail_next.pop(0), headers={"Retry-After": "3"},
                                      json={"error": {"message": "Rate limit exceeded", "code": 2020}})
        else:
            response = self._answer(request.method, req.path.strip("/").split("/"), body)
        self.openapi.validate_response(req, _Response(response))
        return response

    def _answer(self, method: str, parts: list[str], body: Any) -> httpx.Response:
        sched = parts[1]
        book = self.overrides.setdefault(sched, {})
        if method == "POST":
            out = []
            for ov in body["overrides"]:
                self._n += 1
                oid = f"Q{self._n:013d}"
                book[oid] = {"id": oid, "start": ov["start"], "end": ov["end"],
                             "user": {"id": ov["user"]["id"], "type": "user_reference"}}
                out.append({"status": 201, "override": book[oid]})
            return httpx.Response(201, json=out)
        if method == "DELETE":
            if book.pop(parts[3], None) is None:
                return httpx.Response(404, json={"error": {"message": "Not Found", "code": 2100}})
            return httpx.Response(204)
        return httpx.Response(200, json={"overrides": list(book.values())})

    def held(self, sched: str) -> set[tuple[str, str, str]]:
        """(start, end, user id) of every override now in ``sched``."""
        return {(o["start"], o["end"], o["user"]["id"]) for o in self.overrides.get(sched, {}).values()}

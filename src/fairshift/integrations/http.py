"""The one HTTP client of the integrations: httpx with timeouts, retries and tokens from the environment.

* every request is an :class:`ApiRequest` (method, path, query, JSON body): the same value is sent,
  printed by ``--dry-run`` (:meth:`ApiClient.describe`) and named in errors;
* a response of 429 or 5xx is retried (``retries`` times), waiting what its ``Retry-After`` says
  (seconds, or an HTTP date read against the response's own ``Date``), else 1, 2, 4... seconds;
  a connection that could not be made is retried too, and for a method other than POST also a
  timeout or a dropped connection (a POST that may have reached the server is not sent twice);
* the waiting goes through ``sleep`` (injectable: tests never wait on the clock);
* the token is read from an environment variable when the client is made, goes only into the
  request header, and is never printed, logged or written: ``describe`` shows ``${VARIABLE}``.

>>> auth = TokenAuth("PAGERDUTY_TOKEN", "PagerDuty", "Token token={token}")
>>> client = ApiClient("https://api.pagerduty.com", auth=auth, token="secret")
>>> print(client.describe(ApiRequest("GET", "/schedules/P1", params=(("time_zone", "UTC"),))))
GET https://api.pagerduty.com/schedules/P1?time_zone=UTC
Authorization: Token token=${PAGERDUTY_TOKEN}
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from fairshift.integrations.errors import HttpError, IntegrationError, MissingTokenError

if TYPE_CHECKING:
    import httpx

__all__ = ["ApiClient", "ApiRequest", "ApiResponse", "TokenAuth", "retry_delay"]

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_WAIT = 300.0  # seconds: a Retry-After longer than this is reported instead of waited for
USER_AGENT = "fairshift (+https://github.com/fairshift/fairshift)"


@dataclass(frozen=True)
class TokenAuth:
    """Where a tool's token comes from and how it is sent (``template`` holds ``{token}``)."""

    variable: str
    tool: str
    template: str = "Bearer {token}"
    header: str = "Authorization"

    def token(self, environ: Mapping[str, str] | None = None) -> str:
        value = (os.environ if environ is None else environ).get(self.variable, "").strip()
        if not value:
            raise MissingTokenError(self.variable, self.tool)
        return value


@dataclass(frozen=True)
class ApiRequest:
    """One request: ``path`` is below the client's base URL; ``json`` the body (None: no body)."""

    method: str
    path: str
    params: tuple[tuple[str, str], ...] = ()
    json: Any = None
    label: str = ""

    def body(self) -> bytes | None:
        """The exact bytes sent (and printed by ``--dry-run``): the JSON body, indented."""
        if self.json is None:
            return None
        return json.dumps(self.json, indent=2, ensure_ascii=False).encode("utf-8")

    def target(self, base_url: str) -> str:
        query = f"?{urlencode(self.params)}" if self.params else ""
        return f"{base_url.rstrip('/')}{self.path}{query}"


@dataclass(frozen=True)
class ApiResponse:
    """What came back (``body``: parsed JSON, or the text when it is not JSON)."""

    request: ApiRequest
    status: int
    headers: Mapping[str, str]
    body: Any
    attempts: int = 1


def _parse(response: httpx.Response) -> Any:
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return response.text


def retry_delay(headers: Mapping[str, str], attempt: int) -> float:
    """Seconds to wait before retry number ``attempt`` (1-based).

    >>> retry_delay({"Retry-After": "7"}, 1)
    7.0
    >>> retry_delay({"Retry-After": "Wed, 21 Oct 2026 07:28:30 GMT",
    ...              "Date": "Wed, 21 Oct 2026 07:28:00 GMT"}, 1)
    30.0
    >>> retry_delay({}, 3)
    4.0
    """
    value = headers.get("Retry-After") or headers.get("retry-after")
    if value:
        value = value.strip()
        if value.isdigit():
            return float(value)
        date = headers.get("Date") or headers.get("date")
        try:
            if date:
                return max(0.0, (parsedate_to_datetime(value) - parsedate_to_datetime(date)).total_seconds())
        except (TypeError, ValueError):
            pass
    return float(min(2 ** (attempt - 1), 60))


def _excerpt(body: Any) -> str:
    text = body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)
    text = " ".join(text.split())
    return text[:300] + ("..." if len(text) > 300 else "")


@dataclass
class ApiClient:
    """Send :class:`ApiRequest` values to one API (see the module docs for retries and tokens).

    ``token`` overrides the environment (for tests); ``transport`` is an httpx transport (tests
    pass a mock); ``exchanges`` records every (request, status, response headers) sent.
    """

    base_url: str
    auth: TokenAuth | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    token: str | None = None
    timeout: float = 30.0
    retries: int = 4
    sleep: Callable[[float], None] = time.sleep
    transport: Any = None
    exchanges: list[tuple[ApiRequest, int, Mapping[str, str]]] = field(default_factory=list)
    _client: Any = None

    def describe(self, request: ApiRequest) -> str:
        """The request exactly as it would be sent, with the token shown as ``${VARIABLE}``."""
        lines = [f"{request.method} {request.target(self.base_url)}"]
        if self.auth is not None:
            shown = self.auth.template.format(token="${" + self.auth.variable + "}")
            lines.append(f"{self.auth.header}: {shown}")
        lines += [f"{k}: {v}" for k, v in self.headers.items()]
        if request.json is not None:
            if not any(k.lower() == "content-type" for k in self.headers):
                lines.append("Content-Type: application/json")
            body = request.body()
            lines += ["", body.decode("utf-8") if body is not None else ""]
        return "\n".join(lines)

    def _http(self) -> httpx.Client:
        if self._client is None:
            try:
                import httpx
            except ImportError:
                raise IntegrationError("talking to a pager tool needs the httpx package; install it with: "
                                       "pip install fairshift[pager]") from None
            headers = {"User-Agent": USER_AGENT, **self.headers}
            if self.auth is not None:
                token = self.token if self.token is not None else self.auth.token()
                headers[self.auth.header] = self.auth.template.format(token=token)
            self._client = httpx.Client(base_url=self.base_url.rstrip("/"), headers=headers,
                                        timeout=httpx.Timeout(self.timeout, connect=min(10.0, self.timeout)),
                                        transport=self.transport, follow_redirects=False)
        client: httpx.Client = self._client
        return client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def __enter__(self) -> ApiClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def send(self, request: ApiRequest, *, ok: Sequence[int] = ()) -> ApiResponse:
        """Send with retries; a 2xx (or a status in ``ok``) comes back, anything else raises HttpError."""
        import httpx

        client = self._http()
        where = f"{request.method} {request.target(self.base_url)}"
        attempt = 0
        while True:
            attempt += 1
            try:
                body = request.body()
                extra = {"Content-Type": "application/json"} if body is not None else None
                response = client.request(request.method, request.path, params=list(request.params) or None,
                                          content=body, headers=extra)
            except httpx.TransportError as exc:
                sent = not isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout)
                if attempt > self.retries or (sent and request.method == "POST"):
                    raise HttpError(f"{where}: {type(exc).__name__}: {exc or 'no answer'}"
                                    f" (after {attempt} attempt(s))") from None
                self.sleep(retry_delay({}, attempt))
                continue
            headers = dict(response.headers)
            self.exchanges.append((request, response.status_code, headers))
            body = _parse(response)
            if response.status_code in RETRY_STATUSES and attempt <= self.retries:
                wait = retry_delay(headers, attempt)
                if wait > MAX_WAIT:
                    raise HttpError(f"{where}: HTTP {response.status_code}, and the server asks to wait "
                                    f"{wait:.0f} s; try again later", response.status_code)
                self.sleep(wait)
                continue
            if 200 <= response.status_code < 300 or response.status_code in ok:
                return ApiResponse(request, response.status_code, headers, body, attempt)
            raise HttpError(f"{where}: HTTP {response.status_code}: {_excerpt(body)}"
                            + (f" (after {attempt} attempts)" if attempt > 1 else ""), response.status_code)

"""The HTTP client: retries on 429/5xx as Retry-After says (sleeping through an injected function,
never the clock), tokens only from the environment and never in output or errors."""

from __future__ import annotations

import httpx
import pytest

from fairshift.integrations.errors import HttpError, MissingTokenError
from fairshift.integrations.http import ApiClient, ApiRequest, TokenAuth

AUTH = TokenAuth("FAIRSHIFT_TEST_TOKEN", "Test", "Bearer {token}")


def _client(answers: list[httpx.Response], waited: list[float], seen: list[httpx.Request],
            **kw: object) -> ApiClient:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return answers.pop(0)

    return ApiClient("https://api.example", auth=AUTH, token="tok-123", sleep=waited.append,
                     transport=httpx.MockTransport(handler), **kw)  # type: ignore[arg-type]


def test_retry_after_in_seconds_and_as_a_date_is_honoured() -> None:
    waited: list[float] = []
    seen: list[httpx.Request] = []
    answers = [httpx.Response(429, headers={"Retry-After": "12"}),
               httpx.Response(503, headers={"Retry-After": "Wed, 21 Oct 2026 07:28:45 GMT",
                                            "Date": "Wed, 21 Oct 2026 07:28:00 GMT"}),
               httpx.Response(502), httpx.Response(200, json={"ok": True})]
    answer = _client(answers, waited, seen).send(ApiRequest("POST", "/x", json={"a": 1}))
    assert answer.body == {"ok": True} and answer.attempts == 4
    assert waited == [12.0, 45.0, 4.0]
    assert all(r.headers["Authorization"] == "Bearer tok-123" for r in seen)
    assert all(r.content == seen[0].content for r in seen)


def test_after_the_retries_the_error_names_the_request_but_not_the_token() -> None:
    waited: list[float] = []
    answers = [httpx.Response(500, text="boom") for _ in range(3)]
    with pytest.raises(HttpError) as caught:
        _client(answers, waited, [], retries=2).send(ApiRequest("DELETE", "/items/7"))
    assert "DELETE https://api.example/items/7: HTTP 500: boom (after 3 attempts)" in str(caught.value)
    assert "tok-123" not in str(caught.value) and caught.value.status == 500 and len(waited) == 2


def test_a_client_error_is_not_retried() -> None:
    waited: list[float] = []
    with pytest.raises(HttpError, match="HTTP 400"):
        _client([httpx.Response(400, json={"error": "bad"})], waited, []).send(ApiRequest("GET", "/x"))
    assert waited == []


def test_a_wait_longer_than_five_minutes_is_reported_not_slept() -> None:
    waited: list[float] = []
    with pytest.raises(HttpError, match="asks to wait 3600 s"):
        api = _client([httpx.Response(429, headers={"Retry-After": "3600"})], waited, [])
        api.send(ApiRequest("GET", "/x"))
    assert waited == []


def test_a_post_that_may_have_arrived_is_not_sent_twice() -> None:
    calls: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        raise httpx.ReadTimeout("slow", request=request)

    api = ApiClient("https://api.example", token="t", auth=AUTH, sleep=lambda s: None,
                    transport=httpx.MockTransport(handler))
    with pytest.raises(HttpError, match="ReadTimeout"):
        api.send(ApiRequest("POST", "/x", json={}))
    assert len(calls) == 1
    calls.clear()
    with pytest.raises(HttpError, match="after 5 attempt"):
        api.send(ApiRequest("GET", "/x"))
    assert len(calls) == 5


def test_the_token_comes_only_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FAIRSHIFT_TEST_TOKEN", raising=False)
    with pytest.raises(MissingTokenError, match="set the environment variable FAIRSHIFT_TEST_TOKEN"):
        ApiClient("https://api.example", auth=AUTH).send(ApiRequest("GET", "/x"))
    monkeypatch.setenv("FAIRSHIFT_TEST_TOKEN", "from-env")
    api = ApiClient("https://api.example", auth=AUTH)
    request = ApiRequest("POST", "/x", json={"k": "v"})
    text = api.describe(request)
    assert "from-env" not in text and "Authorization: Bearer ${FAIRSHIFT_TEST_TOKEN}" in text
    assert text.endswith(request.body().decode())  # type: ignore[union-attr]

"""RasaClient over several replicas (api/services/rasa.py): spread, fail over only when the
message cannot have been delivered, never send one message twice."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable

import httpx
import pytest

from api.services.rasa import RasaClient, RasaUnavailable, parse_urls

A, B, C = "http://rasa-a.test", "http://rasa-b.test", "http://rasa-c.test"
Behaviour = Callable[[httpx.Request], httpx.Response]


def answers(request: httpx.Request) -> httpx.Response:
    body = json.loads(request.content)
    return httpx.Response(200, json=[{"recipient_id": body["sender"], "text": request.url.host}])


def refuses(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("connection refused", request=request)


def times_out(request: httpx.Request) -> httpx.Response:
    raise httpx.ReadTimeout("read timed out", request=request)


def drops(request: httpx.Request) -> httpx.Response:
    raise httpx.RemoteProtocolError("server disconnected without a response", request=request)


def fails(request: httpx.Request) -> httpx.Response:
    return httpx.Response(500, text="Internal Server Error")


class Replicas:
    """A mock transport: each replica host behaves as set; every request is recorded."""

    def __init__(self, **behaviour: Behaviour) -> None:
        self.behaviour = behaviour
        self.posts: list[str] = []

    def handler(self, request: httpx.Request) -> httpx.Response:
        host = request.url.host.removeprefix("rasa-").removesuffix(".test")
        if request.method == "POST":
            self.posts.append(host)
        if request.url.path == "/":
            if self.behaviour[host] is answers:
                return httpx.Response(200, text="Hello from Rasa: 3.6.21")
            return self.behaviour[host](request)
        return self.behaviour[host](request)

    def client(self, *urls: str, cooldown: float = 5.0) -> RasaClient:
        return RasaClient(
            base_url=",".join(urls),
            timeout=5,
            transport=httpx.MockTransport(self.handler),
            cooldown=cooldown,
        )


def test_parse_urls() -> None:
    assert parse_urls("http://a:5005/, http://b:5006") == ["http://a:5005", "http://b:5006"]
    assert parse_urls("http://a:5005") == ["http://a:5005"]
    with pytest.raises(ValueError):
        parse_urls(" , ")


def test_requests_are_spread_over_the_replicas() -> None:
    replicas = Replicas(a=answers, b=answers, c=answers)
    client = replicas.client(A, B, C)
    hosts = [client.send(sender=f"s{i}", message="費用は")[0]["text"] for i in range(30)]
    assert Counter(hosts) == {"rasa-a.test": 10, "rasa-b.test": 10, "rasa-c.test": 10}


def test_a_refused_connection_fails_over_and_the_replica_is_skipped() -> None:
    replicas = Replicas(a=refuses, b=answers)
    client = replicas.client(A, B)
    for i in range(6):
        assert client.send(sender=f"s{i}", message="費用は")[0]["text"] == "rasa-b.test"
    # a was tried once, then skipped while cooling down: each message reached b exactly once
    assert replicas.posts == ["a"] + ["b"] * 6


def test_a_replica_is_tried_again_after_its_cooldown() -> None:
    replicas = Replicas(a=refuses, b=answers)
    client = replicas.client(A, B, cooldown=0)
    for i in range(4):
        client.send(sender=f"s{i}", message="費用は")
    assert replicas.posts.count("a") == 2 and replicas.posts.count("b") == 4
    replicas.behaviour["a"] = answers
    hosts = {client.send(sender=f"t{i}", message="費用は")[0]["text"] for i in range(4)}
    assert hosts == {"rasa-a.test", "rasa-b.test"}


@pytest.mark.parametrize("failure", [times_out, drops, fails], ids=["read-timeout", "drop", "500"])
def test_no_failover_once_the_message_may_have_been_processed(failure: Behaviour) -> None:
    replicas = Replicas(a=failure, b=answers)
    client = replicas.client(A, B)
    with pytest.raises(RasaUnavailable):
        client.send(sender="s", message="費用は")
    assert replicas.posts == ["a"]  # never sent to b as well


def test_every_replica_down() -> None:
    replicas = Replicas(a=refuses, b=refuses)
    client = replicas.client(A, B)
    with pytest.raises(RasaUnavailable, match="no Rasa replica answered"):
        client.send(sender="s", message="費用は")
    assert sorted(replicas.posts) == ["a", "b"]
    # both cooling down: they are still tried rather than giving up without a try
    with pytest.raises(RasaUnavailable):
        client.send(sender="s", message="費用は")
    assert len(replicas.posts) == 4
    assert not client.is_up()


def test_is_up_when_any_replica_answers() -> None:
    assert Replicas(a=refuses, b=answers).client(A, B).is_up()
    assert Replicas(a=answers).client(A).is_up()


@pytest.mark.parametrize(
    ("response", "reason"),
    [
        (httpx.Response(200, text="not json"), "JSONDecodeError"),
        (httpx.Response(200, json={"text": "a dict"}), "unexpected answer"),
    ],
)
def test_bad_answers(response: httpx.Response, reason: str) -> None:
    client = Replicas(a=lambda request: response).client(A)
    with pytest.raises(RasaUnavailable, match=reason):
        client.send(sender="s", message="x")


def test_non_dict_items_are_dropped() -> None:
    client = Replicas(a=lambda r: httpx.Response(200, json=[{"text": "ok"}, "junk", 3])).client(A)
    assert client.send(sender="s", message="x") == [{"text": "ok"}]


def test_a_body_that_cannot_be_encoded_is_not_retried() -> None:
    replicas = Replicas(a=answers, b=answers)
    with pytest.raises(RasaUnavailable):
        replicas.client(A, B).send(sender="s", message="\ud800")
    assert replicas.posts == []


class WithActions(Replicas):
    """Rasa replica `a` that answers nothing (as when an action failed), and an action server."""

    def __init__(self, *, actions_up: bool) -> None:
        super().__init__(a=lambda r: httpx.Response(200, json=[]))
        self.actions_up = actions_up
        self.health_checks = 0

    def handler(self, request: httpx.Request) -> httpx.Response:
        if request.url.host == "actions.test":
            self.health_checks += 1
            assert request.url.path == "/health"
            if not self.actions_up:
                raise httpx.ConnectError("connection refused", request=request)
            return httpx.Response(200, json={"status": "ok"})
        return super().handler(request)


def actions_client(replicas: Replicas) -> RasaClient:
    return RasaClient(
        base_url=A,
        timeout=5,
        transport=httpx.MockTransport(replicas.handler),
        actions_health_url="http://actions.test/health",
    )


def test_an_empty_answer_with_the_action_server_down_is_unavailable() -> None:
    replicas = WithActions(actions_up=False)
    with pytest.raises(RasaUnavailable, match="action server"):
        actions_client(replicas).send(sender="s", message="2024年4月1日に就職しました")
    assert replicas.health_checks == 1 and replicas.posts == ["a"]  # not sent again


def test_an_empty_answer_with_the_action_server_up_is_an_answer() -> None:
    replicas = WithActions(actions_up=True)
    assert actions_client(replicas).send(sender="s", message="/restart") == []
    assert replicas.health_checks == 1


def test_a_non_empty_answer_never_asks_the_action_server() -> None:
    replicas = WithActions(actions_up=False)
    replicas.behaviour["a"] = answers
    assert actions_client(replicas).send(sender="s", message="費用は")
    assert replicas.health_checks == 0
    # without an action server configured, an empty answer is passed on as it is
    empty = Replicas(a=lambda r: httpx.Response(200, json=[]))
    assert empty.client(A).send(sender="s", message="x") == []


def test_a_reset_connection_is_not_retried_but_the_replica_is_skipped() -> None:
    def resets(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadError("connection reset by peer", request=request)

    replicas = Replicas(a=resets, b=answers)
    client = replicas.client(A, B)
    with pytest.raises(RasaUnavailable, match="reset"):
        client.send(sender="s0", message="費用は")
    for i in range(3):
        assert client.send(sender=f"s{i + 1}", message="費用は")[0]["text"] == "rasa-b.test"
    assert replicas.posts == ["a", "b", "b", "b"]

"""Live servers for the REST tests: the trained model in `rasa run` plus the action server.

Both bind to loopback on free ports, so the tests never collide with a `make run` in progress.
"""

from __future__ import annotations

import json
import time
import urllib.request
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.live_servers import MODEL, running_bot


@pytest.fixture(scope="session")
def rasa_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train` (make test does it)")
    with running_bot(tmp_path_factory.mktemp("servers")) as url:
        yield url


Talk = Callable[..., list[dict[str, Any]]]


@pytest.fixture
def talk(rasa_url: str, request: pytest.FixtureRequest) -> Talk:
    """Sends one message over the REST channel and returns the bot's messages."""
    sender = f"test-{request.node.name}-{time.monotonic_ns()}"

    def send(
        message: str, *, status: int = 200, metadata: dict[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        data: dict[str, Any] = {"sender": sender, "message": message}
        if metadata is not None:
            data["metadata"] = metadata  # as the API sends it (bot.protocol.METADATA_*)
        body = json.dumps(data).encode("utf-8")
        req = urllib.request.Request(
            f"{rasa_url}/webhooks/rest/webhook",
            data=body,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=60) as response:
            assert response.status == status
            return list(json.loads(response.read().decode("utf-8")))

    return send

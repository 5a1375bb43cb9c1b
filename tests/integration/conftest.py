"""Live servers for the REST tests: the trained model in `rasa run` plus the action server.

Both bind to loopback on free ports, so the tests never collide with a `make run` in progress.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
# BOT_MODEL picks another trained model (e.g. a copy while models/ is being retrained).
MODEL = Path(os.environ.get("BOT_MODEL", ROOT / "models" / "bot.tar.gz"))
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server for {url} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(1)
    raise TimeoutError(f"{url} did not come up in {timeout} s")


@pytest.fixture(scope="session")
def rasa_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not MODEL.exists():
        pytest.fail("models/bot.tar.gz is missing: run `make train` (make test does it)")
    workdir = tmp_path_factory.mktemp("servers")
    rasa_port, actions_port = free_port(), free_port()
    endpoints = workdir / "endpoints.yml"
    endpoints.write_text(
        f'action_endpoint:\n  url: "http://127.0.0.1:{actions_port}/webhook"\n', encoding="utf-8"
    )
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "SANIC_HOST": "127.0.0.1",
        "RASA_TELEMETRY_ENABLED": "false",
        "TF_CPP_MIN_LOG_LEVEL": "2",
    }
    # closed in the finally below, after the servers stop
    logs = [open(workdir / name, "w") for name in ("actions.log", "rasa.log")]  # noqa: SIM115
    actions = subprocess.Popen(
        [str(BIN / "rasa"), "run", "actions", "--actions", "actions", "--port", str(actions_port)],
        cwd=ROOT, env=env, stdout=logs[0], stderr=subprocess.STDOUT,
    )
    rasa = subprocess.Popen(
        [
            str(BIN / "rasa"), "run", "--model", str(MODEL), "--interface", "127.0.0.1",
            "--port", str(rasa_port), "--credentials", str(ROOT / "credentials.yml"),
            "--endpoints", str(endpoints),
        ],
        cwd=ROOT, env=env, stdout=logs[1], stderr=subprocess.STDOUT,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{actions_port}/health", actions)
        wait_until_up(f"http://127.0.0.1:{rasa_port}/", rasa)
        yield f"http://127.0.0.1:{rasa_port}"
    finally:
        for process in (rasa, actions):
            process.terminate()
        for process in (rasa, actions):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        for log in logs:
            log.close()


Talk = Callable[..., list[dict[str, Any]]]


@pytest.fixture
def talk(rasa_url: str, request: pytest.FixtureRequest) -> Talk:
    """Sends one message over the REST channel and returns the bot's messages."""
    sender = f"test-{request.node.name}-{time.monotonic_ns()}"

    def send(message: str, *, status: int = 200) -> list[dict[str, Any]]:
        body = json.dumps({"sender": sender, "message": message}).encode("utf-8")
        req = urllib.request.Request(
            f"{rasa_url}/webhooks/rest/webhook",
            data=body,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=60) as response:
            assert response.status == status
            return list(json.loads(response.read().decode("utf-8")))

    return send

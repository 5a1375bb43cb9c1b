"""Starting the trained bot on loopback for tests: Rasa (REST channel) plus the action server.

Standard library only, so both test environments use it: tests/integration (the Rasa venv) and
tests/browser (the API venv, which starts .venvs/rasa's executables).
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RASA_BIN = ROOT / ".venvs" / "rasa" / "bin"
# BOT_MODEL picks another trained model (e.g. a copy while models/ is being retrained).
MODEL = Path(os.environ.get("BOT_MODEL", ROOT / "models" / "bot.tar.gz"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(url: str, process: subprocess.Popen[bytes], timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server for {url} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    raise TimeoutError(f"{url} did not come up in {timeout} s")


def stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for p in processes:
        p.terminate()
    for p in processes:
        try:
            p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            p.kill()


@contextmanager
def running_bot(workdir: Path, *, model: Path = MODEL) -> Iterator[str]:
    """Rasa and the action server on free loopback ports; yields Rasa's base URL.

    Logs go to workdir/actions.log and workdir/rasa.log.
    """
    if not model.exists():
        raise FileNotFoundError(f"{model} is missing: run `make train` (make test does it first)")
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
    with (
        open(workdir / "actions.log", "wb") as actions_log,
        open(workdir / "rasa.log", "wb") as rasa_log,
    ):
        actions = subprocess.Popen(
            [
                str(RASA_BIN / "rasa"),
                "run",
                "actions",
                "--actions",
                "actions",
                "--port",
                str(actions_port),
            ],
            cwd=ROOT,
            env=env,
            stdout=actions_log,
            stderr=subprocess.STDOUT,
        )
        rasa = subprocess.Popen(
            [
                # As scripts/run.sh starts it (bot/rasa_run.py).
                str(RASA_BIN / "python"),
                "-m",
                "bot.rasa_run",
                "run",
                "--model",
                str(model),
                "--interface",
                "127.0.0.1",
                "--port",
                str(rasa_port),
                "--credentials",
                str(ROOT / "credentials.yml"),
                "--endpoints",
                str(endpoints),
            ],
            cwd=ROOT,
            env=env,
            stdout=rasa_log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_up(f"http://127.0.0.1:{actions_port}/health", actions)
            wait_until_up(f"http://127.0.0.1:{rasa_port}/", rasa)
            yield f"http://127.0.0.1:{rasa_port}"
        finally:
            stop([rasa, actions])

"""The real stack for the serving tests and bench/load.py: `scripts/run.sh` (the supervisor,
Rasa, the action server, the API; with replicas, Redis and PostgreSQL) on free loopback ports,
in a temporary VAR_DIR. Standard library only."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
MODEL = Path(os.environ.get("BOT_MODEL", ROOT / "models" / "bot.tar.gz"))


def free_ports(count: int) -> int:
    """A free port p such that p .. p+count-1 are all free."""
    for _ in range(100):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            first = int(s.getsockname()[1])
        if first + count > 65535:
            continue
        try:
            for port in range(first, first + count):
                with socket.socket() as s:
                    s.bind(("127.0.0.1", port))
        except OSError:
            continue
        return first
    raise RuntimeError("no free port range")


def answers(url: str, timeout: float = 2) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def wait_for(url: str, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if answers(url):
            return
        time.sleep(0.5)
    raise TimeoutError(f"{url} did not come up in {timeout} s")


@dataclass
class Stack:
    """A running `scripts/run.sh`."""

    var_dir: Path
    replicas: int
    env: dict[str, str]
    rasa_port: int = 0
    actions_port: int = 0
    api_port: int = 0
    process: subprocess.Popen[bytes] | None = None

    @property
    def api(self) -> str:
        return f"http://127.0.0.1:{self.api_port}"

    @property
    def rasa_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{self.rasa_port + i}" for i in range(self.replicas)]

    @property
    def actions(self) -> str:
        return f"http://127.0.0.1:{self.actions_port}"

    def program_names(self) -> list[str]:
        return ["rasa"] if self.replicas == 1 else [f"rasa{i + 1}" for i in range(self.replicas)]

    def pid(self, name: str) -> int:
        return int((self.var_dir / "run" / f"{name}.pid").read_text())

    def kill(self, name: str, sig: int = signal.SIGKILL) -> int:
        """Kills one supervised program (its whole process group) and waits until it is gone
        (a large process takes a moment to exit); returns the old pid."""
        pid = self.pid(name)
        os.killpg(pid, sig)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                os.killpg(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        return pid

    def wait_restarted(self, name: str, old_pid: int, url: str, timeout: float = 300) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if self.pid(name) != old_pid:
                    break
            except (FileNotFoundError, ValueError):
                pass
            time.sleep(0.2)
        wait_for(url, max(1.0, deadline - time.monotonic()))

    def log(self, name: str) -> str:
        path = self.var_dir / "log" / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def start(self, timeout: float = 400) -> None:
        first = free_ports(self.replicas + 3)
        self.rasa_port = first
        self.actions_port = first + self.replicas
        self.api_port = first + self.replicas + 1
        env = {
            # Every simulated visitor comes from 127.0.0.1: the per-address chat limit would
            # refuse the load itself (the limits are tested in tests/api/test_rate_limits.py).
            "RATE_LIMIT_CHAT_PER_ADDRESS": "1000000/minute",
            **os.environ,
            **self.env,
            "VAR_DIR": str(self.var_dir),
            "BOT_MODEL": str(MODEL),
            "RASA_REPLICAS": str(self.replicas),
            "RASA_PORT": str(self.rasa_port),
            "ACTIONS_PORT": str(self.actions_port),
            "API_PORT": str(self.api_port),
            "REDIS_PORT": str(first + self.replicas + 2),
        }
        for name in ("RASA_URL", "ACTION_ENDPOINT_URL", "RASA_TRACKER_STORE_URL"):
            if name not in self.env:
                env.pop(name, None)
        self.var_dir.mkdir(parents=True, exist_ok=True)
        out = open(self.var_dir / "run.sh.log", "wb")
        self.process = subprocess.Popen(
            ["bash", str(ROOT / "scripts" / "run.sh")],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        out.close()
        deadline = time.monotonic() + timeout
        urls = [f"{self.api}/health", f"{self.actions}/health", *(u + "/" for u in self.rasa_urls)]
        for url in urls:
            while not answers(url):
                if self.process.poll() is not None:
                    raise RuntimeError(
                        f"scripts/run.sh exited with {self.process.returncode}:\n"
                        + (self.var_dir / "run.sh.log").read_text(errors="replace")[-3000:]
                    )
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{url} did not come up in {timeout} s")
                time.sleep(0.5)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)  # run.sh and the supervisor
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        # Anything the supervisor left (it was killed): each program is its own process group.
        for pid_file in (self.var_dir / "run").glob("*.pid"):
            try:
                os.killpg(int(pid_file.read_text()), signal.SIGKILL)
            except (ProcessLookupError, ValueError, PermissionError):
                pass


def post_json(url: str, body: dict[str, Any], timeout: float = 60) -> tuple[int, Any]:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        raw = error.read()
        try:
            return error.code, json.loads(raw)
        except ValueError:
            return error.code, raw.decode(errors="replace")


def get_json(url: str, timeout: float = 30) -> tuple[int, Any]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")

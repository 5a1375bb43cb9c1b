"""The API's own cost per chat turn, side by side for two source trees in one run.

A stand-in Rasa (a stdlib HTTP server that answers one FAQ-like text with two buttons in well under
a millisecond) takes Rasa's and the action server's time out of the figure, so what is left is the
API: routing, the three short transactions of a turn on SQLite, furigana, the relay to "Rasa".
Each tree's API runs as its own uvicorn process on its own SQLite file; the turns alternate
between the trees (A, B, A, B, ...) so that a noisy machine slows both alike.

    .venvs/api/bin/python bench/api_overhead.py                 # this tree only
    .venvs/api/bin/python bench/api_overhead.py --baseline REF  # REF (a git worktree) vs this tree

Prints p50/p95 per turn through the API, the same for the stand-in directly, the difference
(the API's overhead), and the ratio between the trees. Not a timed test.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import percentile  # noqa: E402  (after the sys.path line)
from bench.trees import checkout  # noqa: E402
from tests.live_servers import free_port  # noqa: E402
from tests.serving.stack import wait_for  # noqa: E402

API_BIN = ROOT / ".venvs" / "api" / "bin"

REPLY = [
    {
        "recipient_id": "x",
        "text": "就労定着支援の利用料は、前年の世帯の所得で決まります。多くの人は0円です。",
        "buttons": [
            {"title": "上限額を知りたい", "payload": "/faq_cost_cap"},
            {"title": "市区町村の窓口", "payload": "/faq_where"},
        ],
    },
    {"recipient_id": "x", "custom": {"easy_ja": "おかねは せたいの しょとくで きまります。"}},
]
BODY = json.dumps(REPLY, ensure_ascii=False).encode()


class StandInRasa(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: without this, Nagle + delayed ACK add ~40 ms.
    disable_nagle_algorithm = True

    def log_message(self, *_args: Any) -> None:
        pass

    def _send(self, body: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        self._send(b'"Hello from Rasa: 3.6.21"')

    def do_POST(self) -> None:  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._send(BODY)


def start_api(tree: Path, rasa_port: int, var: Path, stack: ExitStack, extra: list[str]) -> int:
    port = free_port()
    env = {
        **os.environ,
        "API_DATABASE_URL": f"sqlite:///{var / 'api.sqlite'}",
        "RASA_URL": f"http://127.0.0.1:{rasa_port}",
        "RASA_TRACKER_STORE_URL": f"sqlite:///{var / 'trackers.sqlite'}",
        "RATE_LIMIT_CHAT_PER_SESSION": "100000/minute",
        "RATE_LIMIT_CHAT_PER_ADDRESS": "100000/minute",
        "PYTHONPATH": str(tree),
    }
    subprocess.run(
        [API_BIN / "alembic", "-c", "api/alembic.ini", "upgrade", "head"],
        cwd=tree,
        env=env,
        check=True,
        capture_output=True,
    )
    log = (var / "api.log").open("w")
    proc = subprocess.Popen(
        [API_BIN / "uvicorn", "api.main:app", "--host", "127.0.0.1", "--port", str(port)]
        + ["--ws", "none", "--log-level", "warning", "--no-access-log", *extra],
        cwd=tree,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    stack.callback(proc.wait, 10)
    stack.callback(proc.terminate)
    wait_for(f"http://127.0.0.1:{port}/health", timeout=60)
    return port


def turn(conn: http.client.HTTPConnection, path: str, body: dict[str, Any]) -> tuple[float, Any]:
    data = json.dumps(body).encode()
    start = time.perf_counter()
    conn.request("POST", path, body=data, headers={"Content-Type": "application/json"})
    response = conn.getresponse()
    raw = response.read()
    seconds = time.perf_counter() - start
    if response.status != 200:
        raise RuntimeError(f"{path}: {response.status} {raw[:200]!r}")
    return seconds, json.loads(raw)


def summary(values: list[float]) -> dict[str, float]:
    return {"p50_ms": percentile(values, 50) * 1000, "p95_ms": percentile(values, 95) * 1000}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--baseline", help="a git ref to compare with (checked out in a worktree)")
    parser.add_argument(
        "--baseline-pure-python",
        action="store_true",
        help="run the baseline on uvicorn's pure-Python h11 parser and asyncio loop (the setup "
        "before uvicorn[standard]); this tree uses what uvicorn picks (httptools, uvloop)",
    )
    parser.add_argument("--turns", type=int, default=400, help="turns per tree (sequential)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()

    with ExitStack() as stack:
        rasa = ThreadingHTTPServer(("127.0.0.1", free_port()), StandInRasa)
        threading.Thread(target=rasa.serve_forever, daemon=True).start()
        stack.callback(rasa.shutdown)
        rasa_port = rasa.server_address[1]

        trees: dict[str, Path] = {"this tree": ROOT}
        if args.baseline:
            where = checkout(args.baseline, stack)
            label = f"baseline {args.baseline}" + (" (h11)" if args.baseline_pure_python else "")
            trees = {label: where, **trees}

        ports: dict[str, int] = {}
        for name, tree in trees.items():
            var = Path(stack.enter_context(tempfile.TemporaryDirectory()))
            pure = args.baseline_pure_python and tree != ROOT
            extra = ["--http", "h11", "--loop", "asyncio"] if pure else []
            ports[name] = start_api(tree, rasa_port, var, stack, extra)

        conns = {name: http.client.HTTPConnection("127.0.0.1", p) for name, p in ports.items()}
        direct = http.client.HTTPConnection("127.0.0.1", rasa_port)
        sessions: dict[str, str | None] = dict.fromkeys(ports)
        times: dict[str, list[float]] = {name: [] for name in [*ports, "stand-in directly"]}
        warm = 30
        for index in range(args.turns + warm):
            for name, conn in conns.items():
                body: dict[str, Any] = {
                    "office_id": "demo",
                    "message": f"費用はいくらですか{index}",
                }
                if sessions[name]:
                    body["session_id"] = sessions[name]
                # A session holds at most so many messages; start a new one now and then.
                if index % 50 == 0:
                    body.pop("session_id", None)
                seconds, data = turn(conn, "/api/v1/chat", body)
                sessions[name] = data["session_id"]
                if index >= warm:
                    times[name].append(seconds)
            seconds, _ = turn(direct, "/webhooks/rest/webhook", {"sender": "s", "message": "x"})
            if index >= warm:
                times["stand-in directly"].append(seconds)

    figures = {name: summary(values) for name, values in times.items()}
    base = figures["stand-in directly"]["p50_ms"]
    print(f"{args.turns} sequential turns per tree, SQLite, stand-in Rasa\n")
    print(f"{'':28} {'p50 ms':>8} {'p95 ms':>8} {'overhead p50 ms':>16}")
    for name, fig in figures.items():
        extra = "" if name == "stand-in directly" else f"{fig['p50_ms'] - base:16.2f}"
        print(f"{name:28} {fig['p50_ms']:8.2f} {fig['p95_ms']:8.2f} {extra}")
    if args.baseline:
        names = list(ports)
        ratio = figures[names[1]]["p50_ms"] / figures[names[0]]["p50_ms"]
        print(f"\nthis tree / baseline, p50 per turn: {ratio:.2f}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

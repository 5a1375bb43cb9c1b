"""Load and fault bench: N sessions x T turns through the API (or Rasa directly), side by side.

    # the whole comparison, each stack started by scripts/run.sh in a temporary VAR_DIR:
    .venvs/api/bin/python bench/load.py --matrix --sessions 16,64 --turns 10
    # one running stack:
    .venvs/api/bin/python bench/load.py --api http://127.0.0.1:8000 --sessions 16 --turns 10
    .venvs/api/bin/python bench/load.py --rasa http://127.0.0.1:5005 --sessions 16 --turns 10

Each session is one thread running a 10-turn conversation (FAQs, the personal-date flow, a
walkthrough step; three variants) with keep-alive HTTP. Reported: messages/s, latency
p50/p95/p99, errors by kind, RSS per process (peak during the run and at the end), and for the
API whether every session's history equals what was sent and answered, in order. `--long` also
sends 10,000- and 100,000-character messages to Rasa directly (time, Rasa's RSS). Not a test:
nothing is asserted; figures go to docs/benchmarks.md. Standard library only.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.serving.stack import Stack, wait_for  # noqa: E402  (after the sys.path line)

# Three 10-turn conversations like a visitor's: FAQs, the date flow (a month, then the day), and
# the application walkthrough with a question in the middle.
SCRIPTS: list[list[str]] = [
    [
        "費用はいくらですか",
        "いつから使えますか",
        "わたしの場合の日にちを知りたいです",
        "2024年4月",
        "1日",
        "申し込みの手順を1つずつ教えて",
        "次へ",
        "必要な書類は何ですか",
        "どんな支援を受けられますか",
        "ありがとうございました",
    ],
    [
        "申し込みの手順を1つずつ教えて",
        "次へ",
        "次へ",
        "前へ",
        "費用はいくらですか",
        "わたしの場合の日にちを知りたいです",
        "2023年10月",
        "15日",
        "3年たったらどうなりますか",
        "ありがとうございました",
    ],
    [
        "就労定着支援とは何ですか",
        "だれが使えますか",
        "2024年4月1日に就職しました。いつから使えますか？",
        "どこに申し込みますか",
        "申し込みの手順を1つずつ教えて",
        "次へ",
        "やめる",
        "手帳がなくても使えますか",
        "費用はいくらですか",
        "ありがとうございました",
    ],
]


HISTORY_LIMIT = 200  # api/services/chat.py


def script_for(index: int, turns: int) -> list[str]:
    script = SCRIPTS[index % len(SCRIPTS)]
    return [script[i % len(script)] for i in range(turns)]


@dataclass
class Turn:
    seconds: float
    status: int  # 0: no HTTP answer
    error: str | None
    messages: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Session:
    index: int
    sent: list[str]
    turns: list[Turn] = field(default_factory=list)
    session_id: str | None = None
    history_ok: bool | None = None
    history_problem: str = ""


def error_kind(status: int, body: Any) -> str:
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        return f"{status} {body['error'].get('code')}"
    return f"{status} {'json' if isinstance(body, (dict, list)) else 'text'}"


class Client:
    """One keep-alive HTTP connection (one per session thread)."""

    def __init__(self, base: str, timeout: float = 60) -> None:
        parts = urlsplit(base)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.timeout = timeout
        self.conn: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        data = None if body is None else json.dumps(body).encode()
        headers = {"Content-Type": "application/json"} if data is not None else {}
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            reused = self.conn.sock is not None
            try:
                self.conn.request(method, path, body=data, headers=headers)
                response = self.conn.getresponse()
                raw = response.read()
            except (OSError, http.client.HTTPException):
                self.conn.close()
                self.conn = None
                # Only a kept-alive connection the server closed while idle is tried again.
                if attempt == 2 or not reused:
                    raise
                continue
            try:
                return response.status, json.loads(raw) if raw else None
            except ValueError:
                return response.status, raw.decode(errors="replace")
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()


def run_api_session(session: Session, api: str) -> None:
    client = Client(api)
    try:
        for text in session.sent:
            body: dict[str, Any] = {"office_id": "demo", "message": text}
            if session.session_id:
                body["session_id"] = session.session_id
            start = time.perf_counter()
            try:
                status, data = client.request("POST", "/api/v1/chat", body)
            except (OSError, http.client.HTTPException) as exc:
                session.turns.append(Turn(time.perf_counter() - start, 0, type(exc).__name__))
                continue
            seconds = time.perf_counter() - start
            if status == 200:
                session.session_id = data["session_id"]
                session.turns.append(Turn(seconds, status, None, data["messages"]))
            else:
                session.turns.append(Turn(seconds, status, error_kind(status, data)))
        try:
            check_history(session, client)
        except (OSError, http.client.HTTPException) as exc:
            session.history_ok, session.history_problem = False, type(exc).__name__
    finally:
        client.close()


def check_history(session: Session, client: Client) -> None:
    """The stored history must be exactly the turns that got a 200, in order."""
    if session.session_id is None:
        session.history_ok, session.history_problem = False, "no session"
        return
    path = f"/api/v1/sessions/{session.session_id}/messages?office_id=demo"
    status, data = client.request("GET", path)
    if status != 200:
        session.history_ok, session.history_problem = False, f"history {status}"
        return
    expected: list[tuple[str, str]] = []
    for text, turn in zip(session.sent, session.turns, strict=True):
        if turn.status == 200:
            expected.append(("user", text))
            expected += [("bot", m.get("text", "")) for m in turn.messages]
    got = [
        ("user" if m.get("role") == "user" else "bot", m.get("text", "")) for m in data["messages"]
    ]
    session.history_ok = got == expected
    if not session.history_ok:
        session.history_problem = f"{len(got)} stored vs {len(expected)} expected"


def run_rasa_session(session: Session, rasa_urls: list[str], run_id: str) -> None:
    client = Client(rasa_urls[session.index % len(rasa_urls)])
    sender = f"bench-{run_id}-{session.index}"
    try:
        for text in session.sent:
            start = time.perf_counter()
            try:
                status, data = client.request(
                    "POST", "/webhooks/rest/webhook", {"sender": sender, "message": text}
                )
            except (OSError, http.client.HTTPException) as exc:
                session.turns.append(Turn(time.perf_counter() - start, 0, type(exc).__name__))
                continue
            seconds = time.perf_counter() - start
            ok = status == 200 and isinstance(data, list)
            error = None if ok else error_kind(status, data)
            session.turns.append(Turn(seconds, status, error, data if ok else []))
    finally:
        client.close()


# --- processes ---------------------------------------------------------------------------


def tree_rss_mb(pid: int) -> float:
    """RSS of a process and all its descendants, in MB (Linux /proc)."""
    total, todo, seen = 0, [pid], set()
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total / 1024


class RssSampler(threading.Thread):
    """Samples the RSS of the stack's processes every 0.5 s: peak and last value."""

    def __init__(self, pids: dict[str, int]) -> None:
        super().__init__(daemon=True)
        self.pids = pids
        self.peak: dict[str, float] = dict.fromkeys(pids, 0.0)
        self.last: dict[str, float] = dict.fromkeys(pids, 0.0)
        self.stopping = threading.Event()

    def sample(self) -> None:
        for name, pid in self.pids.items():
            rss = tree_rss_mb(pid)
            self.last[name] = rss
            self.peak[name] = max(self.peak[name], rss)

    def run(self) -> None:
        while not self.stopping.wait(0.5):
            self.sample()

    def stop(self) -> None:
        self.stopping.set()
        self.join()
        self.sample()


def stack_pids(var_dir: Path) -> dict[str, int]:
    pids = {}
    for pid_file in sorted((var_dir / "run").glob("*.pid")):
        if pid_file.stem not in ("purge", "redis"):
            pids[pid_file.stem] = int(pid_file.read_text())
    return pids


# --- runs --------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def run(
    *,
    label: str,
    sessions: int,
    turns: int,
    api: str | None = None,
    rasa_urls: list[str] | None = None,
    pids: dict[str, int] | None = None,
) -> dict[str, Any]:
    run_id = uuid.uuid4().hex[:8]
    all_sessions = [Session(i, script_for(i, turns)) for i in range(sessions)]
    sampler = RssSampler(pids or {})
    sampler.start()
    if api is not None:
        threads = [threading.Thread(target=run_api_session, args=(s, api)) for s in all_sessions]
    else:
        assert rasa_urls
        threads = [
            threading.Thread(target=run_rasa_session, args=(s, rasa_urls, run_id))
            for s in all_sessions
        ]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    sampler.stop()
    every = [t for s in all_sessions for t in s.turns]
    ok = [t.seconds * 1000 for t in every if t.status == 200 and t.error is None]
    errors = Counter(t.error for t in every if t.error is not None)
    checked = [s for s in all_sessions if s.history_ok is not None]
    result = {
        "label": label,
        "sessions": sessions,
        "turns": len(every),
        "ok": len(ok),
        "msg_per_s": len(ok) / wall if wall else 0.0,
        "p50_ms": percentile(ok, 50),
        "p95_ms": percentile(ok, 95),
        "p99_ms": percentile(ok, 99),
        "errors": dict(errors),
        "histories_ok": (
            f"{sum(1 for s in checked if s.history_ok)}/{len(checked)}" if checked else "n/a"
        ),
        "history_problems": [s.history_problem for s in checked if not s.history_ok][:5],
        "rss_peak_mb": {k: round(v) for k, v in sampler.peak.items()},
        "rss_end_mb": {k: round(v) for k, v in sampler.last.items()},
    }
    print(json.dumps(result, ensure_ascii=False), flush=True)
    return result


def warm_up(*, api: str | None, rasa_urls: list[str]) -> None:
    """A few turns first: Rasa's first predictions build TensorFlow graphs."""
    run(label="warm-up", sessions=2, turns=6, rasa_urls=rasa_urls)
    if api:
        run(label="warm-up", sessions=2, turns=6, api=api)


def long_messages(rasa_url: str, pid: int, lengths: list[int]) -> list[dict[str, Any]]:
    """Sends one message of each length to Rasa directly, then a short one from another sender
    (it must not wait long); reports the time and Rasa's RSS after each."""
    client = Client(rasa_url, timeout=900)
    out = []
    for length in lengths:
        text = ("費用はいくらですか。" * (length // 10 + 1))[:length]
        before = tree_rss_mb(pid)
        start = time.perf_counter()
        status, data = client.request(
            "POST", "/webhooks/rest/webhook", {"sender": f"long-{length}", "message": text}
        )
        seconds = time.perf_counter() - start
        start = time.perf_counter()
        client.request("POST", "/webhooks/rest/webhook", {"sender": "short", "message": "費用は"})
        short = time.perf_counter() - start
        row = {
            "chars": length,
            "status": status,
            "seconds": round(seconds, 3),
            "next_short_message_seconds": round(short, 3),
            "rss_before_mb": round(before),
            "rss_after_mb": round(tree_rss_mb(pid)),
            "replies": len(data) if isinstance(data, list) else data,
        }
        print(json.dumps(row, ensure_ascii=False), flush=True)
        out.append(row)
    client.close()
    return out


# --- the matrix --------------------------------------------------------------------------

PG_NAMES = {"PG_API_DB": "serve_bench_api", "PG_RASA_DB": "serve_bench_rasa"}


def drop_bench_databases() -> None:
    """Start from empty PostgreSQL databases (the role stays)."""
    import subprocess

    for db in PG_NAMES.values():
        subprocess.run(
            ["runuser", "-u", "postgres", "--", "dropdb", "--if-exists", "--force", db],
            check=False,
            capture_output=True,
        )


def matrix(sessions: list[int], turns: int, long: list[int]) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = []
    layouts = [
        ("SQLite, 1 Rasa", 1, {}),
        ("PostgreSQL, 1 Rasa", 1, {"POSTGRES": "1"}),
        ("PostgreSQL, 2 Rasa", 2, {}),
    ]
    for name, replicas, flags in layouts:
        with tempfile.TemporaryDirectory(prefix="serve-bench-") as tmp:
            env = {"PG_ROLE": "serve_bench", **PG_NAMES}
            if flags.get("POSTGRES") or replicas > 1:
                drop_bench_databases()
            if flags.get("POSTGRES"):
                # One Rasa on PostgreSQL: the scaled layout's databases without the replicas.
                env.update(pg_urls(Path(tmp)))
            stack = Stack(var_dir=Path(tmp), replicas=replicas, env=env)
            print(f"# starting: {name}", file=sys.stderr, flush=True)
            stack.start()
            try:
                pids = stack_pids(stack.var_dir)
                warm_up(api=stack.api, rasa_urls=stack.rasa_urls)
                for n in sessions:
                    if not flags:  # Rasa alone does not depend on the API's database
                        results.append(
                            run(
                                label=f"Rasa directly ({name})",
                                sessions=n,
                                turns=turns,
                                rasa_urls=stack.rasa_urls,
                                pids=pids,
                            )
                        )
                    results.append(
                        run(
                            label=f"API + {name}",
                            sessions=n,
                            turns=turns,
                            api=stack.api,
                            pids=pids,
                        )
                    )
                if long and replicas == 1 and not flags:
                    results += long_messages(stack.rasa_urls[0], pids["rasa"], long)
            finally:
                stack.stop()
    return results


def pg_urls(var_dir: Path) -> dict[str, str]:
    """API and tracker URLs on PostgreSQL (scripts/postgres.sh) for a one-Rasa stack."""
    import subprocess

    env = {**os.environ, "PG_ROLE": "serve_bench", "VAR_DIR": str(var_dir), **PG_NAMES}
    out = subprocess.run(
        ["bash", str(ROOT / "scripts" / "postgres.sh")],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    values = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)
    return {k: values[k] for k in ("API_DATABASE_URL", "RASA_TRACKER_STORE_URL")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--api", help="a running API (e.g. http://127.0.0.1:8000)")
    parser.add_argument("--rasa", help="running Rasa replicas, comma-separated")
    parser.add_argument("--matrix", action="store_true", help="start each layout and compare")
    parser.add_argument("--sessions", default="16", help="comma-separated, e.g. 16,64")
    parser.add_argument("--turns", type=int, default=10)
    parser.add_argument("--long", default="", help="e.g. 10000,100000 (sent to Rasa directly)")
    parser.add_argument("--var-dir", type=Path, help="the stack's VAR_DIR, for RSS per process")
    args = parser.parse_args()
    sessions = [int(n) for n in args.sessions.split(",")]
    long = [int(n) for n in args.long.split(",") if n]
    if args.matrix:
        matrix(sessions, args.turns, long)
        return 0
    if not (args.api or args.rasa):
        parser.error("give --api, --rasa or --matrix")
    pids = stack_pids(args.var_dir) if args.var_dir else {}
    rasa_urls = [u.strip() for u in (args.rasa or "").split(",") if u.strip()]
    if args.api:
        wait_for(f"{args.api}/health", 60)
    for n in sessions:
        if rasa_urls:
            run(label="Rasa directly", sessions=n, turns=args.turns, rasa_urls=rasa_urls, pids=pids)
        if args.api:
            run(label="API", sessions=n, turns=args.turns, api=args.api, pids=pids)
    if long and rasa_urls and "rasa" in pids:
        long_messages(rasa_urls[0], pids["rasa"], long)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

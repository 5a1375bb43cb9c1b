"""A small supervisor for `make run`: starts programs, restarts any that exits, runs periodic jobs.

    python scripts/supervise.py --log-dir var/log --run-dir var/run \\
        --program 'actions=rasa run actions --port 5055' \\
        --every 86400 'purge=python -m api.cli purge'

Each program's output goes to LOG_DIR/NAME.log (appended) and its pid to RUN_DIR/NAME.pid. A
program that exits is started again after a back-off of 1, 2, 4 … 30 seconds; the back-off starts
over once it has run for a minute. A job runs at start and then every SECONDS. SIGTERM or SIGINT
stops everything (SIGTERM to each process group, SIGKILL after 20 s). Standard library only: on a
production host, systemd does this instead (deploy/systemd/, docs/deploy.md).
"""

from __future__ import annotations

import argparse
import os
import shlex
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

BACKOFF_MAX_SECONDS = 30.0
STABLE_AFTER_SECONDS = 60.0
STOP_GRACE_SECONDS = 20.0


def log(message: str) -> None:
    print(f"{time.strftime('%Y-%m-%d %H:%M:%S')} supervise: {message}", file=sys.stderr, flush=True)


@dataclass
class Program:
    name: str
    argv: list[str]
    every: float | None = None  # a periodic job when set
    process: subprocess.Popen[bytes] | None = None
    started: float = 0.0
    failures: int = 0
    next_start: float = 0.0

    def start(self, log_dir: Path, run_dir: Path) -> None:
        out = open(log_dir / f"{self.name}.log", "ab")
        try:
            self.process = subprocess.Popen(
                self.argv, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        except OSError as exc:
            log(f"{self.name}: cannot start {self.argv[0]}: {exc}")
            self.process = None
            self.schedule_restart(time.monotonic())
            return
        finally:
            out.close()
        self.started = time.monotonic()
        (run_dir / f"{self.name}.pid").write_text(f"{self.process.pid}\n")
        log(f"{self.name}: started (pid {self.process.pid})")

    def schedule_restart(self, now: float) -> None:
        if now - self.started >= STABLE_AFTER_SECONDS:
            self.failures = 0
        delay = min(2.0**self.failures, BACKOFF_MAX_SECONDS)
        self.failures += 1
        self.next_start = now + delay
        log(f"{self.name}: restarting in {delay:.0f} s")

    def check(self, now: float, log_dir: Path, run_dir: Path) -> None:
        if self.process is None:
            if now >= self.next_start:
                self.start(log_dir, run_dir)
            return
        code = self.process.poll()
        if code is None:
            return
        ran = now - self.started
        self.process = None
        if self.every is not None:
            (run_dir / f"{self.name}.pid").unlink(missing_ok=True)
            log(f"{self.name}: finished with {code} after {ran:.1f} s")
            self.next_start = self.started + self.every
            return
        log(f"{self.name}: exited with {code} after {ran:.1f} s")
        self.schedule_restart(now)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            try:
                signal_group(self.process, signal.SIGTERM)
            except ProcessLookupError:
                pass


def signal_group(process: subprocess.Popen[bytes], sig: int) -> None:
    os.killpg(process.pid, sig)


def parse_program(spec: str, every: float | None = None) -> Program:
    name, sep, command = spec.partition("=")
    if not sep or not name.isidentifier() or not command.strip():
        raise argparse.ArgumentTypeError(f"expected NAME=COMMAND, not {spec!r}")
    return Program(name=name, argv=shlex.split(command), every=every)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--log-dir", type=Path, required=True)
    parser.add_argument("--run-dir", type=Path, required=True)
    parser.add_argument("--program", action="append", default=[], metavar="NAME=COMMAND")
    parser.add_argument(
        "--every", nargs=2, action="append", default=[], metavar=("SECONDS", "NAME=COMMAND")
    )
    args = parser.parse_args(argv)
    programs = [parse_program(spec) for spec in args.program]
    programs += [parse_program(spec, float(seconds)) for seconds, spec in args.every]
    args.log_dir.mkdir(parents=True, exist_ok=True)
    args.run_dir.mkdir(parents=True, exist_ok=True)

    stopping = False

    def request_stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    for program in programs:
        program.start(args.log_dir, args.run_dir)
    while not stopping:
        time.sleep(0.5)
        now = time.monotonic()
        for program in programs:
            program.check(now, args.log_dir, args.run_dir)

    log("stopping")
    for program in programs:
        program.stop()
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for program in programs:
        if program.process is None:
            continue
        try:
            program.process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            log(f"{program.name}: did not stop; killing it")
            try:
                signal_group(program.process, signal.SIGKILL)
            except ProcessLookupError:
                pass
            program.process.wait()
        (args.run_dir / f"{program.name}.pid").unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

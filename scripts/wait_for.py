"""Waits until every URL answers HTTP 200, printing progress; exits 1 on timeout.

Usage: python scripts/wait_for.py URL [URL ...] [--timeout SECONDS]
"""

from __future__ import annotations

import argparse
import sys
import time
import urllib.error
import urllib.request


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--timeout", type=float, default=180)
    args = parser.parse_args()
    deadline = time.monotonic() + args.timeout
    pending = list(args.urls)
    while pending and time.monotonic() < deadline:
        pending = [url for url in pending if not answers(url)]
        if pending:
            print(f"  waiting for {', '.join(pending)} ...", file=sys.stderr, flush=True)
            time.sleep(3)
    if pending:
        print(
            f"ERROR: no answer from {', '.join(pending)} after {args.timeout:.0f} s",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

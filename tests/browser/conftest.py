"""Live servers for the widget's browser tests, all on loopback and free ports.

- Rasa + the action server from .venvs/rasa with the trained model (as tests/integration does).
- The API (uvicorn from this venv) on a temporary SQLite database, migrated with Alembic.
- Two host sites on other ports (other origins than the API): one the office allows, one it
  does not. The allowed origin is added through the staff API with a key made by `api.cli`.
- Debian's chromium driven by Playwright (never `playwright install`).
"""

from __future__ import annotations

import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.live_servers import MODEL, free_port, running_bot, stop, wait_until_up

ROOT = Path(__file__).resolve().parents[2]
API_BIN = Path(sys.executable).parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

HOST_PAGE = """<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>ホストページ {n}（テスト用の架空の事業所）</title></head>
<body><header><a href="/page2.html">次のページ</a></header>
<main><h1>テスト用の架空の事業所 {n}</h1><p>チャットの埋め込みを試すページです。</p></main>
<script src="{api}/widget.js" data-office="demo" async></script></body></html>
"""


@pytest.fixture(scope="session")
def workdir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="widget-tests-") as d:
        yield Path(d)


@pytest.fixture(scope="session")
def rasa_url(workdir: Path) -> Iterator[str]:
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train` (make test does it first)")
    with running_bot(workdir, model=MODEL) as url:
        yield url


@dataclass
class Sites:
    api: str
    allowed: str  # a host site the demo office allows
    other: str  # a host site it does not allow
    staff_key: str  # a staff key of the demo office


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    def handler(*a: Any, **k: Any) -> http.server.SimpleHTTPRequestHandler:
        return http.server.SimpleHTTPRequestHandler(*a, directory=str(directory), **k)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.RequestHandlerClass.log_message = lambda *a, **k: None  # type: ignore[method-assign]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="session")
def sites(workdir: Path, rasa_url: str) -> Iterator[Sites]:
    api_port = free_port()
    api = f"http://127.0.0.1:{api_port}"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "RASA_URL": rasa_url,
        "API_DATABASE_URL": f"sqlite:///{workdir / 'api.sqlite'}",
        "PUBLIC_BASE_URL": api,  # the API's own origin (the demo page) and its links
    }
    subprocess.run(
        [str(API_BIN / "alembic"), "-c", str(ROOT / "api" / "alembic.ini"), "upgrade", "head"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    key = subprocess.run(
        [str(API_BIN / "python"), "-m", "api.cli", "create-key", "demo", "browser tests"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    log = open(workdir / "api.log", "wb")  # noqa: SIM115
    server = subprocess.Popen(
        [
            str(API_BIN / "uvicorn"),
            "api.main:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(api_port),
            "--ws",
            "none",
            "--no-proxy-headers",  # the client address is the socket's (api/rate_limits.py)
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    servers = []
    try:
        wait_until_up(f"{api}/health", server, timeout=60)
        origins = []
        for n in (1, 2):
            d = workdir / f"site{n}"
            d.mkdir()
            for page in ("index.html", "page2.html"):
                (d / page).write_text(HOST_PAGE.format(n=n, api=api), encoding="utf-8")
            srv, origin = serve(d)
            servers.append(srv)
            origins.append(origin)
        # Allow the first site through the staff API, as an office would.
        auth = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
        with urllib.request.urlopen(
            urllib.request.Request(f"{api}/api/v1/staff/settings", headers=auth)
        ) as r:
            settings = json.loads(r.read())
        settings["allowed_origins"] = [*settings["allowed_origins"], origins[0]]
        del settings["id"]
        put = urllib.request.Request(
            f"{api}/api/v1/staff/settings",
            data=json.dumps(settings).encode(),
            headers=auth,
            method="PUT",
        )
        with urllib.request.urlopen(put) as r:
            assert r.status == 200
        yield Sites(api=api, allowed=origins[0], other=origins[1], staff_key=key)
    finally:
        for srv in servers:
            srv.shutdown()
        stop([server])
        log.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: scripts/setup.sh installs Debian's chromium")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    ctx = browser.new_context(locale="ja-JP", viewport={"width": 1024, "height": 768})
    ctx.set_default_timeout(30_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()

"""docs/api.md says what the code does: its route table, its error table and its custom-message
contract are checked against the app's OpenAPI paths, api.errors and bot/protocol.py."""

from __future__ import annotations

import re

from conftest import ROOT

from api.config import Settings
from api.errors import ERRORS
from api.main import create_app
from bot import protocol

DOC = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    """The text under a heading, up to the next heading of the same or a higher level."""
    match = re.search(rf"^(#+) {re.escape(title)}\n", DOC, flags=re.M)
    assert match, title
    level = len(match.group(1))
    rest = DOC[match.end() :]
    end = re.search(rf"^#{{1,{level}}} ", rest, flags=re.M)
    return rest[: end.start()] if end else rest


def table_rows(text: str) -> list[list[str]]:
    """The cells of the first table in `text`, without its header."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("|"))
    rows = []
    for line in lines[start + 2 :]:  # after the header and the |---| line
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]])
    return rows


def test_every_route_is_in_the_route_table() -> None:
    spec = create_app(Settings(API_DATABASE_URL="sqlite://")).openapi()
    served = {
        (method.upper(), path)
        for path, operations in spec["paths"].items()
        for method in operations
    }
    documented = set()
    for methods, path, _what in table_rows(section("Routes")):
        for method in re.findall(r"`([A-Z]+)`", methods):
            documented.add((method, path.strip("`")))
    assert documented == served


def test_the_error_table_is_the_error_code_table() -> None:
    rows = table_rows(section("Errors"))
    documented = {code.strip("`"): (int(status), message) for status, code, message, _ in rows}
    assert len(documented) == len(rows), "a code is listed twice"
    assert documented == {
        code.value: (status, message) for code, (status, message) in ERRORS.items()
    }
    statuses = [int(status) for status, *_ in rows]
    assert statuses == sorted(statuses)


def custom_keys() -> dict[str, str]:
    """NAME → value of every custom-message key in bot/protocol.py's custom-message section."""
    source = (ROOT / "bot" / "protocol.py").read_text(encoding="utf-8")
    part = source.split("# --- custom messages", 1)[1].split("# ---", 1)[0]
    return dict(re.findall(r'^([A-Z_]+): Final = "([a-z_]+)"', part, flags=re.M))


def test_the_custom_message_table_has_every_protocol_key() -> None:
    keys = custom_keys()
    assert keys["EASY_JA"] == protocol.EASY_JA and len(keys) >= 7
    rows = table_rows(section("From Rasa to the API"))
    documented = {row[0] for row in rows}
    assert documented == {f"`{value}` (`{name}`)" for name, value in keys.items()}

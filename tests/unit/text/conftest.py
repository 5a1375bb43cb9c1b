"""Fixtures for the text tests: a full `unidic` package that fugashi would prefer."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import unidic_lite


@pytest.fixture
def fake_full_unidic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A `unidic` package (symlinks to unidic-lite's files) that fugashi would prefer."""
    dicdir = tmp_path / "fake_unidic_dicdir"
    dicdir.mkdir()
    for name in os.listdir(unidic_lite.DICDIR):
        (dicdir / name).symlink_to(Path(unidic_lite.DICDIR) / name)
    package = tmp_path / "site" / "unidic"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(f"DICDIR = {str(dicdir)!r}\nVERSION = 'fake'\n")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    monkeypatch.delitem(sys.modules, "unidic", raising=False)
    yield dicdir
    sys.modules.pop("unidic", None)

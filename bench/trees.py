"""Another commit of this repository beside this tree, for the side-by-side benches."""

from __future__ import annotations

import subprocess
import tempfile
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def checkout(ref: str, stack: ExitStack, *, with_venvs: bool = False) -> Path:
    """REF in a temporary git worktree, removed when `stack` closes. `with_venvs` links this
    tree's .venvs into it, for scripts that look for the environments in their own tree."""
    where = Path(stack.enter_context(tempfile.TemporaryDirectory())) / "baseline"
    subprocess.run(
        ["git", "worktree", "add", "--detach", str(where), ref],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    stack.callback(
        subprocess.run,
        ["git", "worktree", "remove", "--force", str(where)],
        cwd=ROOT,
        capture_output=True,
    )
    if with_venvs:
        (where / ".venvs").symlink_to(ROOT / ".venvs")
    return where

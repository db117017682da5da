"""The layers are enforced: the tree keeps every import contract, and each contract fails as
soon as one forbidden import is added (so none of them can pass by accident)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "handlers", "conversations", "models", "notifier", "sandbox")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

pytestmark = pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="import-linter not installed")


def copy_tree(target: Path) -> None:
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, target / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")


def lint(tree: Path) -> tuple[int, str]:
    done = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=tree,
        env={**os.environ, "PYTHONPATH": str(tree)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return done.returncode, done.stdout + done.stderr


def broken_contracts(output: str) -> set[str]:
    return {m.group(1).strip() for m in re.finditer(r"^(.+?)\s+BROKEN$", output, re.M)}


def test_the_tree_keeps_every_contract(tmp_path: Path) -> None:
    copy_tree(tmp_path)
    code, output = lint(tmp_path)
    assert code == 0, output
    assert "0 broken" in output


@pytest.mark.parametrize(
    ("module", "statement", "contract"),
    [
        ("handlers/kit/replies.py", "import bot.settings", "Nothing imports the composition root"),
        ("models/clock.py", "import bot", "Nothing imports the composition root"),
        ("sandbox/__init__.py", "import models", "The sandbox is a Bot API emulator"),
        ("handlers/common.py", "import conversations", "Chat layers"),
        ("models/clock.py", "import handlers", "Chat layers"),
        ("models/clock.py", "import notifier", "Notices: notifier -> models"),
        ("notifier/base.py", "import handlers", "The chat layer and the notifier never"),
        ("handlers/common.py", "import notifier", "The chat layer and the notifier never"),
        ("conversations/__init__.py", "import notifier", "Flows never import the notifier"),
        ("models/clock.py", "import telegram", "The domain knows no Telegram"),
        ("models/clock.py", "import aiohttp", "The domain knows no Telegram"),
        ("models/clock.py", "import twilio", "The domain knows no Telegram"),
        ("models/clock.py", "import html", "The domain knows no Telegram"),
        ("models/clock.py", "import handlers.texts", "The domain knows no Telegram"),
    ],
)
def test_each_contract_catches_a_forbidden_import(
    tmp_path: Path, module: str, statement: str, contract: str
) -> None:
    copy_tree(tmp_path)
    path = tmp_path / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{statement}  # noqa\n", "utf-8")
    code, output = lint(tmp_path)
    assert code != 0, output
    assert any(name.startswith(contract) for name in broken_contracts(output)), output

"""Generate the next aerich migration for SQLite *and* PostgreSQL in one file.

aerich writes SQL for one dialect; the bot runs on SQLite (embedded default) and on
PostgreSQL (production). This runs aerich offline once per dialect on a scratch copy of
`migrations/` and merges the two into one file whose `upgrade(db)` picks by dialect.

    .venv/bin/python scripts/makemigration.py add_access_lists
"""

from __future__ import annotations

import asyncio
import importlib.util
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from aerich import Command
from tortoise import Tortoise
from tortoise.context import TortoiseContext

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.db import MIGRATIONS_DIR, tortoise_config

DIALECT_URLS = {
    "sqlite": "sqlite://:memory:",
    "postgres": "postgres://scratch@127.0.0.1:1/scratch",
}


async def _generate(url: str, name: str, scratch: Path) -> Path | None:
    shutil.copytree(MIGRATIONS_DIR, scratch, dirs_exist_ok=True)
    before = set((scratch / "models").glob("*.py")) if (scratch / "models").exists() else set()
    command = Command(tortoise_config=tortoise_config(url), app="models", location=str(scratch))
    async with TortoiseContext():  # each dialect in a clean Tortoise state
        return await _run(command, name, scratch, before)


async def _run(command: Command, name: str, scratch: Path, before: set[Path]) -> Path | None:
    try:
        if not before:
            await command._do_init(safe=True, offline=True)
        else:
            await command.init(offline=True)
            created = await command.migrate(name, no_input=True, offline=True)
            if not created:
                return None
    finally:
        await Tortoise.close_connections()
    new = sorted(set((scratch / "models").glob("*.py")) - before)
    return new[0] if new else None


def _load(path: Path):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _sql_dict(sql: dict[str, str]) -> str:
    """One readable triple-quoted SQL block per dialect."""
    items = []
    for dialect, text in sql.items():
        escaped = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
        items.append(f'    "{dialect}": """{escaped}""",')
    return "{\n" + "\n".join(items) + "\n}"


async def main(name: str) -> int:
    files: dict[str, Path] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for dialect in DIALECT_URLS:
            # aerich keeps class-level state between runs: one process per dialect.
            child = subprocess.run(
                [sys.executable, __file__, "--one", dialect, name, str(Path(tmp) / dialect)],
                check=True,
                capture_output=True,
                text=True,
            )
            out = child.stdout.strip().splitlines()
            generated = Path(out[-1]) if out and out[-1] != "-" else None
            if generated is None:
                print("No changes: the models match the last migration.")
                return 0
            files[dialect] = generated
        upgrades, downgrades = {}, {}
        for dialect, path in files.items():
            module = _load(path)
            upgrades[dialect] = await module.upgrade(None)
            downgrades[dialect] = await module.downgrade(None)
        sqlite_text = files["sqlite"].read_text()
        state = sqlite_text[sqlite_text.index("MODELS_STATE") :]
        filename = files["sqlite"].name
    filename = re.sub(r"_(init|update)\.py$", f"_{name}.py", filename) if name else filename
    body = [
        '"""'
        + f"Migration {name}: generated for SQLite and PostgreSQL by scripts/makemigration.py."
        + '"""',
        "",
        "from tortoise import BaseDBAsyncClient",
        "",
        "RUN_IN_TRANSACTION = True",
        "",
        "_UPGRADE = " + _sql_dict(upgrades),
        "",
        "_DOWNGRADE = " + _sql_dict(downgrades),
        "",
        "",
        "async def upgrade(db: BaseDBAsyncClient) -> str:",
        "    return _UPGRADE[db.capabilities.dialect]",
        "",
        "",
        "async def downgrade(db: BaseDBAsyncClient) -> str:",
        "    return _DOWNGRADE[db.capabilities.dialect]",
        "",
        "",
        state,
    ]
    target = MIGRATIONS_DIR / "models" / filename
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(body))
    print(f"Wrote {target.relative_to(ROOT)}")
    return 0


async def _one(dialect: str, name: str, scratch: str) -> int:
    generated = await _generate(DIALECT_URLS[dialect], name, Path(scratch))
    print(generated if generated is not None else "-")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--one":
        raise SystemExit(asyncio.run(_one(*sys.argv[2:])))
    raise SystemExit(asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else "update")))

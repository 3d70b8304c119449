"""The built wheel carries data/ and seeds/, and an installed `attache` answers from anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(REPO_ROOT)],
        check=True,
        timeout=300,
    )
    (path,) = out.glob("attache-*.whl")
    return path


def test_wheel_contains_data_seeds_and_migrations(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "bot/data/gazetteer.json",
        "bot/data/countries.json",
        "bot/data/organisations.json",
        "bot/data/question_words.json",
        "bot/data/thesaurus.json",
        "bot/data/cues.json",
        "bot/data/names.json",
        "bot/data/roles.json",
        "bot/seeds/000_d50673e553b10579.txt",
        "bot/seeds/statements.json",
        "bot/store/migrations/env.py",
        "bot/store/migrations/versions/0001_initial.py",
        "adapters/console/render.py",
    ):
        assert required in names, required
    assert not any(n.startswith("tests/") for n in names)


def test_installed_wheel_answers_from_another_directory(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    site = Path(
        subprocess.check_output(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], text=True
        ).strip()
    )
    zipfile.ZipFile(wheel).extractall(site)
    # Dependencies (SQLAlchemy, Alembic...) come from the environment running the tests;
    # a path added by a .pth file sits after the venv's own site-packages, so `bot` is the
    # wheel's copy even when the project is also installed there.
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    workdir = tmp_path / "elsewhere"
    workdir.mkdir()
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    where = subprocess.run(
        [python, "-c", "import bot; print(bot.__file__)"],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert where.startswith(str(site))
    result = subprocess.run(
        [python, "-m", "bot.cli", "ask", "What are Russia's conditions?"],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Sergei Lavrov, Russia's foreign minister" in result.stdout
    assert "1. the West would have to take into account" in result.stdout
    # The default database went to the user's data directory, not the working directory.
    assert list((tmp_path / "data" / "attache").glob("attache.sqlite3"))
    assert not list(workdir.iterdir())

"""The archive as others would run it: from the wheel alone, and under ProperDocs.

* A packaged install works: the wheel built from `pyproject.toml` is installed into a clean virtual
  environment, WITHOUT requirements.lock (pip resolves the declared dependencies from the package
  index), and that environment builds the starter archive strictly. A run-time import missing from
  `dependencies` fails here.
* ProperDocs (the maintained fork of MkDocs 1.x, `properdocs` 1.6.7 in the lock) builds the same site
  as MkDocs 1.6.1: every file of both site trees is compared, byte for byte (no page names its
  generator: overrides/main.html leaves out the theme's generator meta tag).

The starter archive is the session's copy of `docs/`, `mkdocs.yml` and `overrides/`, built once with the
lock's MkDocs (`real_archive` in conftest.py); both tests compare against that build.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, SOURCE_DATE_EPOCH, RealArchive

GENERATOR = re.compile(r'<meta name="generator" content="([^"]*)">')


def _env(**extra: str) -> dict[str, str]:
    """The environment of a fresh shell: no virtual environment, no PYTHONPATH."""
    keep = ("PATH", "HOME", "LANG", "TMPDIR", "PIP_CONFIG_FILE", "PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL",
            "PIP_FIND_LINKS", "PIP_CERT", "PIP_DEFAULT_TIMEOUT", "SSL_CERT_FILE")
    env = {k: v for k, v in os.environ.items() if k in keep}
    return {**env, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1", **extra}


def _run(cmd: list[str], cwd: Path, timeout: int = 600, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(c) for c in cmd], cwd=cwd, env=_env(**env), capture_output=True, text=True,
                          timeout=timeout)


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def starter(real_archive: RealArchive) -> Path:
    """The session's copy of the starter archive, as a new archive would start from it."""
    return real_archive.root


@pytest.fixture(scope="module")
def mkdocs_site(real_archive: RealArchive) -> Path:
    """The starter archive built by the lock's MkDocs (the session's build of the real archive)."""
    return real_archive.site


def test_properdocs_builds_the_same_site_as_mkdocs(starter: Path, mkdocs_site: Path, tmp_path: Path):
    site = tmp_path / "site-properdocs"
    run = _run([sys.executable, "-m", "properdocs", "build", "--strict", "-q", "-d", site], starter,
               SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH)  # the build date of the session's build
    assert run.returncode == 0, run.stderr

    ours, theirs = _tree(mkdocs_site), _tree(site)
    assert sorted(ours) == sorted(theirs)
    assert len(ours) > 50, sorted(ours)  # the whole archive, not an empty shell
    generators, differing = [], []
    for rel, data in ours.items():
        other = theirs[rel]
        if rel.endswith(".html"):
            generators += GENERATOR.findall(data.decode("utf-8")) + GENERATOR.findall(other.decode("utf-8"))
        if data != other:
            differing.append(rel)
    assert differing == []
    # Not even the generator differs: no page names it.
    assert generators == []


def test_the_wheel_alone_builds_the_starter_archive(starter: Path, mkdocs_site: Path, tmp_path: Path):
    # The source as a sdist would carry it (built outside the work tree, which stays clean).
    source = tmp_path / "source"
    shutil.copytree(REPO / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    dist = tmp_path / "dist"
    run = _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                "--disable-pip-version-check", "-w", dist, source], tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    (wheel,) = dist.glob("slow_cinema_archive-*.whl")

    # A clean environment, and only the wheel's declared dependencies, resolved by pip.
    venv = tmp_path / "clean"
    base = getattr(sys, "_base_executable", sys.executable)
    run = _run([base, "-m", "venv", venv], tmp_path)
    assert run.returncode == 0, run.stderr
    python = venv / "bin" / "python"
    run = _run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", wheel], tmp_path,
               timeout=900)
    assert run.returncode == 0, run.stdout + run.stderr
    run = _run([python, "-c", "import slowcinema, slowcinema_mkdocs; print(slowcinema.__file__)"], tmp_path)
    assert run.returncode == 0 and run.stdout.startswith(str(venv)), run.stdout + run.stderr

    # It validates and builds the starter archive, strictly, into the same pages.
    run = _run([venv / "bin" / "slowcinema", "check"], starter)
    assert run.returncode == 0, run.stdout + run.stderr
    site = tmp_path / "site"
    run = _run([venv / "bin" / "mkdocs", "build", "--strict", "-q", "-d", site], starter)
    assert run.returncode == 0, run.stderr
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert pages == sorted(p.relative_to(mkdocs_site).as_posix() for p in mkdocs_site.rglob("*.html"))
    assert "<video" in (site / "clips/long-take-studies/slow-pan/index.html").read_text(encoding="utf-8")

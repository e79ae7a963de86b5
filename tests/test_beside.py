"""The build's second processes (slowcinema.archive.beside): essay pages and the search index made there give
the same site, byte for byte, as a build that makes everything in one process."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EN, ZH, make_project

# `mkdocs build` as the command line runs it (one thread), with the threshold for essay pages beside it set
# (argv[1]; "alone": no second process at all), and a second process that dies at once (argv[3]).
_BUILD = """
import json, os, sys
from slowcinema.essays import pages
from slowcinema.search import build as search
if len(sys.argv) > 3:  # the second process dies at its first page, or as it begins the index
    def dying(*args):
        os._exit(3)
    pages._sent = search._made_beside = dying
if sys.argv[1] == "alone":
    pages.second_process = search.second_process = lambda handed: None
else:
    pages.BESIDE_AFTER = int(sys.argv[1])
from mkdocs.commands.build import build
from mkdocs.config import load_config
build(load_config("mkdocs.yml", site_dir=sys.argv[2]))
print(json.dumps({"essays_beside": pages.built_beside, "index_beside": search.made_beside}))
"""


def _build(root: Path, after: int | str, site: Path, *dying: str) -> tuple[dict, dict[str, str]]:
    run = subprocess.run([sys.executable, "-c", _BUILD, str(after), str(site), *dying], cwd=root, capture_output=True,
                         text=True, timeout=300, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert run.returncode == 0, run.stderr[-3000:]
    files = {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in sorted(site.rglob("*")) if p.is_file()}
    return json.loads(run.stdout.splitlines()[-1]), files


def test_a_build_with_a_second_process_writes_the_same_site(tmp_path):
    if len(os.sched_getaffinity(0)) < 2:
        pytest.fail("this test needs a machine with two cores, as the build's second process does")
    project = make_project(tmp_path / "proj")
    for n in range(8):
        project.essay(f"essay-{n}", zh=ZH.replace("等待的形状", f"等待的形状之{n + 1}"),
                      en=EN.replace("The Shape of Waiting", f"The Shape of Waiting, {n + 1}"))
    alone, one = _build(project.root, "alone", tmp_path / "one")
    shutil.rmtree(project.root / ".cache")  # a build from nothing again, not from the first one's cache
    beside, two = _build(project.root, 4, tmp_path / "two")
    assert alone == {"essays_beside": 0, "index_beside": 0}
    # Essay pages go to the second process as their languages are converted, from the fourth missing in the
    # cache (the first three are built here); at the end this process builds the later half of those still
    # waiting, so at least one of the five and at most all were built there. The index is made in another.
    assert 1 <= beside["essays_beside"] <= 5 and beside["index_beside"] == 1
    assert two == one and len(one) > 50
    shutil.rmtree(project.root / ".cache")
    died, three = _build(project.root, 4, tmp_path / "three", "dying")  # every essay page and the index made here instead
    assert died == {"essays_beside": 0, "index_beside": 0} and three == one
    edit = project.root / "docs/essays/essay-3/index.en.md"
    edit.write_text(edit.read_text(encoding="utf-8").replace("Waiting, 4", "Waiting, four"), encoding="utf-8")
    edited, four = _build(project.root, 4, tmp_path / "four")  # one essay missing from the cache: built here
    assert edited == {"essays_beside": 0, "index_beside": 1} and four != one


# The command line's `mkdocs build`, with a last word at exit (registered first, so it runs after the build's own).
_CLI = """
import atexit, gc, sys
atexit.register(lambda: print(f"frozen at exit: {gc.get_freeze_count()}", file=sys.stderr))
from mkdocs.__main__ import cli
sys.argv = ["mkdocs", "build", "--strict", "--clean"]
cli()
"""


def test_a_build_process_ends_without_the_collectors_last_pass(tmp_path):
    """`mkdocs build` freezes what it holds at exit (slowcinema.archive.ending), so that Python's last collections
    skip it; the build's log is still written whole, and the command still says how it ended."""
    project = make_project(tmp_path / "proj")
    project.essay("essay-1")
    run = subprocess.run([sys.executable, "-c", _CLI], cwd=project.root, capture_output=True, text=True, timeout=300,
                         env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert run.returncode == 0, run.stderr[-3000:]
    frozen = int(run.stderr.rsplit("frozen at exit: ", 1)[1])
    assert frozen > 10_000 and "Documentation built in" in run.stderr, run.stderr[-3000:]
    (project.root / "docs/essays/essay-1/index.en.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    failed = subprocess.run([sys.executable, "-c", _CLI], cwd=project.root, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert failed.returncode == 1 and "index.en.md" in failed.stderr, failed.stderr[-3000:]


def test_the_second_process_reads_what_the_build_handed_it_and_this_one_holds_nothing():
    if len(os.sched_getaffinity(0)) < 2:
        pytest.fail("this test needs a machine with two cores, as the build's second process does")
    script = """
from slowcinema.archive import beside
handed = {"pages": ["a", "b"]}
pool = beside.second_process(handed)
print(pool.submit(beside.handed).result() == handed, pool.submit(beside.handed).result() is handed)
pool.shutdown()
try:
    beside.handed()
except RuntimeError:
    print("not here")
"""
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stdout.split() == ["True", "False", "not", "here"]  # the same value, sent back as a copy

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
import json, logging, os, sys
from slowcinema.archive import ahead
from slowcinema.essays import pages
from slowcinema.search import build as search
if sys.argv[3:] == ["dying"]:  # the second process dies as it begins the work ahead (or its first page), or the index
    def dying(*args):
        os._exit(3)
    ahead.run = pages._sent = search._made_beside = dying
if "nothing ahead" in sys.argv[3:]:  # neither the values asked for late nor the conversions from the last one back
    from slowcinema.archive import index_pages
    from slowcinema_mkdocs import kept
    index_pages.ahead = kept.ahead = lambda *args: None
if sys.argv[3:] == ["slow here"]:  # this process converts each page slowly: the second process converts ahead of it
    import time
    from slowcinema_mkdocs import kept
    here, render = os.getpid(), kept.Keeper.render
    def slowly(self, *args):
        if os.getpid() == here:
            time.sleep(0.5)
        return render(self, *args)
    kept.Keeper.render = slowly
if "all there" in sys.argv[3:]:  # every page sent is built there: this process waits for them before it takes them
    from concurrent.futures import Future, wait
    cached_all = pages.cached_all
    def waiting(st, jobs, early=None):
        wait([page for _, _, page in early.offered.values() if isinstance(page, Future)] if early else [])
        return cached_all(st, jobs, early)
    pages.cached_all = waiting
if sys.argv[1] == "alone":
    pages.second_process = search.second_process = lambda handed: None
else:
    pages.BESIDE_AFTER = int(sys.argv[1])
said = []
logging.getLogger("mkdocs").addHandler(type("Heard", (logging.Handler,), {"emit": lambda self, r: said.append(r.getMessage())})())
logging.getLogger("mkdocs").setLevel(logging.INFO)
from mkdocs.commands.build import build
from mkdocs.config import load_config
build(load_config("mkdocs.yml", site_dir=sys.argv[2]))
account = next(line.split("): ", 1)[1] for line in said if "Build cache (" in line)
print(json.dumps({"essays_beside": pages.built_beside, "index_beside": search.made_beside, "ahead": ahead.joined,
                  "started_first": pages.started_first,
                  "written_ahead": ahead.written, "kinds_ahead": ahead.kinds, "cache": account,
                  "warnings": [m for m in said if "essay-06" in m]}))
"""


def _build(root: Path, after: int | str, site: Path, *modes: str) -> tuple[dict, dict[str, str]]:
    run = subprocess.run([sys.executable, "-c", _BUILD, str(after), str(site), *modes], cwd=root, capture_output=True,
                         text=True, timeout=300, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert run.returncode == 0, run.stderr[-3000:]
    files = {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in sorted(site.rglob("*")) if p.is_file()}
    return json.loads(run.stdout.splitlines()[-1]) | {"stderr": run.stderr}, files


def _essays(tmp_path: Path, n: int):
    """A project of `n` essays (essay-00...), on a machine where the build can have a second process."""
    if len(os.sched_getaffinity(0)) < 2:
        pytest.fail("this test needs a machine with two cores, as the build's second process does")
    project = make_project(tmp_path / "proj")
    for i in range(n):
        project.essay(f"essay-{i:02}", zh=ZH.replace("等待的形状", f"等待的形状之{i + 1}"),
                      en=EN.replace("The Shape of Waiting", f"The Shape of Waiting, {i + 1}"))
    return project


def test_a_build_with_a_second_process_writes_the_same_site(tmp_path):
    project = _essays(tmp_path, 8)
    alone, one = _build(project.root, "alone", tmp_path / "one")
    shutil.rmtree(project.root / ".cache")  # a build from nothing again, not from the first one's cache
    beside, two = _build(project.root, 4, tmp_path / "two")
    assert alone["essays_beside"] == alone["index_beside"] == alone["ahead"] == alone["started_first"] == 0
    # Eight bundles read anew (four or more): the second process starts before the first page. Essay pages go to it
    # as their languages are converted, and it builds at once those it converts itself (kind "essay" of the work
    # ahead); at the end this process builds the later half of those still waiting, so at least one and at most all
    # were built there. The index is made in another. First that process did the work ahead (the related entries,
    # the tag pages: archive.ahead), which this one found in the cache: still built in this build, not reused, as its
    # account says.
    there = beside["essays_beside"] + beside["kinds_ahead"].get("essay", 0)
    assert beside["started_first"] == 1 and 1 <= there <= 8, beside
    assert beside["index_beside"] == 1 and beside["ahead"] == 1
    assert two == one and len(one) > 50
    # What was made ahead, this process then found in the cache. How many were made there is a race for most kinds (a
    # tag's page this process reaches first is found there, not made); not the related entries, the work ahead's
    # first, which this process asks for only once every page is converted: the eight essays' blocks, and their list.
    related = {kind: beside["kinds_ahead"].get(kind) for kind in ("related", "related-block", "related-block-all")}
    assert related == {"related": 1, "related-block": 8, "related-block-all": 1}, beside
    assert sum(related.values()) <= beside["written_ahead"], beside
    # Each entry is counted once, as built in this build, wherever it was made and found (BuildCache.join): the
    # cache's account is the one-process build's, entry for entry, with nothing counted as reused.
    assert beside["cache"] == alone["cache"] and alone["cache"].startswith("0 entries reused, "), (alone, beside)
    shutil.rmtree(project.root / ".cache")
    without, same = _build(project.root, 4, tmp_path / "without", "nothing ahead")  # the same site without it
    assert same == one and without["ahead"] == 1 and without["written_ahead"] == 0
    shutil.rmtree(project.root / ".cache")
    died, three = _build(project.root, 4, tmp_path / "three", "dying")  # all of it done here instead
    assert (died["essays_beside"], died["index_beside"], died["ahead"]) == (0, 0, 0) and three == one
    again, _ = _build(project.root, 4, tmp_path / "again")  # after a build whose second process died
    assert again["cache"].split(", ")[1].startswith("0 built"), again
    # Every essay page built there and nothing converted ahead: the templates of an essay page were compiled there
    # alone, and kept in the cache there. They are this build's entries, counted and kept (`BuildCache.join`), not
    # removed at its end as unused.
    shutil.rmtree(project.root / ".cache")
    there, five = _build(project.root, 1, tmp_path / "five", "nothing ahead", "all there")
    assert five == one and there["essays_beside"] == 8 and there["written_ahead"] == 0, there
    assert there["cache"].endswith(" 0 unused removed."), there
    edit = project.root / "docs/essays/essay-03/index.en.md"
    edit.write_text(edit.read_text(encoding="utf-8").replace("Waiting, 4", "Waiting, four"), encoding="utf-8")
    edited, four = _build(project.root, 4, tmp_path / "four")  # one essay missing from the cache: built here
    assert (edited["essays_beside"], edited["index_beside"], edited["ahead"], edited["started_first"]) == (0, 1, 0, 0)
    assert four != one


def test_pages_converted_ahead_in_the_second_process_give_the_same_site_and_warnings(tmp_path):
    """The second process converts the bundles from the last one back (slowcinema_mkdocs.kept, `ahead`), with
    every plugin's page events, and builds their essay pages, until this process reaches them: here each is found
    in the cache. Its warnings (a link that leads nowhere, a script removed, paragraphs not paired) are said once,
    here: the page that warned in its conversion is converted again here; the other two are kept with what they say."""
    project = _essays(tmp_path, 8)
    late = project.root / "docs/essays/essay-06/index.en.md"  # converted ahead: a link that leads nowhere, a script
    late.write_text(late.read_text(encoding="utf-8") + "\nSee [the notes](nowhere.md) <script>alert(1)</script>.\n",
                    encoding="utf-8")
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("strict: true", "strict: false"), encoding="utf-8")
    alone, one = _build(project.root, "alone", tmp_path / "one")
    shutil.rmtree(project.root / ".cache")
    ahead, two = _build(project.root, 2, tmp_path / "two", "slow here")
    assert two == one and len(alone["warnings"]) == 3 and ahead["warnings"] == alone["warnings"], (alone, ahead)
    assert "essay-06" not in ahead["stderr"]  # not said by the second process as well
    # The essays after the second were converted there (their Markdown, the cleaned HTML and the essay page kept),
    # all but the one that warned, whose essay page was still built there: this process found them in the cache.
    kinds = ahead["kinds_ahead"]
    assert kinds["markdown"] >= 5 and kinds["clean"] >= 6 and kinds["essay"] >= 3, ahead
    assert kinds["markdown"] % 2 == 1  # the page with a warning is never kept
    # Made in this build wherever it was made, never reused; only what one build asks for twice is reused, asked
    # for in each process (the lists of the work ahead, there and here again).
    reused = lambda account: int(account.split()[0])  # noqa: E731
    assert reused(ahead["cache"]) <= 2 * reused(alone["cache"]) < sum(kinds.values()), (alone, ahead)
    again, three = _build(project.root, 2, tmp_path / "three")
    assert three == one and again["warnings"] == alone["warnings"] and again["cache"].split(", ")[1].startswith("1 built")


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


# The archive read as `mkdocs build` reads it, with the build cache, by a process with one thread: the bundles missing
# from the cache from the second on (argv[1]; "alone": no second process) split, the later half read beside.
_LOAD = """
import json, sys
from pathlib import Path
from slowcinema.archive.load import load_archive
from slowcinema.essays import bundle
from slowcinema.web import cache
if sys.argv[1] == "alone":
    bundle.second_process = lambda handed: None
else:
    bundle.BESIDE_AFTER = int(sys.argv[1])
if sys.argv[2:] == ["dying"]:
    import os
    def dying():
        os._exit(3)
    bundle._read_there = dying
store = cache.for_project(Path("."), "mkdocs.yml", "docs", "overrides")
archive, problems = load_archive(Path("docs"), Path("."), store)
print(json.dumps({"essays": [cache.key(e) for e in archive.essays], "problems": [str(p) for p in problems],
                  "account": [store.hits, store.misses], "used": len(store.used), "beside": bundle.read_beside}))
"""


def _load(root: Path, after: int | str, *dying: str) -> dict:
    run = subprocess.run([sys.executable, "-c", _LOAD, str(after), *dying], cwd=root, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout.splitlines()[-1])


def test_bundles_read_beside_are_the_same_bundles_with_the_same_problems(tmp_path):
    """A build from nothing reads the later half of the bundles in a second process (slowcinema.essays.bundle):
    the same essays, the same problems at the same files and lines, each bundle kept in the cache and counted once;
    and the next build finds every sound one there."""
    project = _essays(tmp_path, 12)
    for n in (2, 10):  # a problem in a bundle read here, and in one read beside
        bad = project.root / f"docs/essays/essay-{n:02}/index.en.md"
        bad.write_text(bad.read_text(encoding="utf-8").replace("summary:", "colour: red\nsummary:"), encoding="utf-8")
    alone = _load(project.root, "alone")
    shutil.rmtree(project.root / ".cache")
    beside = _load(project.root, 2)  # from the second missing bundle: 10 left, the later 5 read beside
    assert len(alone["essays"]) == 10 and len(alone["problems"]) == 2  # the two with a problem are not published
    assert [p.split(":")[0] for p in beside["problems"]] == [p.split(":")[0] for p in alone["problems"]]
    assert alone.pop("beside") == 0 and beside.pop("beside") == 5
    assert beside == alone, (alone, beside)  # the same bundles, problems, account (10 sound made and kept)
    assert "essay-10/index.en.md" in alone["problems"][1]
    again = _load(project.root, 2)
    data = len(list((project.root / ".cache/slowcinema/yaml").rglob("*.json")))  # the data files' YAML (authors...)
    assert data > 0 and alone["account"] == [0, 12 + data]
    assert again["account"] == [10 + data, 2] and again["essays"] == alone["essays"]  # the two with problems read again
    shutil.rmtree(project.root / ".cache")
    died = _load(project.root, 2, "dying")  # the second process dies: its bundles are read here
    assert died.pop("beside") == 0 and died == alone

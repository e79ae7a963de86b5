"""The core stands without MkDocs; the scaffold script writes bundles that pass validation."""

from __future__ import annotations

import pkgutil
import re
import shutil
import subprocess
import sys

from conftest import REPO, ZH, Project, record_images

import slowcinema
from slowcinema.archive.load import load_archive

SCRIPT = REPO / "scripts" / "new_entry.py"


# An interpreter where MkDocs, Material and ProperDocs cannot be imported at all.
_REFUSE = ("import sys, importlib, importlib.abc\n"
           "class Refuse(importlib.abc.MetaPathFinder):\n"
           "    def find_spec(self, name, path=None, target=None):\n"
           "        if name.split('.')[0] in ('mkdocs', 'material', 'properdocs'):\n"
           "            raise ImportError('the core imported ' + name)\n"
           "sys.meta_path.insert(0, Refuse())\n")


def _import_without_mkdocs(modules: list[str]) -> subprocess.CompletedProcess:
    code = _REFUSE + f"for m in {modules!r}: importlib.import_module(m)\n"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)


def test_core_package_never_imports_mkdocs():
    """Every module of the core, sub-packages included, imports where MkDocs cannot be imported:
    any import of it, however indirect, fails the test."""
    modules = [m.name for m in pkgutil.walk_packages(slowcinema.__path__, "slowcinema.")]
    assert len(modules) >= 60 and "slowcinema.essays.page" in modules and "slowcinema.clips.views" in modules
    run = _import_without_mkdocs(modules)
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_mkdocs_free_check_can_fail():
    """The same interpreter set-up refuses an adapter module, so the test above is not vacuous."""
    run = _import_without_mkdocs(["slowcinema_mkdocs.archive.plugin"])
    assert run.returncode != 0 and "the core imported mkdocs" in run.stderr


def _scaffold(project: Project, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *args, "--docs", str(project.docs)],
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60)


def test_scaffold_writes_a_valid_bilingual_draft(project: Project):
    run = _scaffold(project, "essay", "new-one", "--title-zh", "新文章", "--title-en", "A New One", "--date", "2026-11-20")
    assert run.returncode == 0, run.stderr
    assert "created" in run.stdout and "index.zh.md" in run.stdout and "index.en.md" in run.stdout
    archive, problems = load_archive(project.docs, project.root)
    assert not problems, problems.report()
    essay = archive.essay("new-one")
    assert essay.draft and essay.original == "zh" and essay.languages == ("zh", "en")
    assert essay.versions["zh"].title == "新文章" and essay.authors == ("editors",)
    assert essay.versions["en"].translators == ()  # no one has translated it yet


def test_scaffold_takes_the_author_and_translators_and_writes_a_films_line(project: Project):
    run = _scaffold(project, "essay", "by-lin", "--author", "lin", "--translator", "editors",
                    "--title-zh", "新文章", "--title-en", "A New One")
    assert run.returncode == 0, run.stderr
    archive, problems = load_archive(project.docs, project.root)
    assert not problems, problems.report()
    essay = archive.essay("by-lin")
    assert essay.authors == ("lin",) and essay.versions["en"].translators == ("editors",)
    zh = (project.docs / "essays/by-lin/index.zh.md").read_text(encoding="utf-8")
    assert "\nfilms: []" in zh and "](../other-slug/)" in zh
    unknown = _scaffold(project, "essay", "by-newcomer", "--author", "a-newcomer")
    assert unknown.returncode == 0 and "'a-newcomer' is not in docs/authors.yml yet" in unknown.stdout


def test_a_folder_without_language_files_gets_a_fix_that_works_as_printed(project: Project):
    """A contributor put the photos in first: the folder's problem names a command, which, run as printed
    in a checkout of this project, fills that folder (photos kept) rather than refusing it as taken.
    A folder that has a language file is still refused."""
    from PIL import Image

    folder = project.docs / "essays/rain-at-night"
    folder.mkdir(parents=True)
    Image.new("RGB", (40, 30), "gray").save(folder / "still.png")
    record_images(folder, "still.png")
    [hit] = [p for p in load_archive(project.docs, project.root)[1] if p.file == "docs/essays/rain-at-night"]
    assert hit.message == "the essay bundle has no index.zh.md or index.en.md"
    printed = re.fullmatch(r"(make new-essay SLUG=rain-at-night) writes both into it, or remove the folder", hit.fix)
    assert printed, hit.fix
    # The project as a checkout: the Makefile and the script beside docs/, the repository's .venv linked
    # in (`-o` keeps make from reinstalling it, which other tests may be using at the same time).
    for name in ("Makefile", "requirements.lock", "pyproject.toml"):
        shutil.copy(REPO / name, project.root / name)
    (project.root / "scripts").mkdir()
    shutil.copy(SCRIPT, project.root / "scripts" / SCRIPT.name)
    (project.root / ".venv").symlink_to(REPO / ".venv")
    make, target, slug = printed.group(1).split()
    run = subprocess.run([make, "-o", ".venv/.installed", target, slug], cwd=project.root, capture_output=True,
                         text=True, stdin=subprocess.DEVNULL, timeout=60)
    assert run.returncode == 0, run.stdout + run.stderr
    archive, problems = load_archive(project.docs, project.root)
    assert not problems, problems.report()
    assert archive.essay("rain-at-night").draft and (folder / "still.png").is_file()
    again = _scaffold(project, "essay", "rain-at-night")
    assert again.returncode == 1 and "already exists" in again.stderr


def test_scaffold_english_original_and_titles_needing_quotes(project: Project):
    run = _scaffold(project, "essay", "quoted", "--original", "en", "--title-en", 'Time: a "study"', "--title-zh", "时间：研究")
    assert run.returncode == 0, run.stderr
    archive, problems = load_archive(project.docs, project.root)
    assert not problems, problems.report()
    assert archive.essay("quoted").versions["en"].title == "Time: a “study”"  # typed straight, set curly
    assert archive.essay("quoted").original == "en"


def test_scaffold_refuses_existing_and_invalid_slugs(project: Project):
    assert _scaffold(project, "essay", "dup").returncode == 0
    again = _scaffold(project, "essay", "dup")
    assert again.returncode == 1 and "already exists" in again.stderr
    upper = _scaffold(project, "essay", "DUP")
    assert upper.returncode == 1 and "not a valid slug" in upper.stderr
    bad = _scaffold(project, "essay", "no spaces")
    assert bad.returncode == 1 and "lowercase ASCII" in bad.stderr


def test_scaffold_asks_for_titles_in_a_terminal(project: Project):
    import os
    import pty

    pid, fd = pty.fork()
    if pid == 0:  # the child runs the script with the terminal as stdin and stdout
        os.execv(sys.executable, [sys.executable, str(SCRIPT), "essay", "asked", "--docs", str(project.docs)])
    transcript = b""

    def read_until(marker: bytes) -> None:
        nonlocal transcript
        while marker not in transcript:
            transcript += os.read(fd, 1024)

    read_until("Author id".encode())
    os.write(fd, b"lin\n")
    read_until("中文标题".encode())
    os.write(fd, "问来的标题\n".encode())
    read_until(b"English title")
    os.write(fd, b"An Asked Title\n")
    try:
        read_until(b"Next:")
    except OSError:
        pass
    os.waitpid(pid, 0)
    archive, problems = load_archive(project.docs, project.root)
    assert not problems, problems.report()
    assert archive.essay("asked").versions["zh"].title == "问来的标题"
    assert archive.essay("asked").versions["en"].title == "An Asked Title"
    assert archive.essay("asked").authors == ("lin",)


def test_loading_again_reuses_unchanged_bundles_and_rereads_what_changed(project: Project):
    """`mkdocs serve` loads the archive for every rebuild: a bundle whose files and registries are as
    they were is the same Essay; an edited file, a changed registry or a bundle with problems is read again."""
    import os

    project.essay("first")
    project.essay("second", zh=ZH.replace("等待的形状", "第二篇"))
    archive, problems = load_archive(project.docs, project.root)
    assert not problems
    again, _ = load_archive(project.docs, project.root)
    assert again.essay("first") is archive.essay("first") and again.essay("second") is archive.essay("second")

    zh = project.docs / "essays/second/index.zh.md"
    zh.write_text(zh.read_text().replace("第二篇", "改过的一篇"))
    os.utime(zh, ns=(zh.stat().st_mtime_ns + 10**9,) * 2)  # newer, whatever the clock's grain
    edited, _ = load_archive(project.docs, project.root)
    assert edited.essay("first") is archive.essay("first")
    assert "改过的一篇" in edited.essay("second").versions["zh"].title

    authors = project.docs / "authors.yml"
    authors.write_text(authors.read_text() + "\n")  # the same authors: still reused
    assert load_archive(project.docs, project.root)[0].essay("first") is archive.essay("first")
    authors.write_text(authors.read_text().replace("editors", "the-editors"))  # every bundle checked again
    relinked, problems = load_archive(project.docs, project.root)
    assert relinked.essay("first") is None and any("editors" in p.message for p in problems)
    for _ in range(2):  # a bundle with a problem reports it at every load
        assert any(p.file == "docs/essays/first/index.zh.md" for p in load_archive(project.docs, project.root)[1])


def test_a_bundle_is_found_by_its_address_and_the_index_follows_the_lists(project: Project):
    project.essay("first")
    archive, problems = load_archive(project.docs, project.root)
    assert not problems
    first = archive.essay("first")
    assert archive.bundle(first.url) is first and archive.bundle("essays/none/") is None
    archive.essays = []  # another list: indexed again
    assert archive.bundle(first.url) is None

"""`make serve` on a copy of the real archive, edited as contributors edit it, on one running server.

The real command runs (`make serve ADDR=127.0.0.1:PORT`, that is `mkdocs serve --dirty`) in a
temporary copy of docs/, mkdocs.yml, overrides/ and the Makefile, with the repository's .venv linked
in (`-o .venv/.installed`: make never reinstalls from the copy). The server runs in its own process
group and is always ended, as scripts/bench_serve.py does it.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REPO

sys.path.insert(0, str(REPO / "scripts"))
from bench_serve import _stop, free_port  # noqa: E402

START_S = 420  # the first build of the whole archive, on a shared 2-core machine
EDIT_S = 120  # one rebuild, with the file watcher's debounce

ESSAY = "essays/the-pull-of-the-average/"
PAGES = {  # one page of each kind, and what it always shows
    "home": ("", "sca-entries"),
    "essay": (ESSAY, "sca-row"),
    "manifesto": ("manifesto/slow-films/", 'id="principles"'),
    "timeline": ("timeline/", "andrei-rublev"),
    "clip": ("clips/long-take-studies/slow-pan/", "<video"),
    "film": ("films/tokyo-story/", "Tokyo Story"),
}
NEW_ZH = """\
---
title: 预览里的新文章
date: 2026-11-20
authors: [editors]
tags: [long-take]
original: zh
summary: 一篇在预览中写成的文章。
---

开头的一段，谈等待。

## 长镜头

镜头里，时间慢慢流过。
"""
NEW_EN = """\
---
title: A New Essay in the Preview Servetokennew
summary: An essay written while the preview runs.
translators: [editors]
---

The opening paragraph, on waiting.

## The long take

In the shot, time passes slowly.
"""


@dataclass
class Server:
    root: Path
    base: str
    proc: subprocess.Popen
    log: Path

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def get(self, path: str) -> str | None:
        try:
            with urllib.request.urlopen(self.base + path, timeout=10) as r:
                return r.read().decode("utf-8", "replace")
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            return None

    def alive(self) -> None:
        if self.proc.poll() is not None:
            pytest.fail(f"make serve exited with {self.proc.returncode}:\n{self.output()[-4000:]}")

    def wait_page(self, path: str, text: str, timeout: float = EDIT_S) -> str:
        deadline = time.monotonic() + timeout
        while True:
            self.alive()
            page = self.get(path)
            if page is not None and text in page:
                return page
            if time.monotonic() > deadline:
                pytest.fail(f"/{path} did not show {text!r} within {timeout:.0f} s:\n{self.output()[-4000:]}")
            time.sleep(0.2)

    def wait_output(self, pattern: str, after: int, timeout: float = EDIT_S) -> re.Match:
        deadline = time.monotonic() + timeout
        while True:
            self.alive()
            m = re.search(pattern, self.output()[after:])
            if m:
                return m
            if time.monotonic() > deadline:
                pytest.fail(f"the server's output never matched {pattern!r}:\n{self.output()[after:][-4000:]}")
            time.sleep(0.2)

    def edit(self, rel: str, old: str, new: str) -> None:
        path = self.docs / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def every_page_renders(self) -> None:
        for name, (path, always) in PAGES.items():
            page = self.get(path)
            assert page is not None and "</html>" in page and always in page, (name, path, (page or "")[-500:])


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Server:
    root = tmp_path_factory.mktemp("serve")
    for name in ("docs", "overrides"):
        shutil.copytree(REPO / name, root / name, symlinks=True)
    for name in ("mkdocs.yml", "Makefile", "requirements.lock", "pyproject.toml"):
        shutil.copy2(REPO / name, root / name)
    (root / ".venv").symlink_to(REPO / ".venv")
    port = free_port()
    log = root / "serve.log"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(root), "LANG": "C.UTF-8"}
    with open(log, "wb") as out:
        proc = subprocess.Popen(["make", "-o", ".venv/.installed", "serve", f"ADDR=127.0.0.1:{port}"], cwd=root, env=env,
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    srv = Server(root, f"http://127.0.0.1:{port}/", proc, log)
    try:
        srv.wait_page("", "</html>", timeout=START_S)
        srv.every_page_renders()
        yield srv
    finally:
        _stop(proc)


def test_every_kind_of_edit_shows_without_a_restart(server: Server):
    s = server
    edits = [  # (what, file, old, new, page that shows it, text it shows)
        ("essay text", f"{ESSAY}index.en.md", "Ask a video model", "Servetokentext ask a video model",
         ESSAY, "Servetokentext"),
        ("essay front matter", f"{ESSAY}index.en.md", "title: The Pull of the Average",
         "title: The Pull of the Servetokentitle Average", "", "The Pull of the Servetokentitle Average"),
        ("manifesto principle", "manifesto/slow-films/principles.yml", "en: The weight of time}",
         "en: The weight of Servetokenprinciple time}", "manifesto/slow-films/", "The weight of Servetokenprinciple time"),
        ("signatory", "manifesto/slow-films/signatories.yml", "# No one has signed yet.\n",
         f"# No one has signed yet.\n- name: {{zh: 林一, en: Servetokensignatory}}\n  date: {dt.date.today().isoformat()}\n",
         "manifesto/slow-films/", "Servetokensignatory"),
        ("timeline event", "timeline/films.yml", "en: Finished in 1966 and then held back for years",
         "en: Finished in 1966 and then held back for years Servetokenevent", "timeline/", "Servetokenevent"),
        ("registry entry", "films.yml", "title: {zh: 东京物语, en: Tokyo Story}",
         "title: {zh: 东京物语, en: Tokyo Story Servetokenfilm}", "films/tokyo-story/", "Tokyo Story Servetokenfilm"),
        ("clip notes", "clips/long-take-studies/clips/slow-pan.en.vtt", "The pan moves at full speed",
         "The pan moves Servetokenclip at full speed", "clips/long-take-studies/slow-pan/", "Servetokenclip"),
    ]
    for what, rel, old, new, path, shown in edits:
        s.edit(rel, old, new)
        s.wait_page(path, shown)
        s.every_page_renders()
        if what == "essay front matter":  # a listed title: the essays listing it at their foot follow
            s.wait_page(ESSAY, "The Pull of the Servetokentitle Average")
        if what == "registry entry":  # the essays naming the film follow
            s.wait_page(ESSAY, "Tokyo Story Servetokenfilm")
    # A new bundle: its page, and the lists that show it.
    (s.docs / "essays/serve-new").mkdir()
    (s.docs / "essays/serve-new/index.zh.md").write_text(NEW_ZH, encoding="utf-8")
    (s.docs / "essays/serve-new/index.en.md").write_text(NEW_EN, encoding="utf-8")
    new = s.wait_page("essays/serve-new/", "A New Essay in the Preview Servetokennew")
    assert "开头的一段，谈等待。" in new
    s.wait_page("", "Servetokennew")
    s.every_page_renders()
    output = s.output()
    assert "Traceback" not in output and "appear stuck" not in output, output[-4000:]


def test_a_broken_edit_names_its_file_and_line_and_fixing_it_brings_the_preview_back(server: Server):
    s = server
    cases = [  # (file, old, broken, the message's pattern, fixed, page that shows the fix)
        ("timeline/films.yml", "title: {zh: 镜子, en: Mirror}", "title: {zh: 镜子, en: Mirror",
         r"docs/timeline/films\.yml:(\d+)", "title: {zh: 镜子, en: Mirror Servetokenfixed}", "timeline/"),
        (f"{ESSAY}index.en.md", "translators: [editors]", "translators: [editors]\nsubtitle: A subtitle",
         r"docs/essays/the-pull-of-the-average/index\.en\.md:(\d+): subtitle: unknown field",
         "translators: [editors]", ESSAY),
    ]
    for n, (rel, old, broken, pattern, fixed, path) in enumerate(cases):
        text = (s.docs / rel).read_text(encoding="utf-8")
        line = text[: text.index(old)].count("\n") + 1
        at = len(s.output())
        s.edit(rel, old, broken)
        m = s.wait_output(pattern, at)
        assert abs(int(m.group(1)) - line) <= 1, (m.group(0), line)
        s.wait_output(r"The preview waits for a good build", at)  # instead of MkDocs' "will appear stuck"
        s.alive()
        s.edit(rel, broken, fixed)
        if "Servetokenfixed" in fixed:
            s.wait_page(path, "Servetokenfixed")
        else:  # the field removed: the text's next edit shows
            token = f"Servetokenfix{'ab'[n]}"
            s.edit(rel, "It follows from what these systems", f"It follows from what {token} these systems")
            s.wait_page(path, token)
        s.every_page_renders()
    output = s.output()
    assert "Traceback" not in output and "appear stuck" not in output, output[-4000:]


def test_the_preview_reloads_itself_under_its_content_security_policy(server: Server, chromium):
    from slowcinema.web import csp

    s = server
    served = s.get(ESSAY)
    assert served is not None
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', served).group(1)
    reload_script = re.findall(r"<script>(.*?)</script>", served, re.S)[-1]
    assert "livereload" in reload_script
    script_src = next(d for d in policy.split("; ") if d.startswith("script-src"))
    assert "'unsafe-inline'" not in policy and csp._hash(reload_script) in script_src.split()
    built_page = (served.replace(f"<script>{reload_script}</script>", "")
                  .replace(f" {csp._hash(reload_script)}", ""))
    assert csp.insert(re.sub(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">\n', "", built_page)) \
        == built_page  # apart from that one hash, the policy is the one the build wrote

    page = chromium.new_page()
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    try:
        page.goto(s.base + ESSAY)
        page.evaluate("window.scaNotReloaded = true")
        page.wait_for_timeout(1000)  # the reload script is polling
        s.edit(f"{ESSAY}index.en.md", "The look is no conspiracy", "Servetokenreload the look is no conspiracy")
        deadline = time.monotonic() + EDIT_S
        while True:  # no page.reload(): the page's own script reloads it
            try:
                if page.evaluate("document.body.innerText.includes('Servetokenreload')"):
                    break
            except Exception:  # the document is being replaced
                pass
            assert time.monotonic() < deadline, s.output()[-3000:]
            page.wait_for_timeout(100)
        assert page.evaluate("window.scaNotReloaded === undefined")  # a new document: the page reloaded itself
        assert not violations, violations
    finally:
        page.close()


def test_a_built_page_allows_no_reload_script(tmp_path: Path):
    from conftest import build, make_project

    p = make_project(tmp_path / "proj")
    p.essay("the-shape-of-waiting")
    result = build(p.root)
    assert result.ok, result.log
    html = result.page("essays/the-shape-of-waiting/index.html")
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', html).group(1)
    assert "'unsafe-inline'" not in policy and "livereload" not in html
    from slowcinema.web import csp

    assert policy == csp.policy(html.replace(re.search(r'<meta http-equiv="Content-Security-Policy"[^>]*>', html).group(0), ""))

"""Shared fixtures: small archives written into temporary folders and built with the real MkDocs."""

from __future__ import annotations

import functools
import http.server
import logging
import re
import shutil
import textwrap
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

AUTHORS = """\
editors:
  name: {zh: 编辑部, en: The Editors}
lin:
  name: {zh: 林一, en: Lin Yi}
"""
TAGS = """\
long-take: {zh: 长镜头, en: Long take}
light: {zh: 光, en: Light}
"""
FILMS = """\
stray-dogs:
  title: {zh: 郊游, en: Stray Dogs}
  original: 郊遊
  director: {zh: 蔡明亮, en: Tsai Ming-liang}
  year: 2013
  country: [Taiwan, France]
stalker:
  title: {zh: 潜行者, en: Stalker}
  original: Сталкер
  director: {zh: 安德烈·塔可夫斯基, en: Andrei Tarkovsky}
  year: 1979
  country: Soviet Union
"""

ZH = """\
---
title: 等待的形状
date: 2026-11-02
authors: [editors]
tags: [long-take]
original: zh
summary: 一篇关于等待的文章。
---

开头的第一段，谈长镜头。

## 长镜头

第一节的第一段，时间在镜头里流过。

第一节的第二段。
"""
EN = """\
---
title: The Shape of Waiting
summary: An essay about waiting.
translators: [lin]
---

The opening paragraph, on the long take.

## The long take

First paragraph of the first section: time passes in the shot.

Second paragraph of the first section.
"""


@dataclass
class Project:
    root: Path

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text) if text.startswith("\n") else text, encoding="utf-8")
        return path

    def essay(self, slug: str, zh: str | None = ZH, en: str | None = EN) -> None:
        if zh is not None:
            self.write(f"essays/{slug}/index.zh.md", zh)
        if en is not None:
            self.write(f"essays/{slug}/index.en.md", en)


def make_project(root: Path) -> Project:
    """A copy of the real site configuration and overrides at `root`, with a small archive of its own."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "overrides", root / "overrides")
    p = Project(root)
    p.write("authors.yml", AUTHORS)
    p.write("tags.yml", TAGS)
    p.write("films.yml", FILMS)
    p.write("index.md", "---\ntitle: Home\n---\n\n# 慢电影档案\n\nIntro.\n")
    p.write("essays/index.md", "---\ntitle: Essays\n---\n\n# 文章 Essays\n")
    p.write("contribute.md", "---\ntitle: Contribute\n---\n\n# Contribute\n\n## Translate { #translate }\n\nHow.\n\n"
            "## Sign { #sign }\n\nHow.\n")
    for page in nav_pages():  # every other page the real navigation names gets a stub
        if not (p.docs / page).exists():
            p.write(page, f"---\ntitle: {page}\n---\n\n# {page}\n")
    return p


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return make_project(tmp_path / "proj")


def nav_pages() -> list[str]:
    """The Markdown files named in the real mkdocs.yml's nav."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    nav = text[text.index("\nnav:"):].split("\n\n", 1)[0]
    return re.findall(r":\s*([\w/.-]+\.md)\s*$", nav, re.M)


@dataclass
class BuildResult:
    ok: bool
    site: Path
    log: list[tuple[str, str]]  # (level, message)

    def messages(self, level: str | None = None) -> list[str]:
        return [m for lv, m in self.log if level is None or lv == level]

    def page(self, rel: str) -> str:
        return (self.site / rel).read_text(encoding="utf-8")


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[tuple[str, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.levelname, record.getMessage()))


def build(root: Path, _command: str = "build", **overrides) -> BuildResult:
    """Build the project at `root` with MkDocs itself (in this process), strict as configured."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, BuildError

    site = root / "site"
    handler = _Capture()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel(logging.INFO)
    ok = True
    try:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(site), **overrides)
        config.plugins.on_startup(command=_command, dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
    except (Abort, BuildError, SystemExit):
        ok = False
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    return BuildResult(ok, site, handler.records)


@pytest.fixture
def built(project: Project) -> BuildResult:
    project.essay("the-shape-of-waiting")
    result = build(project.root)
    assert result.ok, result.log
    return result


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def serve():
    """Serve a built site on 127.0.0.1; returns a function site_dir -> base URL."""
    servers = []

    def start(site: Path) -> str:
        handler = functools.partial(_Quiet, directory=str(site))
        srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        servers.append(srv)
        return f"http://127.0.0.1:{srv.server_port}"

    yield start
    for srv in servers:
        srv.shutdown()
        srv.server_close()


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (.ci/run does it)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def wait_for_js(page, expression: str, timeout: float = 10.0) -> None:
    """Wait until `expression` is truthy in the page. Playwright's wait_for_function evaluates a
    string inside the page, which the site's Content-Security-Policy (rightly) forbids; evaluate()
    goes through the browser's protocol instead."""
    import time

    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for: {expression}")
        page.wait_for_timeout(50)

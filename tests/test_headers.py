"""The _headers file (slowcinema.web.headers) on the real archive: valid for Netlify and Cloudflare Pages
(read here as each host reads it), and the site served under it by a small server that applies it, as
those hosts do, driven in Chromium: reading modes, search, clip playback and notes, citation copy, with
no Content-Security-Policy violation (Chromium reports the header's and the <meta>'s) and no console error."""

from __future__ import annotations

import functools
import http.server
import re
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import QuietServer, wait_for_js

from slowcinema.web import headers

LONG = "public, max-age=31536000, immutable"
SHORT = "public, max-age=0, must-revalidate"
META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"')


# -- the file, read as the hosts read it ----------------------------------------------------------
def parse(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Rules as (path, [(name, value)]): a line starting with "/" opens a rule, an indented
    `Name: value` line adds to it, "#" lines are comments (Netlify's line parser, Cloudflare's syntax)."""
    out: list[tuple[str, list[tuple[str, str]]]] = []
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("/"):
            assert raw == line, f"line {n}: a path starts the line: {raw!r}"
            out.append((line, []))
            continue
        assert raw.startswith((" ", "\t")), f"line {n}: a header line is indented: {raw!r}"
        assert out, f"line {n}: a header before any path"
        name, sep, value = line.partition(":")
        assert sep and re.fullmatch(r"[A-Za-z0-9-]+", name.strip()) and value.strip(), f"line {n}: not `Name: value`: {raw!r}"
        out[-1][1].append((name.strip(), value.strip()))
    return out


def netlify_matches(pattern: str, path: str) -> bool:
    """Netlify's matching (@netlify/headers-parser, for_regexp): parts split on "/", `:name` one
    part, a lone `*` anything (optional), a trailing slash optional, case-insensitive."""
    def part(p: str) -> str:
        if p.startswith(":"):
            return "([^/]+)"
        if p == "*":
            return "?(.*)"
        return p.replace("*", "(.*)") if "*" in p else re.escape(p)
    body = "/".join(part(p) for p in (x.rstrip() for x in pattern.split("/")) if p)
    return re.match(f"^/{body}/?$", path, re.I) is not None


def cloudflare_matches(pattern: str, path: str) -> bool:
    """Cloudflare Pages' matching: one `*` splat (anything, "/" included), `:name` placeholders (one part)."""
    rx = re.escape(pattern).replace(r"\*", "(?P<splat>.*)")
    rx = re.sub(r":(\w+)", r"(?P<\1>[^/]+)", rx)
    return re.fullmatch(rx, path) is not None


def headers_for(rules, path: str, matches=cloudflare_matches) -> dict[str, str]:
    """Every matching rule's headers; a name set twice gets its values joined with ", " (both hosts)."""
    out: dict[str, str] = {}
    for pattern, pairs in rules:
        if matches(pattern, path):
            for name, value in pairs:
                out[name] = f"{out[name]}, {value}" if name in out else value
    return out


def urls(site: Path) -> list[str]:
    """The address of every file of the site, and of every folder's index page."""
    out = []
    for p in sorted(site.rglob("*")):
        if p.is_file() and p.name != headers.FILE:
            rel = p.relative_to(site).as_posix()
            out.append("/" + rel)
            if p.name == "index.html":
                out.append("/" + rel[: -len("index.html")])
    return out


# -- a host that applies _headers -----------------------------------------------------------------
class _Host(http.server.SimpleHTTPRequestHandler):
    rules: list = []

    def log_message(self, *args) -> None:
        pass

    def send_head(self):
        if unquote(urlsplit(self.path).path).lstrip("/") == headers.FILE:  # read by the host, never served
            self.send_error(404)
            return None
        return super().send_head()

    def end_headers(self) -> None:
        for name, value in headers_for(self.rules, unquote(urlsplit(self.path).path)).items():
            self.send_header(name, value)
        super().end_headers()


@pytest.fixture(scope="module")
def real_site(real_archive) -> Path:
    return real_archive.site


@pytest.fixture(scope="module")
def host(real_site: Path):
    handler = functools.partial(type("Host", (_Host,), {"rules": parse((real_site / headers.FILE).read_text("utf-8"))}),
                                directory=str(real_site))
    srv = QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_port}"
    srv.shutdown()
    srv.server_close()


# -- the file -------------------------------------------------------------------------------------
def test_the_file_fits_both_hosts_and_no_path_gets_a_header_twice(real_site: Path):
    text = (real_site / headers.FILE).read_text(encoding="utf-8")
    rules = parse(text)
    assert 10 <= len(rules) <= 100  # Cloudflare Pages: at most 100 rules
    assert max(len(line) for line in text.splitlines()) <= 2000  # and 2,000 characters a line
    assert headers.problems(text) == []
    assert all(p.count("*") <= 1 for p, _ in rules)  # Cloudflare: one splat
    addresses = urls(real_site)
    assert len(addresses) > 100
    for url in addresses:
        for matches in (cloudflare_matches, netlify_matches):
            names = [name.lower() for p, pairs in rules if matches(p, url) for name, _ in pairs]
            assert len(names) == len(set(names)), f"{url} ({matches.__name__}): a header from two rules is joined: {names}"
            got = headers_for(rules, url, matches)
            assert {"Content-Security-Policy", "Strict-Transport-Security", "X-Content-Type-Options", "Referrer-Policy",
                    "Permissions-Policy"} <= set(got), url
            if url.endswith((".html", "/")):
                assert got.get("Cache-Control") == SHORT, (url, matches.__name__)
            if re.search(r"/assets/.*\.[0-9a-f]{8,}(\.min)?\.(css|js)$", url):
                assert got.get("Cache-Control") == LONG, (url, matches.__name__)
            elif got.get("Cache-Control") == LONG:
                raise AssertionError(f"{url}: cached for a year, but its name does not change with its content")
    # Ours are content hashes indeed: the name is the start of the file's SHA-256.
    import hashlib
    ours = sorted(real_site.glob("assets/sca/*.*.*"))
    assert ours
    for path in ours:
        assert path.name.split(".")[1] == hashlib.sha256(path.read_bytes()).hexdigest()[:10], path


def _directives(policy: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in (x.strip() for x in policy.split(";")) if d}


def test_the_header_policy_is_every_pages_policy_with_frame_ancestors(real_site: Path):
    rules = parse((real_site / headers.FILE).read_text(encoding="utf-8"))
    header = _directives(headers_for(rules, "/")["Content-Security-Policy"])
    assert header.pop("frame-ancestors") == ["'none'"]
    pages = list(real_site.rglob("*.html"))
    hashes: set[str] = set()
    policies = 0
    for page in pages:
        m = META.search(page.read_text(encoding="utf-8"))
        if not m:
            continue
        policies += 1
        meta = _directives(m.group(1))
        assert meta.keys() == header.keys(), page
        for name, sources in meta.items():
            assert set(sources) <= set(header[name]), (page, name)  # nothing the page runs is refused
            if name != "script-src":
                assert sources == header[name], (page, name)  # and nothing looser
        hashes |= {s for s in meta["script-src"] if s.startswith("'sha256-")}
    assert policies >= 30
    assert header["script-src"] == ["'self'"] + sorted(hashes)  # only the pages' own hashes: no 'unsafe-inline'
    assert len(hashes) < 20  # a handful (they differ by Material's relative scope), whatever the archive's size


def test_limits_are_found_and_a_hashed_file_among_pages_is_not_cached_long():
    many = headers.render([(f"/p{i}/*", {"X-A": "b"}) for i in range(101)])
    assert any("101 rules" in p for p in headers.problems(many))
    assert any("2001 characters" in p for p in headers.problems(headers.render([("/*", {"X-A": "b" * 1994})])))
    rules = dict(headers.rules([], ["index.html", "essays/a/index.html", "essays/a/x.0123abcd.js",
                                     "assets/sca/site.0123456789.js", "assets/images/favicon.png"]))
    assert "Content-Security-Policy" not in rules["/*"]  # no page has a policy: none is made up
    assert rules["/assets/sca/site.0123456789.js"] == {"Cache-Control": LONG}
    assert "/essays/a/x.0123abcd.js" not in rules and rules["/essays/*"] == {"Cache-Control": SHORT}
    assert "/assets/images/favicon.png" not in rules and "/assets/*" not in rules
    # Netlify reads "/a/*" as "/a" and anything after: "/assets/..." too. Then the folder's rule decides.
    rules = dict(headers.rules([], ["a/index.html", "assets/sca/site.0123456789.js"]))
    assert rules == {"/*": headers.SECURITY, "/a/*": {"Cache-Control": SHORT}}


# -- in the browser -------------------------------------------------------------------------------
WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e =>
  window.__violations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sourceFile || '') + ':' + e.lineNumber));
// What the page writes to the clipboard, seen on its way (reading it back is refused by the policy).
if (navigator.clipboard) {
  const write = navigator.clipboard.writeText.bind(navigator.clipboard);
  navigator.clipboard.writeText = text => { window.__copied = text; return write(text); };
}
"""


@pytest.mark.browser
def test_the_reader_under_the_header_policy(real_site: Path, host: str, chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=host)
    context.add_init_script(WATCH)
    context.route(lambda u: not u.startswith(host), lambda route: route.fulfill(status=204, body=""))
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error"
            or re.search(r"Permissions.Policy|Content.Security.Policy", m.text) else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    responses: dict[str, dict[str, str]] = {}
    page.on("response", lambda r: responses.__setitem__(r.url.split("?")[0], r.all_headers()))

    def visit(path: str) -> None:
        page.goto(f"{host}{path}")
        page.wait_for_load_state("load")
        problems.extend(f"{path}: {v}" for v in page.evaluate("window.__violations"))

    essay = sorted(p.parent.name for p in real_site.glob("essays/*/index.html")
                   if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8") and "sca-cite" in p.read_text(encoding="utf-8"))[0]
    clip = sorted(p.parent.relative_to(real_site).as_posix() for p in real_site.glob("clips/*/*/index.html"))[0]

    # The headers arrive: the policy with frame-ancestors, the rest, pages short, hashed assets long.
    visit(f"/essays/{essay}/?lang=zh")
    got = responses[f"{host}/essays/{essay}/"]
    assert "frame-ancestors 'none'" in got["content-security-policy"]
    assert got["cache-control"] == SHORT
    assert got["x-content-type-options"] == "nosniff"
    assert got["strict-transport-security"].startswith("max-age=")
    assert got["referrer-policy"] == "strict-origin-when-cross-origin"
    css = [u for u in responses if re.search(r"/assets/sca/site\.[0-9a-f]{10}\.css$", u)]
    js = [u for u in responses if re.search(r"/assets/javascripts/bundle\.[0-9a-f]{8}\.min\.js$", u)]
    assert css and js, list(responses)
    assert responses[css[0]]["cache-control"] == LONG and responses[js[0]]["cache-control"] == LONG
    assert page.request.get(f"{host}/{headers.FILE}").status == 404  # the hosts read it, never serve it
    # The players may go full screen (the local video and the outside players); nothing else is asked.
    allows = "(f, o) => document.featurePolicy.allowsFeature(f, o)"
    assert page.evaluate(f"({allows})('fullscreen', 'https://www.youtube-nocookie.com')")
    assert page.evaluate(f"({allows})('autoplay', 'https://player.vimeo.com')")
    assert not page.evaluate(f"({allows})('fullscreen', 'https://example.org')")
    assert page.evaluate(f"({allows})('clipboard-write')")  # the cite controls copy
    for feature in ("camera", "geolocation", "clipboard-read", "microphone"):
        assert not page.evaluate(f"({allows})('{feature}')"), feature

    # Reading modes: each one, by the switch and by the key; 繁體 is made in the page (a hashed script).
    for mode in ("en", "zh-Hant", "both", "zh"):
        page.click(f'.sca-switch [data-sca-mode="{mode}"]')
        assert page.evaluate("document.documentElement.getAttribute('data-sca-mode')") == mode
    page.keyboard.press("l")
    assert page.evaluate("document.documentElement.getAttribute('data-sca-mode')") != "zh"
    page.click('.sca-switch [data-sca-mode="zh-Hant"]')
    wait_for_js(page, "[...document.querySelectorAll('.sca-row > [lang=\"zh-Hant\"]')].some(e => e.offsetParent && e.textContent.trim())")

    # Citation copy: the Chicago text in the page, and BibTeX fetched from beside it.
    page.click('.sca-switch [data-sca-mode="zh"]')
    page.locator("details.sca-cite > summary").first.click()
    page.locator(".sca-cite p:not(:has(> a[download])) > button").first.click()
    wait_for_js(page, "document.querySelector('.sca-cite-status').textContent === '已复制'")
    assert page.evaluate("window.__copied").strip()
    page.evaluate("document.querySelector('.sca-cite-status').textContent = ''")
    page.locator(".sca-cite a[download][href$='.bib'] + button").first.click()
    wait_for_js(page, "document.querySelector('.sca-cite-status').textContent === '已复制'")
    assert page.evaluate("window.__copied").lstrip().startswith("@")

    # Search: the worker and the index files, under the policy.
    visit("/?lang=zh")
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("时间")
    box.press("End")
    page.locator(".md-search-result__item").first.wait_for(timeout=10000)
    problems.extend(f"search: {v}" for v in page.evaluate("window.__violations"))

    # A clip: nothing before play, then it plays and the notes follow; choosing a note seeks.
    visit(f"/{clip}/?lang=zh")
    page.wait_for_selector("[data-sca-clip][data-sca-ready]", state="attached")
    page.evaluate("() => { const v = document.querySelector('video'); v.muted = true; return v.play(); }")
    wait_for_js(page, "document.querySelector('video').currentTime > 0")
    wait_for_js(page, "document.querySelector('.sca-note-current') !== null")
    # (The test server does not answer byte ranges, so the seek stays within what has loaded: a near note.)
    note = page.locator(".sca-note").nth(2)
    t = note.get_attribute("data-sca-t")
    page.evaluate("document.querySelector('video').pause()")
    note.locator(".sca-note-link").click()
    wait_for_js(page, f"Math.abs(document.querySelector('video').currentTime - {t}) < 0.5")
    wait_for_js(page, f"document.querySelector('.sca-note-current')?.dataset.scaT === '{t}'")
    assert page.url.endswith(f"#t={t}")

    # The other kinds of page, each loaded under the header policy.
    for path in ("/timeline/", "/clips/", "/manifesto/", "/tags/", "/films/", "/authors/", "/404.html"):
        assert (real_site / path.strip("/")).exists(), path
        visit(path)
    problems.extend(page.evaluate("window.__violations"))
    context.close()
    assert problems == [], "\n".join(problems)


@pytest.mark.browser
def test_another_site_cannot_frame_the_archive(host: str, chromium):
    # frame-ancestors lives only in the header (a <meta> policy cannot carry it).
    context = chromium.new_context()
    page = context.new_page()
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "frame-ancestors" in m.text else None)
    page.set_content(f'<iframe src="{host}/" width="400" height="300"></iframe>')
    for _ in range(100):  # at most 10 s on a busy machine
        if refused and len(page.frames) > 1 and page.frames[1].url.startswith("chrome-error:"):
            break
        page.wait_for_timeout(100)
    assert refused, "Chromium did not refuse the frame"
    assert page.frames[1].url.startswith("chrome-error:"), page.frames[1].url
    context.close()

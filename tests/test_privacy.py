"""Private and reproducible: a strict Content-Security-Policy on every page, no violation of it in
the browser, and byte-identical output for the same sources."""

from __future__ import annotations

import base64
import filecmp
import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BuildResult, Project, RealArchive, build, real_build_env, search_for
from test_cache import with_hooks

CSP_RE = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')


def directives(policy: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in policy.split("; ")}


def test_every_page_has_a_policy_hashing_exactly_its_inline_scripts(built: BuildResult):
    pages = list(built.site.rglob("*.html"))
    assert len(pages) >= 5
    for page in pages:
        html = page.read_text(encoding="utf-8")
        found = CSP_RE.findall(html)
        assert len(found) == 1, page
        d = directives(found[0])
        assert html.index("Content-Security-Policy") < html.index("<script"), page  # before any script runs
        inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>", html, re.S)
        hashes = {"'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'" for s in inline}
        assert set(d["script-src"]) == {"'self'"} | hashes, page
        assert "'unsafe-inline'" not in found[0] and "'unsafe-eval'" not in found[0]
        assert d["default-src"] == ["'self'"] and d["style-src"] == ["'self'"] and d["object-src"] == ["'none'"]
        assert d["base-uri"] == ["'none'"] and d["form-action"] == ["'none'"]
        assert set(d["frame-src"]) <= {"https://www.youtube-nocookie.com", "https://player.vimeo.com",
                                       "https://player.bilibili.com", "https://archive.org"}


def test_the_policy_lets_run_only_the_scripts_a_template_writes(tmp_path: Path):
    from slowcinema.web import csp

    theme, ours = tmp_path / "theme", tmp_path / "ours"
    (theme / "partials").mkdir(parents=True)
    ours.mkdir()
    (theme / "partials" / "base.html").write_text('{% if x %}<script>go(new URL("{{ base_url }}",location))</script>'
                                                  "{% endif %}", encoding="utf-8")
    (theme / ".icons").mkdir()
    (theme / ".icons" / "x.html").write_text("<script>fromAnIcon()</script>", encoding="utf-8")  # not a template
    (ours / "copy.js").write_text("{#- what it does -#}\n(function(a){a.x=1})(document.currentScript)", encoding="utf-8")
    (ours / "page.html").write_text('<article><script>{% include "copy.js" %}</script></article>', encoding="utf-8")
    try:
        csp.use_templates([theme, ours, tmp_path / "missing"])
        written = ['go(new URL("../..",location))', "(function(a){a.x=1})(document.currentScript)"]
        page = "<head></head>" + "".join(f"<script>{s}</script>" for s in written)
        assert set(directives(csp.policy(page))["script-src"]) == {"'self'"} | {csp._hash(s) for s in written}
        for foreign in ["alert(document.domain)", 'go(new URL("x",location));alert(1)', 'go(new URL("a"+alert(1)+"",location))',
                        "fromAnIcon()", "(function(a){a.x=2})(document.currentScript)"]:
            with pytest.raises(csp.ForeignScript, match="no template writes"):
                csp.policy(page + f"<p><script>{foreign}</script></p>")
        assert "'sha256-" not in csp.policy('<script type="application/json">{"a": 1}</script>')  # data, not script
    finally:
        csp._allowed = None


def test_a_script_no_template_writes_stops_the_build_at_its_page(project: Project):
    # The second wall, should contributor text ever pass the cleaning as a script: not hashed, the build stopped.
    project.essay("one")
    with_hooks(project.root, "def on_page_content(html, page, **kw):\n"
                             "    return html + '<script>alert(1)</script>' if page.file.src_uri == 'contribute.md' else html\n")
    result = build(project.root)
    assert not result.ok
    assert any("docs/contribute.md: the page's an inline script that no template writes: 'alert(1)'" in m
               for m in result.messages("ERROR")), result.messages("ERROR")


@pytest.mark.browser
def test_no_policy_violation_while_reading(built: BuildResult, serve, chromium):
    base = serve(built.site)
    context = chromium.new_context()
    context.add_init_script("window.__violations = []; document.addEventListener('securitypolicyviolation',"
                            " e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI))")
    page = context.new_page()
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(base) else None)
    page.goto(f"{base}/")
    search_for(page, "时间")
    assert page.evaluate("window.__violations") == []
    page.goto(f"{base}/essays/the-shape-of-waiting/")
    page.get_by_role("button", name="对照").click()
    page.keyboard.press("l")
    assert page.evaluate("window.__violations") == []
    assert outside == []
    context.close()


def _differences(a: Path, b: Path) -> list[str]:
    out = []
    cmp = filecmp.dircmp(a, b)
    stack = [(cmp, "")]
    while stack:
        c, prefix = stack.pop()
        out += [prefix + n for n in c.left_only + c.right_only + c.funny_files]
        out += [prefix + n for n in c.common_files if (Path(c.left) / n).read_bytes() != (Path(c.right) / n).read_bytes()]
        stack += [(sub, f"{prefix}{name}/") for name, sub in c.subdirs.items()]
    return out


def test_two_builds_of_the_same_sources_are_byte_identical(real_archive: RealArchive, tmp_path: Path):
    # The session's build of the real archive, and another of the same snapshot into another folder.
    again = tmp_path / "again"
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(again)],
                         cwd=real_archive.root, env=real_build_env(tmp_path), capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stderr
    assert _differences(real_archive.site, again) == []
    assert len(list(again.rglob("*.html"))) > 20  # the whole archive was compared
    sitemap = (again / "sitemap.xml").read_text()
    assert "<lastmod>2025-11-21</lastmod>" in sitemap  # the build date comes from SOURCE_DATE_EPOCH

"""Old addresses still land: docs/redirects.yml and the small page the build leaves at each of them."""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import Project, build

from slowcinema.archive import redirects
from slowcinema.content.problems import Problems

CSP_RE = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')


def test_the_old_address_lands_on_the_new_page(project: Project):
    project.essay("the-shape-of-waiting")
    project.write("redirects.yml", "essays/old-name/: essays/the-shape-of-waiting/\n")
    result = build(project.root)
    assert result.ok, result.log
    html = result.page("essays/old-name/index.html")
    assert '<meta http-equiv="refresh" content="0; url=../../essays/the-shape-of-waiting/">' in html
    assert '<link rel="canonical" href="https://slow-cinema-archive.github.io/essays/the-shape-of-waiting/">' in html
    assert '<a href="../../essays/the-shape-of-waiting/">' in html
    # The archive's policy, and nothing that runs or loads.
    [policy] = CSP_RE.findall(html)
    assert "script-src 'self'" in policy and "<script" not in html and "<img" not in html
    assert html.index("Content-Security-Policy") < html.index("refresh")
    # The list itself is not published, and the new page is there.
    assert not (result.site / "redirects.yml").exists()
    assert (result.site / "essays" / "the-shape-of-waiting" / "index.html").is_file()


def test_a_redirect_to_nowhere_fails_the_build_with_its_line(project: Project):
    project.essay("the-shape-of-waiting")
    project.write("redirects.yml", "# moved\nessays/old-name/: essays/no-such-essay/\n")
    result = build(project.root)
    assert not result.ok
    assert any("docs/redirects.yml:2: essays/old-name/: 'essays/no-such-essay/' is not a page of the archive" in m
               for m in result.messages()), result.log
    check = subprocess.run([sys.executable, "-m", "slowcinema.cli", "check"], cwd=project.root, capture_output=True,
                           text=True, timeout=120)
    assert check.returncode == 1  # make check says the same, without building
    assert "docs/redirects.yml:2: essays/old-name/: 'essays/no-such-essay/' is not a page of the archive" in check.stderr


def test_problems_name_the_line_and_the_fix(tmp_path):
    docs = tmp_path / "docs"
    (docs / "essays" / "kept").mkdir(parents=True)
    (docs / "essays" / "kept" / "index.zh.md").write_text("x", encoding="utf-8")
    (docs / "redirects.yml").write_text("essays/kept/: essays/kept/\n/abs/: essays/kept/\nessays/gone/: http://x/\n"
                                        "essays/fine/: essays/kept/\n", encoding="utf-8")
    problems = Problems()
    moved = redirects.load(docs, "docs/redirects.yml", problems)
    assert moved == {"essays/fine/": "essays/kept/"}
    assert [(p.line, p.message) for p in problems] == [
        (1, "'essays/kept/' is still a page of the archive, so it cannot also redirect"),
        (2, "'/abs/' is not an address of this site"),
        (3, "'http://x/' is not an address of this site"),
    ]
    assert all("Traceback" not in str(p) for p in problems)


def test_the_page_escapes_and_relativises_the_address():
    html = redirects.page("essays/a/", "essays/b/", None)
    assert 'content="0; url=../../essays/b/"' in html and '<link rel="canonical" href="../../essays/b/">' in html

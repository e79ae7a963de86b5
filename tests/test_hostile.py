"""Hostile contributions stay inert: each either fails the build with a clear message, or is
published with nothing that runs, restyles the page or contacts another host. Script-bearing inputs
are also loaded in Chromium to prove that nothing runs. The site is built with the Content-Security-Policy
switched off (test_hostile_registry.build_without_csp): the policy is never the reason a case passes."""

from __future__ import annotations

import re

import pytest
from conftest import EN, ZH, Project, build, make_project
from test_hostile_registry import build_without_csp

from slowcinema.archive.load import load_archive

BODY = "The opening paragraph, on the long take."

# (id, Markdown put in place of the English opening paragraph, what the build warns, in the HTML never)
INERT = [
    ("script", "<script>alert(1)</script>", "<script> is not allowed", ["alert(1)"]),
    ("img-onerror", '<img src="x.png" onerror="alert(1)">', "onerror", ["onerror"]),
    ("md-javascript-link", "[click](javascript:alert(1))", "javascript: address", ["javascript:"]),
    ("mixed-case-scheme", '<a href="JaVaScRiPt:alert(1)">x</a>', "javascript: address", ["JaVaScRiPt"]),
    ("entity-encoded-scheme", '<a href="&#106;avascript&#58;alert(1)">x</a>', "javascript: address", ["&#106;avascript", "avascript:"]),
    ("tab-in-scheme", '<a href="java&#09;script:alert(1)">x</a>', "javascript: address", ["script:alert"]),
    ("vbscript", '<a href="vbscript:msgbox(1)">x</a>', "vbscript: address", ["vbscript"]),
    ("data-url-link", '<a href="data:text/html,<script>alert(1)</script>">x</a>', "data: address", ["data:text"]),
    ("data-url-image", "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)", "data: address", ["data:image"]),
    ("svg-inline", "<svg onload=alert(1)><circle r=5 /></svg>", "<svg> is not allowed", ["<svg", "onload"]),
    ("iframe", '<iframe src="https://evil.example/"></iframe>', "<iframe> is not allowed", ["<iframe", "evil.example"]),
    ("object", '<object data="https://evil.example/x.swf"></object>', "<object> is not allowed", ["<object", "evil.example"]),
    ("embed", '<embed src="https://evil.example/x.swf">', "<embed> is not allowed", ["<embed", "evil.example"]),
    ("style-element", "<style>body{display:none}</style>", "<style> is not allowed", ["display:none"]),
    ("style-attribute", '<p style="position:fixed;inset:0">cover</p>', "style=", ["position:fixed"]),
    ("form", '<form action="https://evil.example/"><input name="q"><button>go</button></form>', "<form> is not allowed", ["<form", "<input"]),
    ("base", '<base href="https://evil.example/">', "<base> is not allowed", ["evil.example"]),
    ("meta-refresh", '<meta http-equiv="refresh" content="0;url=https://evil.example/">', "<meta> is not allowed", ["evil.example"]),
    ("attr-list-handler", "A paragraph.\n{: onclick=\"alert(1)\" }", "onclick", ["onclick"]),
    ("details-ontoggle", "<details open ontoggle=alert(1)><summary>s</summary>x</details>", "ontoggle", ["ontoggle"]),
    ("mutation-math", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", "<math> is not allowed", ["onerror"]),
    ("noscript-title", '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>', "<noscript> is not allowed", ["onerror"]),
    ("template", "<template><script>alert(1)</script></template>", "<template> is not allowed", ["alert(1)"]),
    ("comment-breakout", "<!-- a --><script>alert(1)</script><!-- b -->", "<script> is not allowed", ["alert(1)"]),
    ("external-image", "![tracker](https://evil.example/pixel.png)", "is on another site", ["evil.example"]),
    ("protocol-relative-image", '<img src="//evil.example/pixel.png" alt="">', "is on another site", ["evil.example"]),
    # Found by an audit: a browser reads a backslash in an address as a slash.
    ("backslash-image", r'<img src="\\evil.example/pixel.png" alt="">', "is on another site", ["evil.example"]),
    ("slash-backslash-image", r'<img src="/\evil.example/pixel.png" alt="">', "is on another site", ["evil.example"]),
    ("id-clobbering", '<p id="__search">clobber</p>', None, ['id="__search"']),
    ("interface-class", '<div class="md-header md-search">fake interface</div>', None, ["md-header", "md-search"]),
    ("link-element", '<link rel="stylesheet" href="https://evil.example/x.css">', "<link> is not allowed", ["evil.example"]),
]
SCRIPT_BEARING = {"script", "img-onerror", "md-javascript-link", "mixed-case-scheme", "entity-encoded-scheme",
                  "tab-in-scheme", "svg-inline", "attr-list-handler", "details-ontoggle", "mutation-math",
                  "noscript-title", "template", "comment-breakout", "data-url-link"}

# Front matter and registries: refused at the source, with a message.
REFUSED = [
    ("title-markup", {"essays/e/index.zh.md": ZH.replace("title: 等待的形状", "title: \"<script>alert(1)</script>\"")},
     "docs/essays/e/index.zh.md", 2, "title", "contains < or >"),
    ("summary-markup", {"essays/e/index.en.md": EN.replace("summary: An essay about waiting.", "summary: '<img src=x onerror=alert(1)>'")},
     "docs/essays/e/index.en.md", 3, "summary", "contains < or >"),
    ("title-bidi-override", {"essays/e/index.en.md": EN.replace("The Shape of Waiting", "The Shape of \u202eWaiting")},
     "docs/essays/e/index.en.md", 2, "title", "invisible character U+202E"),
    ("title-zero-width", {"essays/e/index.zh.md": ZH.replace("等待的形状", "等待\u200b的形状")},
     "docs/essays/e/index.zh.md", 2, "title", "invisible character U+200B"),
    ("author-name-markup", {"authors.yml": "editors:\n  name: {zh: 编辑部, en: \"<b>Editors</b>\"}\nlin:\n  name: {zh: 林一, en: Lin Yi}\n"},
     "docs/authors.yml", 2, "editors.name.en", "contains < or >"),
    ("tag-label-bidi", {"tags.yml": "long-take: {zh: 长镜头, en: \"Long\u202etake\"}\nlight: {zh: 光, en: Light}\n"},
     "docs/tags.yml", 1, "long-take.en", "invisible character U+202E"),
    ("slug-zero-width", {"essays/wai\u200bting/index.zh.md": ZH, "essays/wai\u200bting/index.en.md": EN},
     "docs/essays/wai\u200bting", None, "slug", "is not a valid slug"),
]


@pytest.mark.parametrize("files,file,line,field,message", [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_hostile_front_matter_and_registries_are_refused(project: Project, files, file, line, field, message):
    project.essay("e")
    for rel, text in files.items():
        project.write(rel, text)
    _archive, problems = load_archive(project.docs, project.root)
    hits = [p for p in problems if message in p.message]
    assert hits, problems.report()
    assert (hits[0].file, hits[0].line, hits[0].field) == (file, line, field)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("hostile") / "proj")
    for case, markdown, _warn, _never in INERT:
        project.essay(case, en=EN.replace(BODY, markdown))
    result = build_without_csp(project.root, strict=False)  # strict would stop at the warnings: we look at the output too
    assert result.site.joinpath("index.html").exists(), result.log
    return result


@pytest.mark.parametrize("case,markdown,warn,never", INERT, ids=[c[0] for c in INERT])
def test_hostile_markup_is_inert_and_reported(hostile_site, case, markdown, warn, never):
    html = hostile_site.page(f"essays/{case}/index.html")
    assert "Content-Security-Policy" not in html  # the second wall is down
    # The essay's text (the header and the citation block name the entry's URL, which is the case's slug).
    body = html[html.index('<div class="sca-body">'):html.index('<details class="sca-cite"')]
    for needle in never:
        assert needle not in body, (case, needle)
    assert not re.search(r"<(script|iframe|object|embed|form|style|base|meta|svg|math)\b", body, re.I), case
    assert not re.search(r"\son[a-z]+\s*=", body, re.I), case
    if warn:
        warnings = [w for w in hostile_site.messages("WARNING") if f"docs/essays/{case}/index.en.md" in w]
        assert any(warn in w and "Fix:" in w for w in warnings), (case, warnings)


def test_the_warnings_fail_a_strict_build(project: Project):
    project.essay("e", en=EN.replace(BODY, "<script>alert(1)</script>"))
    result = build(project.root)
    assert not result.ok
    assert any(w.startswith("slowcinema: docs/essays/e/index.en.md:7: the HTML element <script> is not allowed")
               for w in result.messages("WARNING")), result.log


@pytest.mark.browser
def test_nothing_runs_or_calls_out_in_the_browser(hostile_site, serve, chromium):
    base = serve(hostile_site.site)
    context = chromium.new_context()
    page = context.new_page()
    dialogs, outside, errors = [], [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(base) else None)
    page.on("console", lambda m: errors.append(m.text) if "alert" in m.text else None)
    for case in sorted(SCRIPT_BEARING | {"external-image", "protocol-relative-image", "backslash-image",
                                         "slash-backslash-image", "iframe", "link-element", "base"}):
        page.goto(f"{base}/essays/{case}/?lang=both")
        page.wait_for_timeout(100)
        for link in page.locator(".sca-body a").all():  # a reader clicks whatever looks clickable
            if link.is_visible() and not (link.get_attribute("href") or "").startswith(("http", "#", "..")):
                link.click(no_wait_after=True)
                page.wait_for_timeout(50)
                if not page.url.startswith(f"{base}/essays/{case}/"):
                    page.go_back()
    context.close()
    assert dialogs == [] and outside == [] and errors == []

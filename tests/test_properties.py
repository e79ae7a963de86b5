"""Property-based tests (Hypothesis) of the two walls contributor text meets.

- The sanitiser: random Unicode, markup fragments, entity encodings (named, decimal, hex, with and
  without the semicolon) and Markdown syntax (links, images, attribute lists, autolinks, reference
  links, raw HTML), rendered by Python-Markdown with the project's extensions and cleaned, never give
  a live element, an event handler or other attribute outside the allowlist, a URL scheme other than
  http, https, mailto or a relative address, an image from another host, or a bidi control. The
  output is parsed with html.parser, never searched with regexes.
- The plain-text rules: a value they accept, escaped for HTML or for Markdown, renders as text only.
- The loaders (strict YAML, front matter, the whole archive on a small copy): random and truncated
  input gives problems with a file and a line, never an exception.

`make test` runs the `default` profile (100 examples a property, fewer for the archive loader);
`make fuzz` runs the `fuzz` profile (HYPOTHESIS_PROFILE=fuzz: many more, no deadline)."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from conftest import EN, REPO, ZH, make_project
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from slowcinema.archive.load import load_archive
from slowcinema.content import markdown_file, yamlio
from slowcinema.content.fields import plain_problem
from slowcinema.content.problems import Problems
from slowcinema.web import escape, sanitize

settings.register_profile("default", max_examples=100, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", max_examples=3000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
EXAMPLES = settings().max_examples

# -- the pipeline of an essay body ------------------------------------------------------------


class _Ignore(yaml.SafeLoader):
    pass


_Ignore.add_multi_constructor("", lambda loader, suffix, node: None)  # !ENV, !!python/...: not needed here


def project_extensions() -> tuple[list[str], dict]:
    """The markdown_extensions of the real mkdocs.yml (a Python slugify function left out)."""
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Ignore)
    names, configs = [], {}
    for item in config["markdown_extensions"]:
        name, options = (item, {}) if isinstance(item, str) else next(iter(item.items()))
        names.append(name)
        options = {k: v for k, v in (options or {}).items() if v is not None}
        if options:
            configs[name] = options
    return names, configs


EXTENSIONS, EXTENSION_CONFIGS = project_extensions()


def render(text: str) -> str:
    return sanitize.clean(markdown.markdown(text, extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS))


LIVE = {"script", "iframe", "object", "embed", "form", "style", "svg", "math", "base", "meta", "link", "frame",
        "frameset", "applet", "template", "noscript", "input", "button", "textarea", "select", "video", "audio",
        "source", "track", "portal", "xmp", "plaintext", "title", "head", "body", "html", "param", "dialog"}
URL_ATTRIBUTES = {"href", "src", "cite", "action", "formaction", "poster", "srcset", "data", "xlink:href", "background"}
BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class Elements(HTMLParser):
    """Every element, attribute and text of an HTML fragment, as a browser's tokenizer sees them."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str]]]] = []
        self.text: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, [(k, v or "") for k, v in attrs]))

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.text.append(data)


def scheme(url: str) -> str | None:
    bare = "".join(c for c in url if c > " " and c != "\x7f").lower()
    head = bare.split(":", 1)[0] if ":" in bare else None
    if head is None or not re.fullmatch(r"[a-z][a-z0-9+.-]*", head):
        return None  # relative: a colon after a path, query or fragment (or first) is not a scheme
    return head


def assert_inert(html: str, source: str) -> None:
    parsed = Elements(html)
    for tag, attrs in parsed.tags:
        assert tag not in LIVE and tag in sanitize.TAGS, (tag, source, html)
        allowed = sanitize.ATTRIBUTES["*"] | sanitize.ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            assert not name.startswith("on") and name in allowed, (tag, name, source, html)
            if name in URL_ATTRIBUTES:
                found = scheme(value)
                assert found in (None, "http", "https", "mailto"), (tag, name, value, source, html)
                if tag == "img" and name == "src":  # as a browser reads it: no tab or newline, trimmed, \ as /
                    address = re.sub(r"[\t\n\r]", "", value).strip("".join(map(chr, range(33)))).replace("\\", "/")
                    assert found is None and not address.startswith("//"), (value, source, html)
            assert not BIDI & set(value), (tag, name, source)
    assert not BIDI & set("".join(parsed.text)), (source, html)
    assert not BIDI & set(html), (source, html)


# -- strategies ----------------------------------------------------------------------------------

FRAGMENTS = [
    "<script>", "</script>", "<script src=//evil.example/x.js>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>",
    "<math>", "<iframe src=//evil.example>", "<object data=x>", "<embed src=x>", "<form action=//e>", "<style>", "</style>",
    "<base href=//evil.example/>", "<meta http-equiv=refresh content=0;url=//e>", "<link rel=stylesheet href=//e>",
    "<a href=\"", "<a href='", "<a href=", "\">", "'>", "</a>", "javascript:", "JaVaScRiPt:", "java\tscript:", "java\nscript:",
    "data:text/html,", "data:image/svg+xml;base64,PHN2Zz4=", "vbscript:", "alert(1)", "//evil.example/p.png",
    r"\\evil.example/p.png", r"/\evil.example/p.png",
    "[x](", "](", ")", "![i](", "{: onclick=\"alert(1)\" }", "{: #x .y onmouseover=alert(1) }", "{: style=\"x\" }",
    "{: href=javascript:alert(1) }", "<https://evil.example>", "<javascript:alert(1)>", "<mailto:a@b.c>",
    "\n[r]: javascript:alert(1)\n", "\n[r]: //evil.example/p.png\n", "[r]", "![r]", "[x][r]", "![x][r]",
    "\n\n", "\n", "    ", "`", "```\n", "<!--", "-->", "<![CDATA[", "]]>", "<?php ", "<!DOCTYPE html>",
    "<details open ontoggle=alert(1)>", "<summary>", "<noscript>", "<template>", "<p style=\"x\">", "<div markdown=\"1\">",
    "</div>", "<span title=\"", "<img src=\"", "<q cite=\"", "<blockquote cite=", "<a href=mailto:x@y>",
    "\u202e", "\u2066", "\u200f", "\u061c", "\"", "'", ">", "<", "=", "/", "*", "_", "#", "-", "!", "[", "]", "(", "{", "}",
    "!!! note \"", "/// details | ", "///", "[^1]", "\n[^1]: ", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">", "<a href=\"&#106;avascript&#58;alert(1)\">",
    "<img src=\"&#x2F;&#x2F;evil.example\">", "<b onclick=alert(1)>", "<details><summary onclick=x>",
]
NAMED = {"<": ["&lt;", "&LT;", "&lt"], ">": ["&gt;", "&GT", "&gt"], ":": ["&colon;"], "\"": ["&quot;", "&QUOT"],
         "'": ["&apos;"], "(": ["&lpar;"], ")": ["&rpar;"], "/": ["&sol;"], "\t": ["&Tab;"], "\n": ["&NewLine;"],
         "\u202e": ["&#8238;"], "&": ["&amp;", "&AMP"]}
ENCODED = "<>:\"'()/\tjavascript\u202e&="


@st.composite
def entity(draw) -> str:
    c = draw(st.sampled_from(ENCODED))
    form = draw(st.sampled_from(["named", "dec", "hex", "HEX"]))
    end = draw(st.sampled_from([";", ""]))
    zeros = "0" * draw(st.integers(0, 4))
    if form == "named" and c in NAMED:
        return draw(st.sampled_from(NAMED[c]))
    if form == "dec":
        return f"&#{zeros}{ord(c)}{end}"
    return f"&#{form[0].replace('h', 'x').replace('H', 'X')}{zeros}{ord(c):{'x' if form == 'hex' else 'X'}}{end}"


pieces = st.one_of(st.sampled_from(FRAGMENTS), entity(), st.text(max_size=8))
hostile = st.lists(pieces, max_size=25).map("".join)


# -- the sanitiser -------------------------------------------------------------------------------


@given(hostile)
def test_markdown_then_clean_never_yields_live_markup(text):
    assert_inert(render(text), text)


@given(hostile)
@example('<img src="\\\\evil.example/p.png"><img src="/\\evil.example/p.png">')  # a browser reads \ as /
def test_clean_alone_never_yields_live_markup(text):
    assert_inert(sanitize.clean(text), text)


@given(st.text())
def test_random_unicode_is_inert(text):
    assert_inert(render(text), text)


def _markdown(text: str) -> str:  # the HTML of an essay body before the cleaning
    return markdown.markdown(text, extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)


@given(st.one_of(hostile, hostile.map(_markdown)))
@example('<blockquote cite="data:text/html,x">q</blockquote>')  # nh3 leaves cite's scheme to us (sanitize._filter)
@example('<q cite="&#106;avascript:x">q</q>')
def test_what_the_cleaning_leaves_has_nothing_for_the_audit(html):
    # `report` skips the audit of HTML that the cleaning leaves as it is: sound only if the audit finds
    # nothing in what the cleaning writes (every finding is something the cleaning removes).
    cleaned = sanitize.clean(html)
    assert sanitize.audit(cleaned) == [], (html, cleaned)


@given(st.one_of(hostile, hostile.map(_markdown)))
@example("<p>\u202eA quiet room</p>")  # nh3 keeps the bidi control: the cleaning removes it after (sanitize.clean)
@example('<p><a href="https://example.org/">x</a></p>')  # nothing to remove, nothing to say
def test_the_report_says_all_that_the_audit_finds(html):
    cleaned, warnings = sanitize.report(html, html, "docs/essays/x/index.en.md")
    assert cleaned == sanitize.clean(html)
    assert warnings == [f"docs/essays/x/index.en.md{f':{line}' if line else ''}: {f.message}. Fix: {f.fix}."
                        for line, f in sanitize.located(html, html)]


# -- the plain-text rules ---------------------------------------------------------------------------


@given(st.one_of(hostile, st.text()))
def test_plain_text_accepted_by_the_rules_renders_as_text_only(value):
    if plain_problem(value) is not None:
        return  # refused at load, with the file and line (tests/test_plain_fields.py)
    assert not BIDI & set(value) and "<" not in value and ">" not in value
    assert Elements(escape.html_text(value)).tags == []
    assert Elements(f'<p title="{escape.html_attribute(value)}">x</p>').tags[0][1] == [("title", value)]
    html = render("# " + escape.markdown_text(value))  # a generated page's heading, from data
    tags = Elements(html).tags
    assert [t for t, _a in tags if t != "a"] == ["h1"], (value, html)  # the heading and its permalink only
    assert_inert(html, value)


# -- the loaders -----------------------------------------------------------------------------------

YAML_PIECES = st.one_of(
    st.sampled_from(["key: ", "- ", "  ", "\n", ": ", "{", "}", "[", "]", ",", "&a ", "*a", "!!python/object:os.system ",
                     "!!binary ", "<<: ", "? ", "|", ">", "'", "\"", "#", "---\n", "...\n", "\t", "%YAML 1.1\n", "\\u",
                     "2026-13-45", "0:32", "true", "no", "~", "null", "1e9", "0x1F", "\ufeff", "\r\n", "\x00", "\u2028"]),
    st.text(max_size=6))
yaml_text = st.lists(YAML_PIECES, max_size=30).map("".join)


def line_count(text: str) -> int:
    """Lines as YAML counts them (CR, CRLF, LF, NEL and the Unicode separators end a line; files are read
    with CR and CRLF made LF, slowcinema.content.source), plus one for a problem after the last line."""
    return len(re.findall("\r\n|[\r\n\x85\u2028\u2029]", text)) + 2


def assert_placed(problems: Problems, rel: str, text: str) -> None:
    lines = line_count(text)
    for p in problems:
        assert p.file == rel and p.message and p.fix is not None, p
        assert isinstance(p.line, int) and 1 <= p.line <= lines, (p, text)


@given(yaml_text)
def test_strict_yaml_never_raises_and_places_every_problem(text):
    problems = Problems()
    doc = yamlio.load(text, "docs/x.yml", problems)
    assert doc is not None or problems
    assert_placed(problems, "docs/x.yml", text)


@given(st.one_of(yaml_text.map(lambda t: "---\n" + t + "\n---\n\nBody.\n"), yaml_text,
                 st.integers(0, len(ZH)).map(lambda n: ZH[:n])))
def test_front_matter_never_raises_and_places_every_problem(text):
    problems = Problems()
    parsed = markdown_file.parse(text, "docs/essays/e/index.zh.md", problems)
    assert parsed is not None or problems
    assert_placed(problems, "docs/essays/e/index.zh.md", text)


SMALL = {
    "essays/e/index.zh.md": ZH, "essays/e/index.en.md": EN,
    "timeline/t.yml": "events:\n  - id: e\n    date: 1979\n    kind: film\n    title: {zh: 潜行者, en: Stalker}\n"
                      "    people: [{zh: 塔可夫斯基, en: Tarkovsky}]\neras:\n  - id: r\n    start: 1960\n    end: 1970\n"
                      "    title: {zh: 甲, en: A}\n",
    "manifesto/m/index.zh.md": "---\ntitle: 宣言\ndate: 2026-11-10\nauthors: [editors]\noriginal: zh\nsummary: 宣言。\n---\n\n序。\n",
    "manifesto/m/index.en.md": "---\ntitle: A Manifesto\nsummary: A manifesto.\ntranslators: [editors]\n---\n\nPreamble.\n",
    "manifesto/m/principles.yml": "versions:\n  - version: 1\n    date: 2026-11-10\n    principles:\n      - id: time\n"
                                  "        title: {zh: 时间, en: Time}\n        text: {zh: 时间。, en: Time.}\n",
    "manifesto/m/signatories.yml": "- name: {zh: 林一, en: Lin Yi}\n  role: Director\n  date: 2026-11-12\n",
}
FUZZED = ["authors.yml", "tags.yml", "films.yml", *SMALL]


@pytest.fixture(scope="module")
def small_archive():
    root = Path(tempfile.mkdtemp(prefix="sca-props-"))
    project = make_project(root / "proj")
    for rel, text in SMALL.items():
        project.write(rel, text)
    assert not list(load_archive(project.docs, project.root)[1])  # valid before any mutation
    yield project
    shutil.rmtree(root, ignore_errors=True)


@st.composite
def mutation(draw) -> tuple[str, int, int, str]:
    rel = draw(st.sampled_from(FUZZED))
    return rel, draw(st.integers(0, 10_000)), draw(st.integers(0, 40)), draw(st.one_of(YAML_PIECES, st.just("")))


@settings(max_examples=max(20, EXAMPLES // 3))
@given(mutation())
def test_the_archive_loader_never_raises_on_a_mutated_or_truncated_file(small_archive, change):
    rel, at, cut, insert = change
    path = small_archive.docs / rel
    original = path.read_text(encoding="utf-8")
    at %= len(original) + 1
    text = original[:at] + insert + original[at + cut:] if insert or cut else original[:at]  # else: truncated
    path.write_text(text, encoding="utf-8")
    try:
        problems = list(load_archive(small_archive.docs, small_archive.root)[1])
    finally:
        path.write_text(original, encoding="utf-8")
    lines = line_count(text)
    for p in problems:
        assert p.file.startswith("docs/") and p.message and p.fix is not None, p
        if p.file == f"docs/{rel}":
            assert isinstance(p.line, int) and 1 <= p.line <= lines, (p, text)

"""The allowlist sanitiser for what contributors write: every Markdown page's HTML passes through it
(raw HTML inside the Markdown included) before the archive's own trusted components are added.

Allowed is what Markdown and the site's extensions produce, and nothing that runs or restyles: no
script, event handlers, style attributes or elements, forms, iframes, objects, SVG, <base>, <meta>;
links only to http(s), mailto or relative URLs; images only from relative or http(s) URLs (no data:).
HTML comments are kept: they are inert, and the pairing markers (<!-- join -->) are comments.
Bidi controls (overrides, embeddings, isolates and marks, raw or as character references) are
removed: they can make text read otherwise than it is stored, and plain fields refuse them at load.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import nh3

from .cache import BuildCache

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del", "details",
    "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "rp", "rt", "ruby", "s", "samp", "small", "span", "strong",
    "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
}
ATTRIBUTES = {
    "*": {"id", "class", "lang", "title", "dir", "data-sca-show"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start", "reversed"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "time": {"datetime"},
    "details": {"open"},
    "q": {"cite"},
    "blockquote": {"cite"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# Classes that Markdown, pymdown-extensions and Pygments put on their output, and the archive's own
# reading-mode class. Anything else (Material's md-* classes, say) could dress contributor text as
# the site's interface.
_CLASS_RE = re.compile(
    r"^(?:headerlink|footnote(?:-ref|-backref)?|admonition(?:-title)?|note|abstract|info|tip|success|question|"
    r"warning|failure|danger|bug|example|quote|highlight|highlighttable|linenos|linenodiv|filename|"
    r"language-[a-z0-9+#-]+|[a-z]{1,3}|sca-l|sca-intro|task-list(?:-item|-control|-indicator)?)$"
)
_ID_RE = re.compile(r"^(?!__|md-|md_|sca-)[^\s\"'<>]{1,200}$")
_MODES = {"zh", "zh-Hant", "en", "both"}


def _filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "class":
        kept = [c for c in value.split() if _CLASS_RE.match(c)]
        return " ".join(kept) or None
    if attribute == "id":
        return value if _ID_RE.match(value) else None
    if attribute == "data-sca-show":
        modes = value.split()
        return value if modes and all(m in _MODES for m in modes) else None
    if attribute == "dir":
        return value if value in ("ltr", "rtl", "auto") else None
    if attribute in _URL_ATTRS and refused_scheme(value):
        return None  # nh3 checks the scheme of a link's and an image's address, not of a quotation's cite=
    if tag == "img" and attribute == "src" and external_image(tag, attribute, value):
        return None  # data: URLs and images on other hosts (which would be fetched on page load)
    return value


# Unicode's Bidi_Control characters: ALM, LRM, RLM, LRE RLE PDF LRO RLO, LRI RLI FSI PDI.
BIDI_RE = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean(html: str) -> str:
    """Contributor HTML made inert."""
    return BIDI_RE.sub("", _clean(html))  # after nh3, which writes character references out as characters


def _clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=TAGS,
        clean_content_tags={"script", "style", "template", "noscript", "textarea", "title", "iframe", "object",
                            "svg", "math", "xmp", "noembed", "noframes", "plaintext"},
        attributes=ATTRIBUTES,
        attribute_filter=_filter,
        strip_comments=False,
        link_rel=None,
        url_schemes=URL_SCHEMES,
    )


# -- what the sanitiser will remove, said to the contributor -------------------------------------

from dataclasses import dataclass  # noqa: E402
from html import unescape  # noqa: E402
from html.parser import HTMLParser  # noqa: E402
import unicodedata  # noqa: E402

_SCHEME_RE = re.compile(r"^([a-z][a-z0-9+.-]*):", re.I)
_CONTROL_RE = re.compile(r"[\x00-\x20\x7f]+")
_URL_ATTRS = {"href", "src", "cite", "action", "formaction", "xlink:href", "poster", "background", "srcset", "data"}


@dataclass(frozen=True)
class Finding:
    snippet: str  # what to search for in the source, to find the line
    message: str
    fix: str
    kind: str = ""  # tag, attr, url, img or bidi


class _Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.findings: dict[str, Finding] = {}

    def _add(self, key: str, finding: Finding) -> None:
        if key not in self.findings:
            self.findings[key] = Finding(finding.snippet, finding.message, finding.fix, key.split(":")[0])

    def handle_starttag(self, tag, attrs):
        if tag not in TAGS:
            self._add(f"tag:{tag}", Finding(f"<{tag}", f"the HTML element <{tag}> is not allowed and was removed",
                                            "write Markdown only; raw HTML elements such as scripts, styles, forms "
                                            "and frames are not published (see CONTRIBUTING.md)"))
            return
        allowed = ATTRIBUTES["*"] | ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            value = value or ""
            if name not in allowed:
                self._add(f"attr:{name}", Finding(name, f"the attribute {name}=\"...\" on <{tag}> is not allowed and was removed",
                                                  "remove it: event handlers and inline styles are not published"))
                continue
            if name in _URL_ATTRS:
                scheme = refused_scheme(value)
                if scheme:
                    self._add(f"url:{scheme}", Finding(value[:30] or name, f"a {scheme}: address in <{tag} {name}> is not allowed and was removed",
                                                       "link to http(s) pages or to files in the archive only"))
                elif external_image(tag, name, value):
                    self._add(f"img:{value}", Finding(value[:40], f"the image {value} is on another site; loading it would "
                                                      "contact that site before the reader asks",
                                                      "put the image in the entry's folder and refer to it by its file name"))

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        m = BIDI_RE.search(data)
        if m:
            name = unicodedata.name(m.group(0), "bidi control")
            self._add("bidi", Finding(m.group(0), f"the invisible character U+{ord(m.group(0)):04X} ({name}) was removed",
                                      "retype the text without it (it can reverse or hide what readers see)"))


def audit(html: str) -> list[Finding]:
    """What `clean` would remove from `html`, each with a message and a fix for the contributor."""
    parser = _Audit()
    parser.feed(html)
    parser.close()
    return list(parser.findings.values())


def located(html: str, source: str) -> list[tuple[int | None, Finding]]:
    """`audit(html)` with the line of each finding in the page's `source` (the whole file), if found."""
    out = []
    for finding in audit(html):
        at = source.find(finding.snippet) if finding.snippet else -1
        out.append((source.count("\n", 0, at) + 1 if at >= 0 else None, finding))
    return out


def _address(value: str) -> str:
    """An attribute's address as a browser reads it: references unescaped, spaces and controls dropped, lowercased."""
    return _CONTROL_RE.sub("", unescape(value)).lower()


def refused_scheme(value: str) -> str | None:
    """The scheme of the address `value` when it is not one of URL_SCHEMES (javascript, data...), else None. The
    cleaning removes such an address from any URL attribute (`_filter`) and the audit says so, by this one rule."""
    m = _SCHEME_RE.match(_address(value))
    return m.group(1) if m and m.group(1) not in URL_SCHEMES else None


def external_image(tag: str, attribute: str, value: str) -> bool:
    v = _address(value).replace("\\", "/")  # a browser reads \\host/ and /\host/ as //host/
    return tag == "img" and attribute == "src" and (v.startswith("//") or bool(_SCHEME_RE.match(v)))


def report(html: str, source: str, rel: str) -> tuple[str, list[str]]:
    """`html` cleaned, and what was removed said to the contributor, each at its line of `source` (the
    file `rel`): warnings, so that strict builds fail.

    HTML that comes out of the cleaning as it went in had nothing removed, so there is nothing to say: the
    audit, which reads the HTML again in Python, runs only for HTML the cleaning changed. (Every finding is
    something the cleaning removes; tests/test_properties.py checks that what it writes has none.)"""
    cleaned = clean(html)
    if cleaned == html:
        return cleaned, []
    warnings = [f"{rel}{f':{line}' if line else ''}: {finding.message}. Fix: {finding.fix}."
                for line, finding in located(html, source)]
    return cleaned, warnings


# -- pages made from data (a tag's, a film's, a person's, a clip's) -------------------------------

@dataclass(frozen=True)
class Origin:
    """A data value a generated page shows, and where it was read: a finding is named at its place."""

    value: str
    rel: str  # the data file, relative to the project (docs/tags.yml)
    line: int | None = None


def report_generated(html: str, origins: list[Origin], written: set[str],
                     slots: dict[str, str] | None = None, cache: BuildCache | None = None) -> tuple[str, list[str]]:
    """A page, or a part of one, rendered from data by our templates (autoescaped), audited as contributor
    HTML is.

    `written`: the element and attribute names our templates write themselves (Renderer.written); a
    finding on one of those that no data value spells (an attribute as `name=`) is the template's own
    markup. Any other finding is named at the data file and line of the value that holds it (else of
    the first value), and the HTML is published cleaned. `slots`: placeholders in `html` (`slot(n)`,
    comments, which the audit passes over and the cleaning keeps) -> HTML put in their place afterwards,
    unaudited: contributor HTML that was cleaned and audited at its own file and line already.
    Returns the HTML and the warnings. With a build `cache`, the same HTML with the same values and slots is
    audited once and kept between builds (kind "audit"; the templates, which decide `written`, are in every key)."""
    if cache is not None:
        return kept(cache, "audit", html, (origins, slots or {}), lambda: report_generated(html, origins, written, slots))
    warnings = []
    for finding in audit(html):
        name = finding.snippet.lstrip("<")
        spelled = f"{finding.snippet}=" if finding.kind == "attr" else finding.snippet
        at = next((o for o in origins if spelled and spelled in o.value), None)
        if at is None and name in written:
            continue  # our template's markup (a player's <video>, a link's rel)
        at = at or (origins[0] if origins else Origin("", "the generated page"))
        warnings.append(f"{at.rel}{f':{at.line}' if at.line else ''}: {finding.message}. Fix: {finding.fix}.")
    html = clean(html) if warnings else html
    if slots:
        html = re.sub("|".join(map(re.escape, slots)), lambda m: slots[m.group(0)], html)  # one pass: not into a fill
    return html, warnings


def kept(cache: BuildCache, kind: str, html: str, inputs: tuple, report: Callable[[], tuple[str, list[str]]]) -> tuple[str, list[str]]:
    """`report()`, the HTML made of `html` and the warnings, from the build cache or made and kept there (the
    HTML as None where it is `html` as it was, which keeps the entry small), by `html` and the other `inputs`
    of `report`. The warnings come back every time. HTML the cleaning changed is known to the cache by the entry's
    key (`made`); HTML it left as it was keeps what the cache knew of it."""
    def made() -> tuple[str | None, list[str]]:
        out, warnings = report()
        return None if out == html else out, warnings

    entry = cache.key(kind, cache.token(html), *inputs)
    out, warnings = cache.memo_key(kind, entry, made)
    return (html if out is None else cache.made(out, entry)), list(warnings)


def slot(n: int) -> str:
    """A placeholder for `report_generated`'s `slots`."""
    return f"<!-- sca-slot {n} -->"

"""The `_headers` file at the site's root: HTTP headers for the hosts that read it (Netlify and
Cloudflare Pages). GitHub Pages ignores it; there the <meta> policy of each page (slowcinema.web.csp)
is what applies.

One rule for every path carries the security headers: the Content-Security-Policy of the pages plus
`frame-ancestors 'none'` (which a <meta> policy cannot carry), HSTS, nosniff, the referrer policy and
a Permissions-Policy that allows only what the clip players use. The header's policy is the union of
every page's <meta> policy: the pages' inline scripts differ only by Material's relative scope
(`new URL("../..", location)`), so their hashes number a handful whatever the archive's size
(measured: 9 on the real archive, the same at a thousand essays). A browser enforces both policies,
so on each page the stricter <meta> one still decides which inline script runs.

Caching: content-hashed assets (their name changes with their content) for a year, immutable; the
pages revalidate on every visit. Both hosts join the values of a header that two matching rules
carry, so no two rules that can match one path both set Cache-Control: the pages are reached by one
rule per top-level folder that holds a page, the hashed assets each by their exact path.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from . import walk
from .csp import FRAME_HOSTS

FILE = "_headers"
# Cloudflare Pages: at most 100 rules, 2,000 characters a line (the whole line, indentation included).
MAX_RULES = 100
MAX_LINE = 2000

LONG = "public, max-age=31536000, immutable"
SHORT = "public, max-age=0, must-revalidate"

_PLAYERS = "(self " + " ".join(f'"{h}"' for h in FRAME_HOSTS) + ")"
# The clip players: the local <video> may go full screen or picture-in-picture; a provider's player,
# loaded on the reader's click with allow="autoplay; fullscreen; picture-in-picture" (assets/clips.js),
# starts at once and may do the same. The cite controls write to the clipboard. Nothing else.
PERMISSIONS = ", ".join([
    f"autoplay={_PLAYERS}", f"fullscreen={_PLAYERS}", f"picture-in-picture={_PLAYERS}", "clipboard-write=(self)",
    "accelerometer=()", "camera=()", "clipboard-read=()", "display-capture=()", "encrypted-media=()",
    "geolocation=()", "gyroscope=()", "hid=()", "magnetometer=()", "microphone=()", "midi=()", "payment=()",
    "publickey-credentials-get=()", "screen-wake-lock=()", "serial=()", "usb=()", "xr-spatial-tracking=()",
])
SECURITY = {
    "Strict-Transport-Security": "max-age=63072000",
    "X-Content-Type-Options": "nosniff",
    # The origin only, and only over HTTPS: outside players need it to play (YouTube refuses an embed
    # without one); outside links also carry rel="noreferrer".
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": PERMISSIONS,
}
# Names that change with the content: ours (assets/sca/site.<sha256>.css, search.<sha256>.js) and
# Material's (assets/javascripts/bundle.<hash>.min.js, assets/stylesheets/main.<hash>.min.css, ...).
_HASHED = re.compile(r"^assets/(?:.+/)?[\w-]+\.[0-9a-f]{8,}(?:\.min)?\.(?:css|js)$")
HEAD = 8192  # the characters of a page read for its policy
_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', re.I)


def site_policy(policies: Iterable[str]) -> str | None:
    """The union of `policies` (each page's <meta> policy), directive by directive, plus
    frame-ancestors 'none'; None when no page has a policy."""
    merged: dict[str, list[str]] = {}
    for policy in policies:
        for directive in filter(None, (d.strip() for d in policy.split(";"))):
            name, *sources = directive.split()
            have = merged.setdefault(name, [])
            have += [s for s in sources if s not in have]
    if not merged:
        return None
    merged["frame-ancestors"] = ["'none'"]
    # Keywords and hosts as the pages have them, then the hashes in a stable order.
    return "; ".join(" ".join([name] + [s for s in srcs if not s.startswith("'sha")]
                              + sorted(s for s in srcs if s.startswith("'sha"))) for name, srcs in merged.items())


def rules(policies: Iterable[str], paths: Iterable[str]) -> list[tuple[str, dict[str, str]]]:
    """The rules, as (path pattern, headers): `policies` are the pages' <meta> policies, `paths` every
    file of the site, relative to its root with "/" (the HTML pages among them)."""
    paths = sorted(paths)
    everywhere = dict(SECURITY)
    policy = site_policy(policies)
    if policy:
        everywhere = {"Content-Security-Policy": policy, **everywhere}
    out = [("/*", everywhere)]
    short = {"Cache-Control": SHORT}
    pages = [p for p in paths if p.endswith(".html")]
    folders = sorted({p.split("/", 1)[0] for p in pages if "/" in p})
    if "index.html" in pages:
        out += [("/", short), ("/index.html", short)]
    out += [(f"/{p}", short) for p in pages if "/" not in p and p != "index.html"]
    out += [(f"/{folder}/*", short) for folder in folders]
    # A hashed file that a folder's rule may reach is left to it (no two Cache-Control): Netlify reads
    # "/timeline/*" as "/timeline" and anything after it, so "/a/*" would reach "/assets/...".
    out += [(f"/{p}", {"Cache-Control": LONG}) for p in paths
            if _HASHED.match(p) and not any(p.startswith(folder) for folder in folders)]
    return out


def render(rules: list[tuple[str, dict[str, str]]]) -> str:
    lines = ["# HTTP headers for Netlify and Cloudflare Pages, written by the build (slowcinema.web.headers).",
             "# GitHub Pages ignores this file: there each page's <meta> Content-Security-Policy applies."]
    for pattern, headers in rules:
        lines += ["", pattern] + [f"  {name}: {value}" for name, value in headers.items()]
    return "\n".join(lines) + "\n"


def problems(text: str) -> list[str]:
    """What in `text` (a _headers file) a host would refuse or cut: too many rules, too long a line."""
    out = []
    count = sum(1 for line in text.splitlines() if line.startswith("/"))
    if count > MAX_RULES:
        out.append(f"{FILE}: {count} rules, over Cloudflare Pages' {MAX_RULES}")
    for n, line in enumerate(text.splitlines(), 1):
        if len(line) > MAX_LINE:
            out.append(f"{FILE}:{n}: {len(line)} characters, over Cloudflare Pages' {MAX_LINE} a line")
    return out


def policy(rel: str, data: bytes) -> str | None:
    """The <meta> policy of the site's file `rel` whose bytes are (or begin with) `data`: a page's, in its first HEAD
    characters, right after <meta charset> (csp.insert)."""
    if not rel.endswith(".html"):
        return None
    m = _META.search(data[:4 * HEAD].decode("utf-8", errors="replace")[:HEAD])  # HEAD characters: 4 bytes at most each
    return m.group(1) if m else None


def for_site(site: Path, known: Mapping[str, str | None] | None = None, files: list[tuple[str, str]] | None = None) -> str:
    """The _headers file of the built site in `site`: every file's path, every page's <meta> policy (from `known`, by
    path, where the build knows it: slowcinema.web.placed; else read). `files`: the site's files (`walk.files`),
    where listed already."""
    paths, policies, known = [], [], known or {}
    for rel, path in files if files is not None else walk.files(site):
        if rel == FILE or rel.endswith(".tmp"):  # a file of the search index half-written under `mkdocs serve`
            continue
        paths.append(rel)
        if not rel.endswith(".html"):
            continue
        if rel in known:
            found = known[rel]
        else:
            with open(path, "rb") as f:
                found = policy(rel, f.read(4 * HEAD))
        if found is not None:
            policies.append(found)
    return render(rules(policies, paths))


def write(site: Path, known: Mapping[str, str | None] | None = None, files: list[tuple[str, str]] | None = None) -> list[str]:
    """Write the _headers file of the built site in `site` (`known`, `files`: see `for_site`); returns what a host
    would refuse in it."""
    text = for_site(site, known, files)
    (site / FILE).write_text(text, encoding="utf-8")
    return problems(text)

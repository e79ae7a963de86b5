"""What the site publishes of the clip galleries, decided once per build: which galleries and media,
the generated page of each clip with its WebVTT files, a gallery page's introduction in each script,
and the players filled into the `/// clip` placeholders of a page. Everything rendered from data is
audited where it is rendered, each finding named at the data file and line of its value
(slowcinema.web.sanitize.report_generated)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..archive import hant_kept, origins
from ..archive.build import BuildState
from ..languages import hant
from ..web import sanitize
from ..web.escape import yaml_scalar
from ..web.render import Renderer, trusted
from ..content.problems import Problems
from . import block, views
from .gallery import check_sizes
from .model import Clip, Gallery

INDEX = "clips/index.md"  # the clips' index page: its text, then every gallery


@dataclass(frozen=True)
class ClipPage:
    src_uri: str
    gallery: Gallery
    clip: Clip
    vtt: dict[str, str]  # dest uri -> WebVTT text, beside the page

    @property
    def source(self) -> str:
        """The page's Markdown: front matter (titles as escaped YAML scalars) and a fixed body; all it
        shows is rendered from the templates (`clip_page`)."""
        title = f"{self.clip.title.zh} · {self.clip.title.en}"
        film = f"{self.clip.film.title.zh} · {self.clip.film.title.en}"
        return (f"---\ntitle: {yaml_scalar(title)}\ndescription: {yaml_scalar(film)}\n"
                "hide: [toc]\n---\n\n<!-- filled by the clips plugin -->\n")


@dataclass
class Publication:
    galleries: list[Gallery] = field(default_factory=list)  # the galleries that get a page
    drop: set[str] = field(default_factory=set)  # src_uris under docs/clips/ that are not published
    clip_pages: dict[str, ClipPage] = field(default_factory=dict)  # src_uri -> the clip's page
    problems: Problems = field(default_factory=Problems)  # a local video over the size limit: nothing is published

    def introduction(self, src_uri: str) -> bool:
        """A language file of a published gallery's introduction (its page shows the grid of clips)."""
        return any(src_uri == v.src_uri for g in self.galleries for v in g.versions.values())


def publish(st: BuildState, src_uris: list[str], max_bytes: int | None = None) -> Publication:
    """The archive's galleries; `src_uris`: every file MkDocs found; draft galleries are shown with drafts (`mkdocs serve`).
    Clip sources (YAML, WebVTT) are data, and the media of withheld clips or drafts is not published.
    `max_bytes`: the size limit of a local video as the build loaded it. The loader applied the limit of
    the project's mkdocs.yml already (so `make check` sees it); this covers a build run with another
    configuration file (`mkdocs build -f`)."""
    out, galleries, drafts = Publication(), st.archive.galleries, st.drafts
    if max_bytes is not None:
        check_sizes(galleries, max_bytes, out.problems)
        if out.problems:
            return out
    for g in galleries:
        bundle = f"clips/{g.slug}/"
        published = g.published_clips if (drafts or not g.draft) else ()
        keep = {m.src_uri for c in published for m in (c.source.poster, c.source.video) if m}
        out.drop |= {uri for uri in src_uris if uri.startswith(bundle) and not uri.startswith(f"{bundle}index.")
                     and (uri.startswith(f"{bundle}clips/") or uri not in keep)}
        if g.draft and not drafts:
            out.drop |= {v.src_uri for v in g.versions.values()}
            continue
        out.galleries.append(g)
        for clip in published:
            src = f"{bundle}{clip.id}/index.md"
            vtt = {f"{bundle}{clip.id}/{name}": text for name, text in views.vtt_files(clip).items()}
            out.clip_pages[src] = ClipPage(src, g, clip, vtt)
    return out


def clip_page(p: ClipPage, archive, renderer: Renderer, page_url: str) -> tuple[str, list[str]]:
    """A clip's page, rendered from its template and audited as contributor HTML is: each finding named at
    the data file and line of the value that caused it. Returns the HTML and the warnings."""
    html = renderer.render("sca/clips/clip.html", c=views.clip_view(p.clip, page_url), gallery=views.gallery_header(p.gallery, archive))
    return sanitize.report_generated(html, clip_origins(p.clip), renderer.written())


def clip_origins(clip: Clip) -> list[sanitize.Origin]:
    """Every data value a clip's page shows, with its file and line (the clip's file where no line is kept)."""
    out = []
    for b in (clip.title, clip.film.title, clip.film.director, clip.rights.note, clip.people.note):
        if b is not None:
            out += [sanitize.Origin(b.get(lang), b.rel or clip.rel, b.line(lang)) for lang in ("zh", "en")]
    out += [sanitize.Origin(*t) for n in clip.notes for t in n.texts(clip.rel)]
    r = clip.rights
    out += [sanitize.Origin(x, clip.rel) for x in (r.holder, r.source, r.statement, r.licence, clip.source.url) if x]
    return out


def gallery_origins(g: Gallery, archive) -> list[sanitize.Origin]:
    """Every data value a gallery's header and grid show, where it was read: the introduction's titles and
    summaries, its authors' names, each published clip's values."""
    return origins.entries([g.text]) + origins.people(g.authors, archive.authors) + [
        o for c in g.published_clips for o in clip_origins(c)]


def gallery_page(g: Gallery, html: dict[str, str], st: BuildState, page_url: str) -> tuple[str, list[str]]:
    """A gallery's page: its header, the introduction in each script (繁體 made from the Chinese) and its clips;
    and the warnings of the audit of its header and grid (the introduction was audited as its files' text)."""
    intro, slots = [], {}
    with hant_kept.page(st.cache, g.text):  # its Chinese text as OpenCC converted it last time
        for lang in g.languages:
            text = html.get(lang) or ""
            for tag, cell in ([("zh-Hans", text), ("zh-Hant", hant.html(text))] if lang == "zh" else [("en", text)]):
                slots[sanitize.slot(len(slots))] = cell
                intro.append({"tag": tag, "html": trusted(sanitize.slot(len(slots) - 1))})
    page = st.renderer.render("sca/clips/gallery.html", g=views.gallery_header(g, st.archive), intro=intro, page_url=page_url)
    return sanitize.report_generated(page, gallery_origins(g, st.archive), st.renderer.written(), slots)


def page_content(pub: Publication, st: BuildState, src_uri: str, html: str, page_url: str) -> tuple[str, list[str]]:
    """A page's content with what the galleries add to it, and warnings: a clip's page (all of it), the
    galleries' list on the clips' index page, the players of the `/// clip` blocks of any other page."""
    archive, renderer = st.archive, st.renderer
    if src_uri in pub.clip_pages:
        return clip_page(pub.clip_pages[src_uri], archive, renderer, page_url)  # each warning at its data file and line
    if src_uri == INDEX:
        listing = renderer.render("sca/clips/index.html", page_url=page_url,
                                  galleries=[views.gallery_header(g, archive) for g in pub.galleries])
        listing, warnings = sanitize.report_generated(listing, [o for g in pub.galleries for o in gallery_origins(g, archive)],
                                                      renderer.written())
        return html + listing, warnings
    return fill_players(html, pub.galleries, renderer, page_url, "en" if src_uri.endswith(".en.md") else "zh")


def fill_players(html: str, galleries: list[Gallery], renderer: Renderer, page_url: str, lang: str) -> tuple[str, list[str]]:
    """Each `/// clip` placeholder of a page replaced by its player, in the page's language; the same
    clip twice in one text gets ids of its own (`-2`, `-3`...). A placeholder written by hand, not by
    a checked block, is left inert. Each player is audited: a finding named at the data file and line of
    its value, the player published cleaned. Returns the page and the warnings (each once)."""
    if block.SLOT_MARK not in html:
        return html, []
    seen: dict[str, int] = {}
    warnings: list[str] = []

    def fill(m: re.Match) -> str:
        g = next((x for x in galleries if x.slug == m.group(1)), None)
        clip = g.clip(m.group(2)) if g else None
        if clip is None or clip.withheld:
            return m.group(0)
        c = views.clip_view(clip, page_url, embedded=True, lang=lang)
        seen[c["dom_id"]] = n = seen.get(c["dom_id"], 0) + 1
        if n > 1:
            c["dom_id"] += f"-{n}"
        player, found = sanitize.report_generated(renderer.render("sca/clips/player.html", c=c), clip_origins(clip),
                                                  renderer.written())
        warnings.extend(found)
        return player

    return block.SLOT_RE.sub(fill, html), list(dict.fromkeys(warnings))

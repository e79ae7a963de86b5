"""The home page as a journal's front page: a masthead, the lead essay with a still from the archive,
the manifesto's first principle in its current version, a glimpse of the timeline, a "start here"
path and the newest entries. `docs/index.md` gives the introduction (its body) and the path (its
front matter `start_here`, a list of bundle addresses such as `essays/what-slow-cinema-is/`).
What the page shows from data is audited (slowcinema.web.sanitize.report_generated), each finding
named at the data file and line of its value; the introduction was audited as the page's own text."""

from __future__ import annotations

from ..web import sanitize
from ..web.render import Renderer, trusted
from . import indexes, origins
from .load import Archive

GLIMPSE = 4  # timeline events on the home page


def _still(archive: Archive, tags: tuple[str, ...], shown: list) -> dict | None:
    """A clip's poster for the lead essay: one sharing a tag with it if any, else the first published."""
    clips = [(g, c) for g in archive.galleries if not g.text.draft for c in g.clips if not c.withheld]
    if not clips:
        return None
    gallery, clip = next(((g, c) for g, c in clips if set(tags) & set(g.text.tags)), clips[0])
    shown += origins.bilingual(clip.title, clip.rel)
    return {"src": clip.source.poster.src_uri, "width": clip.source.poster.width or 1280,
            "height": clip.source.poster.height or 720, "title": clip.title, "url": f"{gallery.text.url}{clip.id}/"}


def _glimpse(archive: Archive) -> list:
    """A few timeline events spread from the first to the latest."""
    events = sorted(getattr(archive.timeline, "events", ()), key=lambda e: e.when.sort_key())
    if len(events) <= GLIMPSE:
        return events
    return [events[round(i * (len(events) - 1) / (GLIMPSE - 1))] for i in range(GLIMPSE)]


def view(archive: Archive, start_here: list | None, drafts: bool, newest: int,
         shown: list | None = None) -> tuple[dict, list[str]]:
    """What the home template shows, and the `start_here` addresses that name no bundle; added to `shown`:
    where each data value it shows was read (sanitize.Origin)."""
    shown = [] if shown is None else shown
    essays = archive.published(drafts)
    lead = essays[0] if essays else None
    principle = None
    if archive.manifestos:
        m = archive.manifestos[0]
        if m.current.principles:
            principle = {"p": m.current.principles[0], "url": f"{m.url}#principle-1", "manifesto": indexes.entry_view(m.text)}
            p = m.current.principles[0]
            shown += origins.bilingual(p.title) + origins.bilingual(p.text) + origins.entries([m.text])
    start, unknown = [], []
    texts = {b.url: b for b in [*archive.bundles(), *(g.text for g in archive.galleries)]}
    for url in start_here or []:
        b = texts.get(str(url))
        if b is None or (b.draft and not drafts):
            unknown.append(str(url))
        else:
            start.append(indexes.entry_view(b))
            shown += origins.entries([b])
    glimpse, listed = _glimpse(archive), indexes.bundles(archive, drafts)[:newest]
    shown += origins.entries([lead] if lead else []) + [o for e in glimpse for o in origins.event(e)] + origins.entries(listed)
    return {
        "lead": indexes.entry_view(lead) if lead else None,
        "still": _still(archive, lead.tags, shown) if lead else None,
        "principle": principle,
        "glimpse": glimpse,
        "start": start,
        "newest": [indexes.entry_view(e) for e in listed],
    }, unknown


def render(renderer: Renderer, archive: Archive, intro_html: str, page_url: str, start_here: list | None,
           drafts: bool, newest: int, src: str = "docs/index.md") -> tuple[str, list[str]]:
    """The home page's content (the introduction from docs/index.md inside it), and the warnings: one for
    each `start_here` address that names no published bundle, and the audit's of what it shows from data."""
    shown: list[sanitize.Origin] = []
    data, unknown = view(archive, start_here, drafts, newest, shown)
    warnings = [f"{src}: start_here names '{u}', which is no published essay, manifesto or gallery. "
                f"Fix: write an address such as 'essays/<slug>/'." for u in unknown]
    html = renderer.render("sca/home.html", intro=trusted(sanitize.slot(0)), page_url=page_url, **data)
    html, found = sanitize.report_generated(html, shown, renderer.written(), {sanitize.slot(0): intro_html})
    return html, warnings + found

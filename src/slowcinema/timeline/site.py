"""What the site publishes of the timeline, decided once per build: the items (the events and the
archive's dated entries), the data files that are not pages, the open data file (timeline.json) and
the timeline's page when docs/ has none; and that page's content."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from ..archive.build import BuildState
from ..content.problems import Problems
from .export import timeline_json
from .html import DEFAULT_PAGE, render_page
from .view import Item, essay_titles, items_of, link_problems

HINT = "Run `make check` for the content's problems without building."  # the end of a failed build's summary


@dataclass
class Publication:
    problems: Problems  # events that link to entries this build does not publish: nothing else is decided
    items: list[Item] = field(default_factory=list)  # what the page and every `/// timeline` block may show
    drop: set[str] = field(default_factory=set)  # docs/timeline/*.yml: data, read by load_timeline, not pages
    files: dict[str, str] = field(default_factory=dict)  # src_uri -> content: the page if docs/ has none, the JSON


def publish(st: BuildState, src_uris: list[str], page: str, json_uri: str, site_name: str, site_url: str | None) -> Publication:
    """`src_uris`: every file MkDocs found; draft entries are shown with drafts (`mkdocs serve`); `page`:
    the timeline's page (relative to docs/); `json_uri`: the open data file (TimelineJS3's JSON format)."""
    archive, drafts = st.archive, st.drafts
    out = Publication(link_problems(archive.timeline, archive, drafts))
    if out.problems:
        return out
    out.items = items_of(archive.timeline, archive.dated_entries(drafts), essay_titles(archive, drafts), archive.films)
    out.drop = {uri for uri in src_uris if uri.startswith("timeline/") and uri.endswith(".yml")}
    if PurePosixPath(page).as_posix() not in set(src_uris) - out.drop:
        out.files[page] = DEFAULT_PAGE
    data = timeline_json(out.items, archive.timeline.eras, site_name, site_url or "/")
    out.files[json_uri] = json.dumps(data, ensure_ascii=False, indent=1)
    return out


def page_content(st: BuildState, src_uri: str, page: str, html: str, items: list[Item],
                 page_url: str) -> tuple[str | None, list[str]]:
    """The timeline's page (`page`, relative to docs/): its own text, then the timeline (audited: its warnings,
    each at the data file and line of its value). None for any other page."""
    if src_uri != page:
        return None, []
    timeline, warnings = render_page(items, st.archive.timeline.eras, st.archive.tags, st.renderer, page_url, st.cache)
    return html + timeline, warnings

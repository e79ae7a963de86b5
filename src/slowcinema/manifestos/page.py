"""The parts of a manifesto page after its preamble: the current principles, the version history
with what changed, and the signatories, rendered from data and audited (a finding named at the data
file and line of its value: slowcinema.web.sanitize.report_generated). The preamble itself is paired
like an essay."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from ..archive import origins
from ..languages import hant
from ..languages.dates import long_date
from ..languages.labels import label
from ..languages.numerals import chinese
from ..web import sanitize
from ..web.render import Renderer
from .bundle import Manifesto
from .revisions import Segment, compare

KIND_LABELS = {
    "added": ("新增", "新增", "Added"),
    "withdrawn": ("撤回", "撤回", "Withdrawn"),
    "reworded": ("改写", "改寫", "Reworded"),
    "renumbered": ("改号", "改號", "Renumbered"),
}


def kind_label(kind: str) -> Markup:
    zh, zh_hant, en = KIND_LABELS[kind]
    return Markup(
        f'<span class="sca-l" lang="zh-Hans" data-sca-show="zh both">{zh}</span>'
        f'<span class="sca-l" lang="zh-Hant" data-sca-show="zh-Hant">{zh_hant}</span>'
        f'<span class="sca-l" lang="en" data-sca-show="en">{en}</span>'
    )


def hant_segments(segments: list[Segment]) -> list[Segment]:
    return [(op, hant.text(text)) for op, text in segments]


@dataclass(frozen=True)
class ManifestoParts:
    html: str  # audited, and cleaned if the audit found anything
    anchors: set[str]  # every id these parts add to the page
    toc: list[tuple[str, str, int]]  # (id, title html, level) for the page's table of contents
    warnings: tuple[str, ...] = ()  # the audit's, each at the data file and line of its value

    def clash(self, m: Manifesto, headings: set[str]) -> str | None:
        """The error when headings of the preamble (`headings`, their ids) take anchors these parts add."""
        found = self.anchors & headings
        return (f"{m.text.versions[m.text.original].rel}: the anchors {sorted(found)} of the manifesto's principles "
                "are also headings of its preamble. Fix: rename the heading or the principle id.") if found else None


def _principle_cites(m: Manifesto, archive, page_url_abs: str) -> dict[str, list[dict]]:
    from ..essays.page import cites

    out = {}
    for n, p in enumerate(m.current.principles, 1):
        def part(lang: str, n=n, p=p):
            title = p.title.en if lang == "en" else p.title.zh
            locator = f"principle {n}" if lang == "en" else f"第{chinese(n)}条"
            return p.id, title, m.current.date, f"principle-{n}", locator
        out[p.id] = cites(m.text, archive, page_url_abs, part)
    return out


def shown(m: Manifesto, archive=None) -> list[sanitize.Origin]:
    """Every data value the parts show, where it was read: the principles of each version (newest first)
    and its note in principles.yml, the signatories in signatories.yml, the text's titles and people (its
    citations)."""
    out = [o for v in reversed(m.versions) for p in v.principles for o in origins.bilingual(p.title) + origins.bilingual(p.text)]
    out += [o for v in reversed(m.versions) for o in origins.bilingual(v.note)]
    for s in m.signatories:
        texts = [(f"{key}.{lang}", x) for key in ("name", "role") for lang, x in getattr(s, key).items()]
        out += [sanitize.Origin(x, s.rel, s.lines.get(key)) for key, x in texts + [("place", s.place), ("link", s.link)] if x]
    people = {i for v in m.text.versions.values() for i in (*m.text.authors, *v.translators)}
    return out + origins.entries([m.text]) + (origins.people(sorted(people), archive.authors) if archive else [])


def build(m: Manifesto, renderer: Renderer, page_url_abs: str, sign_url: str, archive=None) -> ManifestoParts:
    history = []
    for i, v in enumerate(m.versions):
        changes = compare(m.versions[i - 1], v) if i else []
        history.append({"version": v, "changes": changes})
    history.reverse()
    helpers = {"label": label, "kind_label": kind_label, "zh_num": chinese, "long_date": long_date,
               "hant_segments": hant_segments}
    html = "\n".join([
        renderer.render("sca/manifesto/principles.html", version=m.current, page_url_abs=page_url_abs,
                        cites=_principle_cites(m, archive, page_url_abs) if archive else {},
                        available=m.text.languages, **helpers),
        renderer.render("sca/manifesto/history.html", history=history, **helpers),
        renderer.render("sca/manifesto/signatories.html", signatories=m.signatories, sign_url=sign_url, **helpers),
    ])
    html, warnings = sanitize.report_generated(html, shown(m, archive), renderer.written())
    anchors = {"principles", "history", "signatories"}
    anchors |= {f"principle-{n}" for n in range(1, len(m.current.principles) + 1)}
    anchors |= {p.id for p in m.current.principles} | {f"v{v.number}" for v in m.versions}
    toc = [("principles", str(label("原则", "Principles")), 2), ("history", str(label("版本历史", "Version history")), 2),
           ("signatories", str(label("联署", "Signatories")), 2)]
    return ManifestoParts(html, anchors, toc, tuple(warnings))

"""How to cite an entry: a plain-text citation in Chicago style (in the reading language), BibTeX
(biblatex @online), CSL-JSON, and the <meta name="citation_*"> tags that reference managers read."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field

from ..languages import hant

SITE = {"zh": "慢电影档案", "zh-Hant": "慢電影檔案", "en": "Slow Cinema Archive"}
LANGID = {"zh": "chinese", "zh-Hant": "chinese", "en": "english"}
BCP47 = {"zh": "zh-Hans", "zh-Hant": "zh-Hant", "en": "en"}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


@dataclass(frozen=True)
class Work:
    """What is cited, in one language."""

    id: str  # stable key, e.g. 'sca:what-slow-cinema-is'
    lang: str  # zh, zh-Hant, en
    title: str
    authors: tuple[str, ...]
    date: dt.date
    url: str  # the permalink
    translators: tuple[str, ...] = ()
    container: str | None = None  # a principle is cited inside its manifesto
    locator: str | None = None  # e.g. 'principle 3' / '第三条'
    kind: str = "webpage"
    extra: dict = field(default_factory=dict)

    def converted(self) -> "Work":
        """The same work in traditional characters."""
        return Work(self.id, "zh-Hant", hant.text(self.title), tuple(hant.text(a) for a in self.authors), self.date,
                    self.url, tuple(hant.text(t) for t in self.translators),
                    hant.text(self.container) if self.container else None,
                    hant.text(self.locator) if self.locator else None, self.kind)


def chicago(w: Work) -> str:
    if w.lang == "en":
        names = _join_en(w.authors)
        when = f"{MONTHS[w.date.month - 1]} {w.date.day}, {w.date.year}"
        title = f"“{w.title}.”" if not w.container else f"“{w.title}.” In {w.container}, {w.locator}."
        trans = f" Translated by {_join_en(w.translators)}." if w.translators else ""
        at = f", {w.locator}" if w.locator and not w.container else ""  # a passage: its paragraph
        return f"{names}. {title}{trans} {SITE['en']}, {when}{at}. {w.url}."
    sep = "、"
    names = sep.join(w.authors)
    trans = f"，{sep.join(w.translators)}{'譯' if w.lang == 'zh-Hant' else '译'}" if w.translators else ""
    when = f"{w.date.year}年{w.date.month}月{w.date.day}日"
    title = f"《{w.container}》{w.locator}“{w.title}”" if w.container else f"《{w.title}》{w.locator or ''}"
    return f"{names}{trans}：{title}，{SITE[w.lang]}，{when}，{w.url}。"


def _join_en(names: tuple[str, ...]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


_BIB_SPECIAL = re.compile(r"([\\{}%&$#_^~])")


def _bib(text: str) -> str:
    return _BIB_SPECIAL.sub(lambda m: {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
                            .get(m.group(1), "\\" + m.group(1)), text)


def bibtex(w: Work) -> str:
    key = re.sub(r"[^A-Za-z0-9:_-]", "-", f"{w.id}:{w.lang}")
    fields = [
        ("author", " and ".join("{" + _bib(a) + "}" for a in w.authors)),
        ("title", "{" + _bib(w.title) + "}"),
    ]
    if w.container:
        fields.append(("maintitle", "{" + _bib(w.container) + "}"))
    if w.container or w.locator:
        fields.append(("titleaddon", _bib(w.locator or "")))
    if w.translators:
        fields.append(("translator", " and ".join("{" + _bib(t) + "}" for t in w.translators)))
    fields += [("organization", _bib(SITE[w.lang])), ("date", w.date.isoformat()), ("url", w.url),
               ("langid", LANGID[w.lang])]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@online{{{key},\n{body}\n}}"


def csl(w: Work) -> dict:
    item = {
        "id": f"{w.id}:{w.lang}",
        "type": w.kind,
        "title": w.title,
        "author": [{"literal": a} for a in w.authors],
        "issued": {"date-parts": [[w.date.year, w.date.month, w.date.day]]},
        "URL": w.url,
        "container-title": w.container or SITE[w.lang],
        "publisher": SITE[w.lang],
        "language": BCP47[w.lang],
    }
    if w.translators:
        item["translator"] = [{"literal": t} for t in w.translators]
    if w.locator:
        item["locator"] = w.locator
    return item


def csl_json(w: Work) -> str:
    """One CSL item in a list, one field a line (nested values kept on their line: a page carries
    one for each language, and deep indentation would double its weight)."""
    fields = ",\n ".join(f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in csl(w).items())
    return f"[{{{fields}}}]"


def meta_tags(w: Work) -> list[tuple[str, str]]:
    """Highwire-style tags, read by Zotero and other reference managers."""
    tags = [("citation_title", w.title)]
    tags += [("citation_author", a) for a in w.authors]
    tags += [("citation_publication_date", w.date.strftime("%Y/%m/%d")), ("citation_language", BCP47[w.lang]),
             ("citation_publisher", SITE[w.lang]), ("citation_public_url", w.url)]
    return tags


def formats(w: Work) -> dict[str, str]:
    return {"text": chicago(w), "bibtex": bibtex(w), "csl": csl_json(w)}

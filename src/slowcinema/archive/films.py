"""The films registry (docs/films.yml): films that essays, clips and timeline events refer to by id.

    stray-dogs:
      title: {zh: 郊游, en: Stray Dogs}
      original: 郊遊            # the title in its original language and script
      director: {zh: 蔡明亮, en: Tsai Ming-liang}
      year: 2013
      country: [Taiwan, France]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..content import fields, schema, yamlio
from ..content.bilingual import Bilingual
from ..content.bilingual import read as read_bilingual
from ..content.problems import Problems
from ..content.source import read_text
from .registry import ID_RE


@dataclass(frozen=True)
class Film:
    id: str
    title: Bilingual
    original: str
    director: Bilingual
    year: int
    country: tuple[str, ...]
    rel: str = field(default="", compare=False, repr=False)  # docs/films.yml, for messages
    lines: dict = field(default_factory=dict, compare=False, repr=False)  # field -> its line (original, year, country)

    @property
    def url(self) -> str:
        return f"films/{self.id}/"


def load_films(path: Path, rel: str, problems: Problems) -> dict[str, Film]:
    if not path.is_file():
        return {}
    text = read_text(path, rel, problems)
    doc = yamlio.load(text, rel, problems) if text is not None else None
    if doc is None:
        return {}
    if doc.data is None:
        return {}
    if not isinstance(doc.data, dict):
        problems.add(rel, 1, None, "must map film ids to films", "write 'film-id:' at the start of a line, its fields below")
        return {}
    films: dict[str, Film] = {}
    for fid, entry in doc.data.items():
        line = doc.line(fid)
        if not isinstance(fid, str) or not ID_RE.match(fid):
            problems.add(rel, line, str(fid), f"'{fid}' is not a valid id", "use lowercase ASCII words and hyphens, e.g. stray-dogs")
            continue
        if not isinstance(entry, dict):
            problems.add(rel, line, fid, "a film needs title, original, director, year and country", "indent those fields under the id")
            continue
        ok = schema.FILM.unknown(entry, rel, problems, doc, (fid,), fid)
        title = read_bilingual(entry.get("title"), doc, (fid, "title"), rel, problems, "the title")
        director = read_bilingual(entry.get("director"), doc, (fid, "director"), rel, problems, "the director")
        original = entry.get("original")
        if not isinstance(original, str) or not original.strip():
            problems.add(rel, doc.line(fid, "original") or line, f"{fid}.original", "the original title is missing",
                         "write original: and the title as released, in its own language")
            ok = False
        elif schema.FILM.plain("original", original, fields.Place(rel, doc.line(fid, "original") or line, f"{fid}.original"),
                               problems) is None:  # the archive's one plain-text rule set, and its wording
            ok = False
        year = entry.get("year")
        if not isinstance(year, int) or isinstance(year, bool) or not 1870 <= year <= 2100:
            problems.add(rel, doc.line(fid, "year") or line, f"{fid}.year", f"{year!r} is not a year of release",
                         "write the year as four digits, e.g. year: 2013")
            ok = False
        country = entry.get("country")
        countries = [country] if isinstance(country, str) else country
        if not isinstance(countries, list) or not countries or not all(isinstance(c, str) and c.strip() for c in countries):
            problems.add(rel, doc.line(fid, "country") or line, f"{fid}.country", "the country of production is missing",
                         "write country: Taiwan, or a list: country: [Taiwan, France]")
            ok = False
        else:
            for i, c in enumerate(countries):
                at = fields.Place(rel, doc.line(fid, "country", i) or line, f"{fid}.country")
                ok = schema.FILM.plain("country", c, at, problems) is not None and ok
        if ok and title and director:
            films[fid] = Film(fid, title, original.strip(), director, year, tuple(c.strip() for c in countries), rel,
                              {k: doc.line(fid, k) or line for k in ("original", "year", "country")})
    return films

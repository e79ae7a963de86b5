"""Rights (the basis for showing a clip) and people (consent of those it shows), with their rules.

Rights `basis`:
- public-domain      the work is in the public domain; `source` says where the copy comes from.
- licence            `licence:` an SPDX / Creative Commons identifier such as CC-BY-4.0; `holder`.
- rights-statement   `statement:` a rightsstatements.org URI; `holder`.
- permission         the holder allowed it: `holder`, and `note` saying what was granted.
- quotation          quotation for criticism: `holder`, and `note` saying what the clip is quoted for.
`source` (where the copy comes from) is required for every basis.

People, consent values (IPTC / PLUS model release status, and two of our own):
- MR-UMR unlimited model release; MR-LMR limited release (`note` says the limits);
- public-figure: a public figure in a public role (`note` says who and which role);
- historical: people filmed long ago in a public-domain film (basis public-domain, film at least
  100 years old; `note` says why showing them is fair);
- MR-NON (no release) with identifiable people is refused; MR-NAP (not applicable) with
  identifiable people is refused as a contradiction: if people can be recognised, a release applies.
A clip marked `withheld: true` is not published, so its consent may still be missing.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..content import schema
from ..content.bilingual import read as read_bilingual
from ..content.fields import Place
from ..content.problems import Problems, did_you_mean
from ..content.yamlio import YamlDoc
from .model import Bilingual, People, Rights

BASES = ("public-domain", "licence", "rights-statement", "permission", "quotation")
LICENCES = ("CC0-1.0", "CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-ND-4.0", "CC-BY-NC-4.0", "CC-BY-NC-SA-4.0",
            "CC-BY-NC-ND-4.0", "CC-BY-3.0", "CC-BY-SA-3.0", "CC-BY-2.0", "CC-BY-SA-2.0", "CC-PDDC", "PDDL-1.0")
STATEMENT_RE = re.compile(r"^https?://rightsstatements\.org/vocab/"
                          r"(InC|InC-OW-EU|InC-EDU|InC-NC|InC-RUU|NoC-CR|NoC-NC|NoC-OKLR|NoC-US|CNE|UND|NKC)/1\.0/$")
CONSENTS = ("MR-UMR", "MR-LMR", "public-figure", "historical", "MR-NON", "MR-NAP")
NEEDS_NOTE = {"permission", "quotation"}
CONSENT_NEEDS_NOTE = {"MR-LMR": "the limits of the release", "public-figure": "who it is and the public role shown",
                      "historical": "why showing these people is fair (who they were, when they were filmed)"}


def licence_url(spdx: str) -> str:
    if spdx == "CC0-1.0":
        return "https://creativecommons.org/publicdomain/zero/1.0/"
    m = re.match(r"^CC-(BY(?:-NC)?(?:-SA|-ND)?)-(\d\.\d)$", spdx)
    return f"https://creativecommons.org/licenses/{m.group(1).lower()}/{m.group(2)}/" if m else ""


def bilingual(value: Any, doc: YamlDoc, rel: str, path: tuple, name: str, problems: Problems) -> Bilingual | None:
    """A text in both languages (the archive's one reader, with its plain-text rules)."""
    return read_bilingual(value, doc, path, rel, problems, f"the {name.rsplit('.', 1)[-1]}")


def _text(value: Any, doc: YamlDoc, rel: str, path: tuple, name: str, problems: Problems) -> str:
    if isinstance(value, str) and value.strip():  # holder and source: plain text, as the schema says
        return schema.RIGHTS.plain(path[-1], value, Place(rel, doc.line(*path), name), problems) or ""
    problems.add(rel, doc.line(*path), name, "is empty" if isinstance(value, str) or value is None else "must be text",
                 f"write {name.split('.')[-1]}: ... (see CONTRIBUTING.md, 'Clip galleries')")
    return ""


def read_rights(data: Any, doc: YamlDoc, rel: str, problems: Problems, at: tuple = (), what: str = "clip") -> Rights | None:
    """The `rights` mapping of a clip's file, or of `what` (an image) at `at` in its file."""
    line = lambda *path: doc.line(*at, "rights", *path)  # noqa: E731
    name = lambda field="": ".".join([*at, "rights", *([field] if field else [])])  # noqa: E731
    if data is None:
        problems.add(rel, doc.line(*at) if at else 1, name(), f"is missing: a {what} needs a rights basis",
                     f"add 'rights:' with 'basis:' ({', '.join(BASES)}), 'holder:' and 'source:'")
        return None
    if not isinstance(data, dict):
        problems.add(rel, line(), name(), "must be a mapping", "write rights: then basis:, holder:, source: indented below")
        return None
    before = len(problems)
    schema.RIGHTS.unknown(data, rel, problems, doc, (*at, "rights"), name())
    basis = data.get("basis")
    if "basis" not in data:
        problems.add(rel, line(), name("basis"), f"is missing: a {what} needs a rights basis",
                     f"add 'basis:' under rights: one of {', '.join(BASES)}")
        return None
    if basis not in BASES:
        problems.add(rel, line("basis"), name("basis"),
                     f"{basis!r} is not a rights basis.{did_you_mean(str(basis), BASES)}", f"write one of {', '.join(BASES)}")
        return None
    licence = statement = holder = ""
    if basis == "licence":
        if "licence" not in data:
            problems.add(rel, line("basis"), name("licence"), "is missing: basis 'licence' names its licence",
                         "add 'licence:' with an SPDX identifier such as CC-BY-4.0")
        elif data["licence"] not in LICENCES:
            problems.add(rel, line("licence"), name("licence"),
                         f"{data['licence']!r} is not a licence identifier we know.{did_you_mean(str(data['licence']), LICENCES)}",
                         f"use an SPDX identifier: {', '.join(LICENCES)}")
        else:
            licence = data["licence"]
    if basis == "rights-statement":
        s = data.get("statement")
        if not isinstance(s, str) or not STATEMENT_RE.match(s):
            problems.add(rel, line("statement") if "statement" in data else line("basis"),
                         name("statement"), "must be a rightsstatements.org statement URI" if s else "is missing",
                         "write for example statement: http://rightsstatements.org/vocab/InC-EDU/1.0/")
        else:
            statement = s
    if basis != "public-domain":
        if "holder" not in data:
            problems.add(rel, line(), name("holder"), f"is missing: basis '{basis}' names the rights holder",
                         "add 'holder:' (a person or organisation)")
        else:
            holder = _text(data["holder"], doc, rel, (*at, "rights", "holder"), name("holder"), problems)
    elif "holder" in data:
        holder = _text(data["holder"], doc, rel, (*at, "rights", "holder"), name("holder"), problems)
    source = ""
    if "source" not in data:
        problems.add(rel, line(), name("source"), "is missing: say where this copy comes from",
                     "add 'source:' (an archive, a URL, or 'made for this archive')")
    else:
        source = _text(data["source"], doc, rel, (*at, "rights", "source"), name("source"), problems)
    note = None
    if "note" in data:
        note = bilingual(data["note"], doc, rel, (*at, "rights", "note"), name("note"), problems)
    elif basis in NEEDS_NOTE:
        problems.add(rel, line("basis"), name("note"),
                     f"is missing: basis '{basis}' needs a note ({'what the holder granted' if basis == 'permission' else f'what the {what} is quoted for'})",
                     "add note: {zh: ..., en: ...} under rights:")
    if len(problems) > before:
        return None
    return Rights(basis, licence, statement, holder, source, note)


def read_people(data: Any, doc: YamlDoc, rel: str, problems: Problems, *, withheld: bool,
                rights: Rights | None, film_year: int | None, today: dt.date | None = None, at: tuple = (),
                what: str = "clip") -> People | None:
    """The `people` mapping of a clip's file, or of `what` (an image) at `at` in its file."""
    line_of = lambda *path: doc.line(*at, "people", *path)  # noqa: E731
    name = lambda field="": ".".join([*at, "people", *([field] if field else [])])  # noqa: E731
    if data is None:
        problems.add(rel, doc.line(*at) if at else 1, name(), f"is missing: say whether the {what} shows people who can be recognised",
                     "add people: {identifiable: false}, or identifiable: true with consent: (see CONTRIBUTING.md)")
        return None
    if not isinstance(data, dict):
        problems.add(rel, line_of(), name(), "must be a mapping", "write people: then identifiable: and consent: indented below")
        return None
    before = len(problems)
    schema.PEOPLE.unknown(data, rel, problems, doc, (*at, "people"), name())
    identifiable = data.get("identifiable")
    if not isinstance(identifiable, bool):
        problems.add(rel, line_of("identifiable") if "identifiable" in data else line_of(), name("identifiable"),
                     "is missing" if "identifiable" not in data else f"must be true or false, not {identifiable!r}",
                     "write identifiable: true if anyone shown can be recognised, else identifiable: false")
        return None
    consent = data.get("consent", "")
    note = bilingual(data["note"], doc, rel, (*at, "people", "note"), name("note"), problems) if "note" in data else None
    line = line_of("consent") if "consent" in data else line_of("identifiable")
    if consent and consent not in CONSENTS:
        problems.add(rel, line, name("consent"), f"{consent!r} is not a consent value.{did_you_mean(str(consent), CONSENTS)}",
                     f"write one of {', '.join(CONSENTS)}")
        return None
    if identifiable and not withheld:
        if not consent or consent == "MR-NON":
            missing = "no consent on record" if not consent else "consent MR-NON (no release)"
            problems.add(rel, line, name("consent"), f"the {what} shows identifiable people and has {missing}",
                         "record the release (MR-UMR, MR-LMR) or another basis (public-figure, historical), "
                         + ("or mark the clip 'withheld: true' while consent is sought" if what == "clip" else
                            f"or leave the {what} out until it is on record"))
        elif consent == "MR-NAP":
            problems.add(rel, line, name("consent"),
                         "MR-NAP (not applicable) contradicts identifiable: true: a release applies to anyone who can be recognised",
                         "record the release actually held (MR-UMR, MR-LMR), or set identifiable: false if no one can be recognised")
        elif consent in CONSENT_NEEDS_NOTE and note is None and "note" not in data:
            problems.add(rel, line, name("note"), f"is missing: consent '{consent}' needs a note saying {CONSENT_NEEDS_NOTE[consent]}",
                         "add note: {zh: ..., en: ...} under people:")
        if consent == "historical":
            year = (today or dt.date.today()).year
            if rights is not None and rights.basis != "public-domain":
                problems.add(rel, line, name("consent"), "'historical' applies only to a film in the public domain",
                             "use a release (MR-UMR, MR-LMR), or correct rights.basis")
            if film_year is not None and film_year > year - 100:
                problems.add(rel, line, name("consent"), f"'historical' needs a film at least 100 years old (this one is from {film_year})",
                             "record a release (MR-UMR, MR-LMR), or mark the clip 'withheld: true'")
    if len(problems) > before:
        return None
    return People(identifiable, consent, note)

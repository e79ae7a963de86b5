"""Every field the schema declares `plain` goes through the one plain-text gate where its file is read.

The test walks `schema.CATALOGUE`: for each field declared plain it writes a minimal valid file of
that kind (below), plants a bidi override, then `<b>`, in that one field, loads the archive as
`make check` does and expects exactly one problem, naming the file, the value's line and the field.
A plain field added to the schema without a minimal file here fails (KeyError in `KINDS`), and one
added without enforcement fails the assertion."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml
from conftest import EN, Project
from test_clips_kit import gallery

from slowcinema.archive.load import load_archive
from slowcinema.content import schema
from slowcinema.timeline.block import BlockContext, read_options

MARK = "PLANTED"
PAYLOADS = {"bidi": f"{MARK}\u202eevil", "markup": f"<b>{MARK}</b>"}

ESSAY_FM = {"title": "等待的形状", "date": "2026-11-02", "authors": ["editors"], "original": "zh", "summary": "一篇文章。"}
BI = {"zh": "甲", "en": "A"}
EVENT = {"id": "e", "date": 1979, "kind": "film", "title": dict(BI)}
ERA = {"id": "r", "start": 1960, "end": 1970, "title": dict(BI)}
CLIP = {
    "id": "wall", "title": dict(BI),
    "film": {"title": dict(BI), "director": dict(BI), "year": 2026},
    "source": {"file": "media/light-on-a-wall.webm", "poster": "media/light-on-a-wall.webp"},
    "duration": "0:32",
    "notes": [{"at": "0:00", "kind": "light", "zh": "开头。", "en": "The opening."}],
    "rights": {"basis": "licence", "licence": "CC-BY-4.0", "holder": "Slow Cinema Archive", "source": "generated"},
    "people": {"identifiable": False},
}
PRINCIPLES = {"versions": [{"version": 1, "date": "2026-11-10", "principles": [
    {"id": "time", "title": {"zh": "时间", "en": "Time"}, "text": {"zh": "时间是材料。", "en": "Time is the material."}}]}]}
SIGNATURE = {"name": "Lin Yi", "date": "2026-11-12"}
MANIFESTO = {"index.zh.md": "---\ntitle: 慢宣言\ndate: 2026-11-10\nauthors: [editors]\noriginal: zh\nsummary: 一份宣言。\n---\n\n序言。\n",
             "index.en.md": "---\ntitle: A Slow Manifesto\nsummary: A manifesto.\ntranslators: [editors]\n---\n\nPreamble.\n"}

# catalogue name -> (file under docs/, the file's data, the path to the mapping of this kind, the field's name prefix)
KINDS: dict[str, tuple[str, Any, tuple, str]] = {
    "essay front matter": ("essays/e/index.zh.md", ESSAY_FM, (), ""),
    "authors.yml": ("authors.yml", {"editors": {"name": dict(BI)}, "lin": {"name": dict(BI)}}, ("editors",), "editors."),
    "tags.yml": ("tags.yml", {"long-take": dict(BI), "light": dict(BI)}, ("long-take",), "long-take."),
    "films.yml": ("films.yml", {"stalker": {"title": dict(BI), "original": "Сталкер", "director": dict(BI), "year": 1979,
                                            "country": ["USSR"]}}, ("stalker",), "stalker."),
    "timeline event": ("timeline/t.yml", {"events": [EVENT]}, ("events", 0), ""),
    "timeline era": ("timeline/t.yml", {"eras": [ERA]}, ("eras", 0), ""),
    "clip": ("clips/light/clips/wall.yml", CLIP, (), ""),
    "clip film": ("clips/light/clips/wall.yml", CLIP, ("film",), "film."),
    "clip note": ("clips/light/clips/wall.yml", CLIP, ("notes", 0), "notes[0]."),
    "clip rights": ("clips/light/clips/wall.yml", CLIP, ("rights",), "rights."),
    "clip people": ("clips/light/clips/wall.yml", CLIP, ("people",), "people."),
    "version": ("manifesto/slow/principles.yml", PRINCIPLES, ("versions", 0), "versions[0]."),
    "principle": ("manifesto/slow/principles.yml", PRINCIPLES, ("versions", 0, "principles", 0), "versions[0].principles[0]."),
    "signatories.yml": ("manifesto/slow/signatories.yml", [SIGNATURE], (0,), ""),
}
BLOCK_KINDS = {"timeline block"}  # options of a Markdown block, read by the block (no file of their own)


def plain_fields() -> list[tuple[str, schema.Field]]:
    return [(kind, f) for kind, s in schema.CATALOGUE.items() for f in s.fields if f.text == "plain"]


def planted(kind: str, field: schema.Field, payload: str) -> tuple[Any, str]:
    """The value to plant in `field` and the suffix of the field's name in the problem."""
    if field.type == "bilingual":
        return {"zh": "甲", "en": payload}, ".en"
    if field.type == "texts" or (field.type == "names" and kind != "signatories.yml"):
        return [payload], "[0]" if kind != "films.yml" else ""
    return payload, ""


def write(project: Project, rel: str, data: Any) -> str:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False, width=10**6)
    if rel.endswith(".md"):
        text = f"---\n{text}---\n\nThe opening paragraph.\n"
    project.write(rel, text)
    return text


def test_every_plain_field_has_a_minimal_file_here():
    kinds = {kind for kind, _f in plain_fields()}
    assert kinds - BLOCK_KINDS <= set(KINDS), kinds - BLOCK_KINDS - set(KINDS)


@pytest.mark.parametrize("payload", PAYLOADS, ids=list(PAYLOADS))
@pytest.mark.parametrize("kind,field", [c for c in plain_fields() if c[0] not in BLOCK_KINDS],
                         ids=[f"{k}.{f.name}" for k, f in plain_fields() if k not in BLOCK_KINDS])
def test_a_planted_value_is_refused_with_file_line_and_field(project: Project, kind, field, payload):
    rel, data, at, prefix = KINDS[kind]
    project.essay("other")
    if rel.startswith("clips/"):
        gallery(project.docs, clips={})
    if rel.startswith("manifesto/"):
        for name, text in MANIFESTO.items():
            project.write(f"manifesto/slow/{name}", text)
    data = copy.deepcopy(data)
    mapping = data
    for step in at:
        mapping = mapping[step]
    value, suffix = planted(kind, field, PAYLOADS[payload])
    mapping[field.name] = value
    text = write(project, rel, data)
    if kind == "essay front matter":
        project.write("essays/e/index.en.md", EN)
    line = next(n for n, ln in enumerate(text.split("\n"), 1) if MARK in ln)
    problems = list(load_archive(project.docs, project.root)[1])
    expected = (f"docs/{rel}", line, f"{prefix}{field.name}{suffix}")
    here = [p for p in problems if p.file == expected[0]]  # (an essay that uses a refused tag says so too)
    assert [(p.file, p.line, p.field) for p in here] == [expected], "\n".join(map(str, problems))
    assert ("U+202E" if payload == "bidi" else "contains < or >") in here[0].message and here[0].fix


@pytest.mark.parametrize("payload", PAYLOADS, ids=list(PAYLOADS))
def test_a_planted_value_in_a_timeline_block_is_refused(payload):
    for name in [f.name for f in schema.TIMELINE_BLOCK.fields if f.text == "plain"]:
        ctx = BlockContext(kinds={"film"}, tags={"long-take"}, rel="docs/essays/e/index.en.md")
        assert read_options({name: PAYLOADS[payload]}, None, ctx, 12) is None, name
        assert [(p.file, p.line, p.field) for p in ctx.problems] == [("docs/essays/e/index.en.md", 12, f"timeline.{name}")]

"""Every kind of broken input gets a clear problem: the file, the line, the field, what and the fix."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import EN, ZH, Project, build

from slowcinema.archive.load import load_archive

ZH_FILE = "docs/essays/e/index.zh.md"
EN_FILE = "docs/essays/e/index.en.md"

# (id, files to write {path under docs: content}, expected (file, line, field, in message, in fix))
CASES = [
    ("yaml-syntax", {"essays/e/index.zh.md": ZH.replace("tags: [long-take]", "tags: [long-take")},
     (ZH_FILE, 5, None, "the '[' opened on this line is not closed", "close it with ']'")),
    ("yaml-indentation", {"essays/e/index.zh.md": ZH.replace("tags: [long-take]", "tags: [long-take]\n  - x")},
     (ZH_FILE, 6, None, "YAML syntax error", "check the indentation of this line")),
    ("tab-indent", {"essays/e/index.zh.md": ZH.replace("tags: [long-take]", "tags:\n\t- long-take")},
     (ZH_FILE, 6, None, "tab character", "spaces")),
    ("impossible-date", {"essays/e/index.zh.md": ZH.replace("2026-11-02", "2026-13-45")},
     (ZH_FILE, 3, "date", "'2026-13-45' is not a real date (the month must be 01 to 12)", "2026-11-02")),
    ("day-out-of-range", {"essays/e/index.zh.md": ZH.replace("2026-11-02", "2026-02-30")},
     (ZH_FILE, 3, "date", "is not a real date (day is out of range", "correct the date")),
    ("date-format", {"essays/e/index.zh.md": ZH.replace("2026-11-02", "Nov 2, 2026")},
     (ZH_FILE, 3, "date", "is not a date written YYYY-MM-DD", "year, month and day with hyphens")),
    ("misspelt-key", {"essays/e/index.zh.md": ZH.replace("title:", "titel:")},
     (ZH_FILE, 2, "titel", "unknown field 'titel'. Did you mean 'title'?", "the fields of an essay's front matter are: title, summary")),
    ("number-title", {"essays/e/index.en.md": EN.replace("The Shape of Waiting", "1984")},
     (EN_FILE, 2, "title", "read as a number", 'title: "1984"')),
    ("string-not-list", {"essays/e/index.zh.md": ZH.replace("authors: [editors]", "authors: editors")},
     (ZH_FILE, 4, "authors", "must be a list of author ids", "authors: [editors]")),
    ("mapping-not-list", {"essays/e/index.zh.md": ZH.replace("tags: [long-take]", "tags: {a: 1}")},
     (ZH_FILE, 5, "tags", "must be a list of tag ids, not a mapping", "docs/tags.yml")),
    ("duplicate-key", {"essays/e/index.zh.md": ZH.replace("original: zh", "original: zh\ndate: 2026-11-03")},
     (ZH_FILE, 7, "date", "the key 'date' appears twice (first at line 3)", "delete the other")),
    ("not-utf8", {"essays/e/index.zh.md": ZH.encode("gb18030")},
     (ZH_FILE, 2, None, "not UTF-8", "save the file as UTF-8")),
    ("anchor-alias", {"essays/e/index.zh.md": ZH.replace("authors: [editors]", "authors: &a [editors]\nx: *a")},
     (ZH_FILE, 4, None, "YAML anchors (&a) are not allowed", "write each value out in full")),
    ("python-tag", {"essays/e/index.zh.md": ZH.replace("summary: 一篇关于等待的文章。", "summary: !!python/object/apply:os.system [echo hi]")},
     (ZH_FILE, 7, "summary", "'!!python/object/apply:os.system' is not allowed", "plain text, numbers")),
    ("not-a-mapping", {"essays/e/index.en.md": "---\n- a\n- b\n---\n\nText.\n"},
     (EN_FILE, 2, None, "must be a set of 'key: value' fields, but it is a list", "one field per line")),
    ("missing-required", {"essays/e/index.zh.md": ZH.replace("date: 2026-11-02\n", "")},
     (ZH_FILE, 2, "date", "is missing", "date: 2026-11-02")),
    ("unknown-author", {"essays/e/index.zh.md": ZH.replace("[editors]", "[edtors]")},
     (ZH_FILE, 4, "authors", "unknown author 'edtors'. Did you mean 'editors'?", "docs/authors.yml")),
    ("unknown-tag", {"essays/e/index.zh.md": ZH.replace("[long-take]", "[long-takes]")},
     (ZH_FILE, 5, "tags", "unknown tag 'long-takes'. Did you mean 'long-take'?", "docs/tags.yml")),
    ("unknown-film", {"essays/e/index.zh.md": ZH.replace("tags: [long-take]", "tags: [long-take]\nfilms: [stray-dog]")},
     (ZH_FILE, 6, "films", "unknown film 'stray-dog'. Did you mean 'stray-dogs'?", "docs/films.yml")),
    ("film-year", {"films.yml": "stalker:\n  title: {zh: 潜行者, en: Stalker}\n  original: Сталкер\n  director: {zh: 塔可夫斯基, en: Tarkovsky}\n  year: '79'\n  country: Soviet Union\n"},
     ("docs/films.yml", 5, "stalker.year", "'79' is not a year of release", "four digits")),
    ("film-missing-english-title", {"films.yml": "stalker:\n  title: {zh: 潜行者}\n  original: Сталкер\n  director: {zh: 塔可夫斯基, en: Tarkovsky}\n  year: 1979\n  country: Soviet Union\n"},
     ("docs/films.yml", 2, "stalker.title.en", "the title in English is missing", "'en: ...'")),
    ("bad-original", {"essays/e/index.zh.md": ZH.replace("original: zh", "original: zn")},
     (ZH_FILE, 6, "original", "'zn' is not one of zh, en. Did you mean 'zh'?", "original: zh")),
    ("draft-yes", {"essays/e/index.zh.md": ZH.replace("original: zh", "original: zh\ndraft: yes")},
     (ZH_FILE, 7, "draft", "must be true or false, not 'yes'", "draft: true")),
    ("shared-conflict", {"essays/e/index.en.md": EN.replace("translators: [lin]", "translators: [lin]\ndate: 2026-11-05")},
     (EN_FILE, 5, "date", "but docs/essays/e/index.zh.md:3 says '2026-11-02'", "write this field once")),
    ("translators-in-original", {"essays/e/index.zh.md": ZH.replace("original: zh", "original: zh\ntranslators: [lin]")},
     (ZH_FILE, 7, "translators", "only for a translation", "remove 'translators:'")),
    ("translation-without-translators", {"essays/e/index.en.md": EN.replace("translators: [lin]\n", "")},
     (EN_FILE, 2, "translators", "a translation names its translators", "translators: [author-id]")),
    ("no-front-matter", {"essays/e/index.en.md": "Just text.\n"},
     (EN_FILE, 1, None, "has no front matter", "start the file with a line '---'")),
    ("value-with-colon", {"essays/e/index.en.md": EN.replace("The Shape of Waiting", "Waiting: a study")},
     (EN_FILE, 2, None, "contains ': ' where YAML expects a new key", 'title: "Time: a study"')),
    ("stray-markdown", {"essays/e/index.md": "---\ntitle: x\n---\n"},
     ("docs/essays/e/index.md", None, None, "unexpected Markdown file in the essay bundle", "index.zh.md and/or index.en.md")),
    ("essay-folder-without-text", {"essays/photos-first/still.txt": "notes"},
     ("docs/essays/photos-first", None, None, "the essay bundle has no index.zh.md or index.en.md",
      "make new-essay SLUG=photos-first writes both into it")),
    ("manifesto-folder-without-text", {"manifesto/plain/notes.txt": "notes"},
     ("docs/manifesto/plain", None, None, "the manifesto folder has no index.zh.md or index.en.md", "'Manifestos'")),
    ("gallery-folder-without-text", {"clips/plain/notes.txt": "notes"},
     ("docs/clips/plain", None, None, "the gallery folder has no index.zh.md or index.en.md", "'Clip galleries'")),
    ("tag-label-missing", {"tags.yml": "long-take: {zh: 长镜头, en: Long take}\nlight:\n  zh: 光\n"},
     ("docs/tags.yml", 2, "light.en", "the label in English is missing", "'en: ...'")),
    ("original-file-missing", {"essays/e/index.zh.md": None, "essays/e/index.en.md": EN.replace("translators: [lin]", "date: 2026-11-02\nauthors: [editors]\noriginal: zh")},
     (EN_FILE, 6, "original", "there is no index.zh.md", "add index.zh.md")),
]


def _write(project: Project, files: dict) -> None:
    project.essay("e")
    for rel, content in files.items():
        if content is None:
            (project.docs / rel).unlink()
        else:
            project.write(rel, content)


@pytest.mark.parametrize("files,expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_broken_input_is_reported_precisely(project: Project, files, expected):
    _write(project, files)
    _archive, problems = load_archive(project.docs, project.root)
    file, line, field, message, fix = expected
    matching = [p for p in problems if p.file == file and message in p.message]
    assert matching, f"no problem with {message!r} in {file}; got:\n{problems.report()}"
    problem = matching[0]
    assert problem.line == line, problem
    assert problem.field == field, problem
    assert fix in problem.fix, problem


def test_there_are_at_least_fifteen_distinct_cases():
    assert len({c[0] for c in CASES}) >= 15


def test_all_problems_are_reported_at_once(project: Project):
    project.essay("e", zh=ZH.replace("2026-11-02", "2026-13-45").replace("[long-take]", "[nope]").replace("title:", "titel:"))
    project.write("essays/Bad_Slug/index.zh.md", ZH)
    _archive, problems = load_archive(project.docs, project.root)
    text = problems.report()
    for needle in ("not a real date", "unknown tag 'nope'", "unknown field 'titel'. Did you mean 'title'?", "'Bad_Slug' is not a valid slug"):
        assert needle in text
    assert len(problems) >= 4


def test_slugs_differing_only_in_case(project: Project):
    project.essay("waiting")
    project.essay("Waiting")
    _archive, problems = load_archive(project.docs, project.root)
    assert any("differs from" in p.message and "only in case" in p.message for p in problems), problems.report()


def test_bom_and_crlf_are_accepted_and_normalised(project: Project):
    project.write("essays/e/index.zh.md", b"\xef\xbb\xbf" + ZH.replace("\n", "\r\n").encode())
    project.write("essays/e/index.en.md", EN.replace("\n", "\r\n").encode())
    archive, problems = load_archive(project.docs, project.root)
    assert not problems, problems.report()
    essay = archive.essay("e")
    assert essay.versions["zh"].title == "等待的形状"
    assert "\r" not in essay.versions["en"].body
    result = build(project.root)
    assert result.ok, result.log
    html = result.page("essays/e/index.html")
    assert "等待的形状" in html and "The Shape of Waiting" in html
    assert "\ufeff" not in html and "title: " not in html


def test_a_problem_fails_the_build_with_the_same_message(project: Project):
    project.essay("e", zh=ZH.replace("[editors]", "[edtors]"))
    result = build(project.root)
    assert not result.ok
    errors = result.messages("ERROR")
    assert any("docs/essays/e/index.zh.md:4: authors: unknown author 'edtors'. Did you mean 'editors'?" in m for m in errors), errors
    assert any("1 problem in the archive's content" in m for m in errors), errors


def test_check_command_reports_and_exits_non_zero(project: Project):
    project.essay("e", zh=ZH.replace("2026-11-02", "2026-13-45"))
    run = subprocess.run([sys.executable, "-m", "slowcinema.cli", "check"], cwd=project.root,
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 1
    assert "docs/essays/e/index.zh.md:3: date: '2026-13-45' is not a real date" in run.stderr
    assert "fix: correct the date, for example 2026-11-02" in run.stderr
    assert "1 problem found" in run.stderr


def test_check_command_passes_on_valid_archive(project: Project):
    project.essay("e")
    run = subprocess.run([sys.executable, "-m", "slowcinema.cli", "check"], cwd=project.root,
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("ok: 1 essay, 0 manifestos,")


def test_a_page_that_is_not_utf8_stops_the_build_named_at_its_file_and_line(tmp_path):
    """A page outside the bundles (read by MkDocs, through the archive plugin) that is not UTF-8: the build fails and
    says where, as for an essay, at the file's place in the project."""
    from conftest import build, make_project

    p = make_project(tmp_path / "p")
    p.essay("e")
    p.write("about.md", "---\ntitle: 关于\n---\n\n# 关于\n".encode("gb18030"))
    result = build(p.root)
    assert not result.ok
    said = [m for level, m in result.log if level == "ERROR" and "not UTF-8" in m]
    assert said and said[0].startswith("slowcinema: docs/about.md:2: the file is not UTF-8 text"), result.messages()
    assert "save the file as UTF-8" in said[0]

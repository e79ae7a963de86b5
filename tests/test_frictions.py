"""The smaller frictions of a contributor's path: signing the manifesto as documented, a draft's files
kept out of the site, figures with captions, a script run with the wrong Python."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys

from conftest import EN, REPO, ZH, Project, build, record_images
from PIL import Image

from slowcinema.content.problems import Problems
from slowcinema.manifestos.signatures import load_signatories

TODAY = dt.date(2026, 12, 1)


def _documented_entry(lang: str) -> str:
    """The signature block of CONTRIBUTING.md, in its Chinese or English part, as written there."""
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    heading = "### 联署宣言" if lang == "zh" else "### Signing a manifesto"
    section = text[text.index(heading):]
    return re.search(r"```yaml\n(.*?)```", section, re.S).group(1)


def _load(path):
    problems = Problems()
    return load_signatories(path, "docs/manifesto/slow-films/signatories.yml", problems, TODAY), problems


def test_signing_as_the_docs_say_works_and_an_empty_list_before_entries_says_so(tmp_path):
    path = tmp_path / "signatories.yml"
    shutil.copy(REPO / "docs/manifesto/slow-films/signatories.yml", path)
    empty = path.read_text(encoding="utf-8")
    assert _load(path) == ((), Problems())

    # As documented: each signatory adds an entry at the end of the file, the first one too.
    path.write_text(empty + _documented_entry("en"), encoding="utf-8")
    signed, problems = _load(path)
    assert not problems and [s.name["en"] for s in signed] == ["Lin Yi"], problems.report()
    second = _documented_entry("zh").replace("林一, en: Lin Yi", "陈二, en: Chen Er")
    path.write_text(path.read_text(encoding="utf-8") + second, encoding="utf-8")
    signed, problems = _load(path)
    assert not problems and sorted(s.name["en"] for s in signed) == ["Chen Er", "Lin Yi"], problems.report()

    # A file that says '[]' (the empty list in YAML) with entries below it: one message, about the '[]'.
    with_empty_list = empty + "[]\n" + _documented_entry("en")
    path.write_text(with_empty_list, encoding="utf-8")
    signed, problems = _load(path)
    assert signed is None and len(problems) == 1, problems.report()
    [p] = list(problems)
    assert p.line == with_empty_list.split("\n").index("[]") + 1
    assert "'[]'" in p.message and "indent" not in p.message and "delete the line '[]'" in p.fix


def test_a_drafts_images_are_not_published(project: Project):
    project.essay("published")
    project.essay("unfinished", zh=ZH.replace("original: zh", "original: zh\ndraft: true"))
    for slug in ("published", "unfinished"):
        Image.new("RGB", (40, 30), "gray").save(project.docs / f"essays/{slug}/still.png")
        record_images(project.docs / f"essays/{slug}", "still.png")
    result = build(project.root)
    assert result.ok, result.messages("WARNING")
    assert (result.site / "essays/published/still.png").is_file()
    assert not (result.site / "essays/unfinished").exists()
    # Under `mkdocs serve` drafts are shown, their images with them.
    served = build(project.root, _command="serve")
    assert served.ok, served.messages("WARNING")
    assert (served.site / "essays/unfinished/still.png").is_file()


def test_an_image_alone_in_its_paragraph_is_a_figure_with_an_escaped_caption(project: Project):
    from test_build import cells

    from slowcinema.search.extract import extract

    zh = ZH.replace("第一节的第二段。", "![雨夜，最后一个镜头。](still.png)")
    en = EN.replace("Second paragraph of the first section.",
                    '![a dark street](still.png "Rain & <script>alert(1)</script> at night")\n\n'
                    "<!-- alone -->\n\nAn image ![inline](still.png) inside a sentence stays inline.")
    project.essay("e", zh=zh, en=en)
    Image.new("RGB", (40, 30), "gray").save(project.docs / "essays/e/still.png")
    record_images(project.docs / "essays/e", "still.png")
    result = build(project.root)
    assert result.ok, result.messages("WARNING")
    page = result.page("essays/e/index.html")
    zh_cells, en_cells = cells(page, "zh-Hans"), cells(page, "en")
    # Paired: the two figures stand in the same row, the last of each language (the inline image is alone).
    assert zh_cells[-1].strip() == '<figure><img alt="雨夜，最后一个镜头。" src="still.png"><figcaption>雨夜，最后一个镜头。</figcaption></figure>'
    assert en_cells[-2].strip() == ('<figure><img alt="a dark street" src="still.png"><figcaption>Rain &amp; '
                                    "&lt;script&gt;alert(1)&lt;/script&gt; at night</figcaption></figure>")
    assert "<figure>" not in en_cells[-1] and '<img alt="inline" src="still.png">' in en_cells[-1]
    assert "<script>alert" not in page
    text = " ".join(s.text for s in extract(page, "e"))
    assert "雨夜，最后一个镜头。" in text and "Rain & <script>alert(1)</script> at night" in text


def test_a_script_run_with_another_python_says_which_in_one_line():
    """`python3 scripts/...` with a Python that lacks the lock's packages (here: this one without its
    site-packages, `-S`) gets one line naming the command to run instead, never a traceback; the
    command it names for the demo clips then works as printed (`--check`: its encoders are there)."""
    lines = {}
    for script, named in (("strip_location.py", "make strip-location FILE="),
                          ("make_demo_clips.py", ".venv/bin/python scripts/make_demo_clips.py"),
                          ("new_entry.py", "make new-essay SLUG=")):
        run = subprocess.run([sys.executable, "-S", str(REPO / "scripts" / script), "--help"], cwd=REPO,
                             capture_output=True, text=True, timeout=60)
        assert run.returncode == 1 and run.stdout == "", (script, run.stdout, run.stderr)
        assert "Traceback" not in run.stderr and len(run.stderr.splitlines()) == 1, (script, run.stderr)
        lines[script] = run.stderr.strip()
        assert "has no " in lines[script] and named in lines[script], lines[script]
    printed = re.search(r"\.venv/bin/python scripts/make_demo_clips\.py", lines["make_demo_clips.py"]).group(0)
    run = subprocess.run([*printed.split(), "--check"], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr

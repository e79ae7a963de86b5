"""`make check` gives the strict build's verdict: a table of bundles, each checked by `slowcinema check`
and built by a real strict MkDocs build; the two agree on every one, and check names file, line and fix."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from conftest import EN, ZH, build, make_project, record_images

SLUG = "e"
OPENING_EN = "The opening paragraph, on the long take."
OPENING_ZH = "开头的第一段，谈长镜头。"


def en_with(text: str) -> str:
    return EN.replace(OPENING_EN, f"{OPENING_EN} {text}")


# name -> (zh, en, the file and line check must name, or None for a bundle that passes)
CASES = {
    "clean": (ZH, EN, None),
    "clean, links to another essay and its section": (
        ZH.replace(OPENING_ZH, f"{OPENING_ZH}见[另一篇](../other/)。"),
        en_with("See [the other](../other/) and [its section](../other/#the-long-take), "
                "[the file form](../other/index.en.md) and [this section](#the-long-take)."), None),
    "clean, a figure with a caption": (
        ZH.replace("第一节的第二段。", "![雨夜，最后一个镜头。](still.png)"),
        EN.replace("Second paragraph of the first section.", "![The rain at night, in the last shot.](still.png)"), None),
    "misaligned paragraphs": (ZH, EN + "\nA third paragraph the Chinese does not have.\n", "index.zh.md:12"),
    "script in the body": (ZH, EN + "\n<script>alert(1)</script>\n", "index.en.md:15"),
    "placeholder title": (ZH.replace("title: 等待的形状", 'title: "标题"'), EN, "index.zh.md:2"),
    "placeholder summary": (ZH, EN.replace("summary: An essay about waiting.",
                                           'summary: "A summary of one or two sentences."'), "index.en.md:3"),
    "placeholder paragraph": (ZH, EN.replace("Second paragraph of the first section.",
                                             "Run `make check` to validate and `make serve` to preview. "
                                             "Remove `draft: true` when it is ready."), "index.en.md:13"),
    "broken essay-to-essay link": (ZH, en_with("See [gone](../no-such-essay/)."), "index.en.md:7"),
    "mistyped slug in a link": (ZH, en_with("See [it](../othr/)."), "index.en.md:7"),
    "mistyped slug in the file form": (ZH, en_with("See [it](../othr/index.en.md)."), "index.en.md:7"),
    "broken anchor in another essay": (ZH, en_with("See [it](../other/#no-such-section)."), "index.en.md:7"),
    "broken anchor in the page": (ZH, en_with("See [above](#no-such-section)."), "index.en.md:7"),
    "absolute link to an essay": (ZH, en_with("See [it](/essays/other/)."), "index.en.md:7"),
    "essay: pseudo-link": (ZH, en_with("See [it](essay:other)."), "index.en.md:7"),
    "missing image": (ZH, en_with("![A still.](missing.png)"), "index.en.md:7"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_check_and_the_strict_build_agree(tmp_path, name):
    from PIL import Image

    zh, en, place = CASES[name]
    project = make_project(tmp_path / "proj")
    project.essay("other")
    project.essay(SLUG, zh=zh, en=en)
    Image.new("RGB", (40, 30), "gray").save(project.docs / f"essays/{SLUG}/still.png")
    record_images(project.docs / f"essays/{SLUG}", "still.png")
    run = subprocess.run([sys.executable, "-m", "slowcinema.cli", "check"], cwd=project.root,
                         capture_output=True, text=True, timeout=120)
    built = build(project.root)
    output = run.stdout + run.stderr
    assert "Traceback" not in output, output
    assert (run.returncode == 0) == built.ok, (name, output, built.messages("WARNING") + built.messages("ERROR"))
    assert built.ok == (place is None), built.messages("WARNING") + built.messages("ERROR")
    if place is not None:
        assert run.returncode == 1
        assert f"docs/essays/{SLUG}/{place}" in output, output
        assert "fix: " in output, output
    else:
        assert run.returncode == 0 and output.startswith("ok:"), output


def test_a_mistyped_slug_gets_file_line_and_did_you_mean_in_both(project):
    project.essay("other")
    project.essay(SLUG, en=en_with("See [it](../othr/)."))
    run = subprocess.run([sys.executable, "-m", "slowcinema.cli", "check"], cwd=project.root,
                         capture_output=True, text=True, timeout=120)
    assert f"docs/essays/{SLUG}/index.en.md:7: link: the link '../othr/' names no entry" in run.stderr
    assert "Did you mean 'other'?" in run.stderr
    built = build(project.root)
    ours = [m for m in built.messages("WARNING") if f"docs/essays/{SLUG}/index.en.md:7: " in m]
    assert ours and "Did you mean 'other'?" in ours[0] and "Fix: " in ours[0], built.messages("WARNING")


def test_the_documented_link_form_lands_on_the_merged_page(project):
    project.essay("other")
    project.essay(SLUG, zh=ZH.replace(OPENING_ZH, f"{OPENING_ZH}见[另一篇](../other/#长镜头)。"),
                  en=en_with("See [the other](../other/#the-long-take)."))
    built = build(project.root)
    assert built.ok, built.messages("WARNING")
    page = built.page(f"essays/{SLUG}/index.html")
    assert page.count('href="../other/#the-long-take"') == 1 and page.count('href="../other/#长镜头"') == 1


def test_a_drafts_placeholders_are_listed_to_do_and_fail_neither(project):
    """A fresh scaffold (a draft) builds, and `make check` agrees (a pull request may carry a draft), listing
    what is left to replace; once `draft: true` goes, both fail on the same placeholder."""
    zh = ZH.replace("title: 等待的形状", 'title: "标题"')
    project.essay(SLUG, zh=zh.replace("original: zh", "original: zh\ndraft: true"))
    built = build(project.root)
    assert built.ok, built.messages("WARNING")
    run = subprocess.run([sys.executable, "-m", "slowcinema.cli", "check"], cwd=project.root,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and run.stdout.startswith("ok: "), run.stderr
    assert re.search(r"To do before publishing a draft:\n.*index\.zh\.md:2: title: is still the scaffold's placeholder",
                     run.stderr), run.stderr
    project.essay(SLUG, zh=zh)  # published
    assert not build(project.root).ok
    run = subprocess.run([sys.executable, "-m", "slowcinema.cli", "check"], cwd=project.root,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 1 and "To do" not in run.stderr
    assert re.search(r"index\.zh\.md:\d+: title: is still the scaffold's placeholder", run.stderr), run.stderr


def test_a_broken_mkdocs_yml_gets_one_line_with_its_place(project):
    """What check reads of mkdocs.yml (the Markdown settings), broken: one line with the file, the line and
    the fix, never a traceback; the build refuses the same file."""
    project.essay(SLUG)
    config = project.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    at = text.index("\nmarkdown_extensions:") + 1
    config.write_text(text[:at] + "markdown_extensions: [toc\n" + text[at + len("markdown_extensions:\n"):], encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "slowcinema.cli", "check"], cwd=project.root,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 2 and run.stdout == "" and "Traceback" not in run.stderr, run.stderr
    [line] = run.stderr.splitlines()
    assert re.match(r"slowcinema: mkdocs\.yml:\d+: .+: correct it there \(`make build` reads the same file\)$", line), line
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project.root,
                           capture_output=True, text=True, timeout=120)
    assert built.returncode != 0 and "Traceback" not in built.stderr, built.stderr

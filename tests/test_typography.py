"""English text in typographic quotes (issue 18): Python-Markdown's smarty on English text only, the
build and `make check` alike; Chinese text as written (its “ ” become 「」 in 繁體); search still finds
a word typed with a straight apostrophe."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.extensions.smarty import SmartyExtension
from conftest import EN, REPO, ZH, build, make_project, search_for
from test_build import cells, hant_cells

from slowcinema.check import markdown_config
from slowcinema.languages.typography import SMARTY, EnglishTypography, plain

SLUG = "quotes"
OPENING_EN, OPENING_ZH = "The opening paragraph, on the long take.", "开头的第一段，谈长镜头。"
STRAIGHT_EN = (OPENING_EN + " In Tsai Ming-liang's films of the '90s, Lee's face \"is my cinema\"; "
               "he waited... `it's \"code\"`")
CURLY_EN = ("In Tsai Ming-liang’s films of the ’90s, Lee’s face “is my cinema”; he waited… "
            "<code>it's \"code\"</code>")
TITLE_EN = 'title: "The Director\'s \\"Hand\\""'
SUMMARY_EN = "summary: The '90s -- and what's left..."
QUOTED_ZH = OPENING_ZH + "蔡明亮90年代的电影里，李康生的脸“就是我的电影”。"


def render(src_uri: str, text: str) -> str:
    """`text` as the file `src_uri` renders, with mkdocs.yml's extensions and ours."""
    config = markdown_config(REPO / "mkdocs.yml")
    md = markdown.Markdown(extensions=[*config.extensions, EnglishTypography(lambda: src_uri)],
                           extension_configs=config.configs)
    return md.convert(text)


def test_an_english_file_gets_quotes_apostrophes_dashes_and_ellipses():
    html = render("essays/x/index.en.md", "Tsai's \"cinema\" and 'a take' of the '90s -- 1990--95 --- "
                  "and so... `don't \"touch\"` \\\"kept\\\"\n\n<p>raw \"html\" isn't touched</p>\n")
    assert "Tsai’s “cinema” and ‘a take’ of the ’90s – 1990–95 — and so… " in html
    assert "<code>don't \"touch\"</code>" in html and "“kept”" not in html and '"kept"' in html
    assert '<p>raw "html" isn\'t touched</p>' in html
    assert "&rsquo;" not in html and "&ldquo;" not in html  # the characters themselves: fewer bytes


def test_a_heading_keeps_its_anchor():
    html = render("essays/x/index.en.md", "## The Machine's Average\n")
    assert '<h2 id="the-machines-average">The Machine’s Average' in html


@pytest.mark.parametrize("src_uri", ["essays/x/index.zh.md", "index.md", "essays/x/index.zh-Hant.md"])
def test_chinese_text_is_left_as_written(src_uri):
    text = '他说"你好"，李康生说“我的电影”。It\'s -- ...\n'
    assert render(src_uri, text) == f"<p>{text.strip()}</p>"


def test_only_the_english_parts_of_a_page_in_both_languages():
    html = render("index.md", '<div lang="zh-Hans" markdown>\n他说"你好"。\n</div>\n\n'
                  '<div lang="en" markdown>\nTsai\'s "cinema".\n\n<div lang="zh-Hans" markdown>\n引"文"\n</div>\n\n'
                  "*after* it's\n</div>\n\nit's\n")
    assert '<p>他说"你好"。</p>' in html and "<p>Tsai’s “cinema”.</p>" in html
    assert '<p>引"文"</p>' in html and "<p><em>after</em> it’s</p>" in html and "<p>it's</p>" in html


@pytest.mark.parametrize("text, curled", [
    ("a director's intent", "a director’s intent"),
    ("the '90s and the directors' films", "the ’90s and the directors’ films"),
    ('"cinema" is ("a" take)', "“cinema” is (“a” take)"),
    ("'a take' of 1990--95 --- so...", "‘a take’ of 1990–95 — so…"),
    ("The Shape of Waiting: What Slow Cinema Is", "The Shape of Waiting: What Slow Cinema Is"),
])
def test_english_plain_text_gets_the_same_characters(text, curled):
    assert plain(text) == curled


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("typography") / "proj")
    project.essay(SLUG, zh=ZH.replace(OPENING_ZH, QUOTED_ZH),
                  en=EN.replace(OPENING_EN, STRAIGHT_EN).replace("title: The Shape of Waiting", TITLE_EN)
                  .replace("summary: An essay about waiting.", SUMMARY_EN))
    result = build(project.root)
    assert result.ok, result.messages("WARNING")  # the numbers agree: '90s and 90年代
    run = subprocess.run([sys.executable, "-m", "slowcinema.cli", "check"], cwd=project.root,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and run.stdout.startswith("ok:"), run.stdout + run.stderr  # check agrees
    return result.site


def test_the_build_curls_english_quotes_and_leaves_chinese_as_written(site: Path):
    html = (site / f"essays/{SLUG}/index.html").read_text(encoding="utf-8")
    en, zh = cells(html, "en"), cells(html, "zh-Hans")
    assert CURLY_EN in en[0] and "'" not in en[0].replace("<code>it's", "")
    assert "李康生的脸“就是我的电影”。" in zh[0]
    assert "李康生的臉「就是我的電影」。" in hant_cells(html)[0]  # 繁體 in Taiwan style, as before


def test_an_english_title_and_summary_get_them_too_wherever_they_show(site: Path):
    """Front matter is plain text that Markdown never sees: its English title and summary are set as the
    body is, in the essay's heading and standfirst, the listing, the feed and the citation alike."""
    title, summary = "The Director’s “Hand”", "The ’90s – and what’s left…"
    pages = {"essay": (site / f"essays/{SLUG}/index.html").read_text(encoding="utf-8"),
             "listing": (site / "essays/index.html").read_text(encoding="utf-8"),
             "feed": (site / "feed.en.atom").read_text(encoding="utf-8")}
    for name, text in pages.items():
        text = text.replace("&#34;", '"').replace("&quot;", '"').replace("&#39;", "'")
        assert "The Director’s “Hand”" in text, name
        assert "Director's" not in text and '"Hand"' not in text, name
    assert summary in pages["essay"] and summary in pages["feed"]
    assert "等待的形状" in pages["essay"]  # the Chinese title as written


@pytest.mark.browser
def test_a_word_typed_with_a_straight_apostrophe_is_found(chromium, site, serve):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{serve(site)}/?lang=en")
    search_for(page, "Ming-liang's")
    found = page.locator(".md-search-result__item").filter(has=page.locator(f'a[href*="/essays/{SLUG}/"]'))
    assert found.count() >= 1
    marks = [m.lower() for m in found.locator("mark").all_inner_texts()]
    assert "ming" in marks and "liang" in marks, marks
    assert "Ming-liang’s" in found.first.inner_text()
    context.close()


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(["word", "it's", "'90s", '"quoted"', "'single'", "1990--95", "---", "...", "a.b",
                                 "-", "*em*", "**strong**", "`co'de`", "[link](x 'title')", '"', "'", " ", "\n",
                                 "\n\n", "> ", "- ", "<span>raw's</span>", "Ming-liang", "..", "--"]), max_size=24).map("".join))
def test_an_english_file_reads_as_smarty_makes_it(text):
    """Texts with nothing for smarty's patterns are hidden from its pass (which then runs only if some text is
    left for it): an English file comes out exactly as Python-Markdown's smarty makes it on its own."""
    ours = markdown.markdown(text, extensions=[EnglishTypography(lambda: "essays/x/index.en.md")])
    assert ours == markdown.markdown(text, extensions=[SmartyExtension(**SMARTY)])

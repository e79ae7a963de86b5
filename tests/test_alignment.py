"""Alignment of two language versions: blocks, sections, pinned pairs and every mismatch case."""

from __future__ import annotations

from slowcinema.essays import reading
from slowcinema.essays.alignment import align, heading_lines, sections
from slowcinema.essays.blocks import split
from slowcinema.languages import hant


def p(*texts: str) -> str:
    return "\n".join(f"<p>{t}</p>" for t in texts)


def h2(text: str) -> str:
    return f'<h2 id="{text.lower()}">{text}<a class="headerlink" href="#{text.lower()}">¶</a></h2>'


def rows(section):
    return [((r.a.html if r.a else None), (r.b.html if r.b else None)) for r in section.rows]


def test_split_keeps_each_top_level_block_whole():
    html = '<p>a <em>b</em></p>\n<ul>\n<li>x<ul><li>y</li></ul></li>\n</ul>\n<hr />\n<img src="i.png" alt="">\n<blockquote>\n<p>q</p>\n</blockquote>'
    blocks = split(html)
    assert [b.tag for b in blocks] == ["p", "ul", "hr", "img", "blockquote"]
    assert blocks[1].html == "<ul>\n<li>x<ul><li>y</li></ul></li>\n</ul>"


def test_split_recognises_markers_and_drops_other_comments():
    blocks = split("<p>a</p>\n<!-- join -->\n<!-- a note -->\n<p>b</p>\n<!--alone-->")
    assert [(b.tag, b.marker) for b in blocks] == [("p", None), ("#marker", "join"), ("p", None), ("#marker", "alone")]


def test_matching_sections_pair_block_by_block():
    zh = p("开头") + "\n" + h2("一") + "\n" + p("甲", "乙")
    en = p("Opening") + "\n" + h2("One") + "\n" + p("A", "B")
    result, mismatches = align(zh, en)
    assert mismatches == []
    assert [s.paired for s in result] == [True, True]
    assert rows(result[0]) == [("<p>开头</p>", "<p>Opening</p>")]
    assert rows(result[1])[1:] == [("<p>甲</p>", "<p>A</p>"), ("<p>乙</p>", "<p>B</p>")]
    assert rows(result[1])[0][0].startswith("<h2")


def test_join_pins_two_paragraphs_to_one():
    zh = p("甲", "乙")
    en = p("A") + "\n<!-- join -->\n" + p("A2", "B")
    result, mismatches = align(zh, en)
    assert mismatches == []
    assert rows(result[0]) == [("<p>甲</p>", "<p>A</p>\n<p>A2</p>"), ("<p>乙</p>", "<p>B</p>")]


def test_alone_gives_a_block_no_counterpart():
    zh = p("甲") + "\n<!-- alone -->\n" + p("译注") + "\n" + p("乙")
    en = p("A", "B")
    result, mismatches = align(zh, en)
    assert mismatches == []
    assert rows(result[0]) == [("<p>甲</p>", "<p>A</p>"), ("<p>译注</p>", None), ("<p>乙</p>", "<p>B</p>")]


def test_count_mismatch_in_a_section_is_reported_and_left_unpaired():
    zh = p("开头") + "\n" + h2("一") + "\n" + p("甲", "乙", "丙")
    en = p("Opening") + "\n" + h2("One") + "\n" + p("A", "B")
    result, mismatches = align(zh, en)
    assert len(mismatches) == 1
    m = mismatches[0]
    assert (m.section, m.label_a, m.label_b, m.count_a, m.count_b) == (1, "一", "One", 4, 3)
    assert result[0].paired and not result[1].paired
    # Nothing is lost or shifted: every block appears once, in its own language's order.
    assert [r.a.html for r in result[1].rows if r.a] == [h2("一"), "<p>甲</p>", "<p>乙</p>", "<p>丙</p>"]
    assert all(r.a is None or r.b is None for r in result[1].rows)


def test_mismatch_in_the_opening():
    _result, mismatches = align(p("甲", "乙"), p("A"))
    assert [(m.section, m.count_a, m.count_b) for m in mismatches] == [(0, 2, 1)]


def test_missing_section_is_a_mismatch():
    zh = p("开头") + "\n" + h2("一") + "\n" + p("甲") + "\n" + h2("二") + "\n" + p("乙")
    en = p("Opening") + "\n" + h2("One") + "\n" + p("A")
    result, mismatches = align(zh, en)
    assert [(m.section, m.label_a, m.label_b, m.count_a, m.count_b) for m in mismatches] == [(2, "二", "", 2, 0)]
    assert len(result) == 3


def test_no_opening_text_still_aligns_sections():
    result, mismatches = align(h2("一") + p("甲"), h2("One") + p("A"))
    assert mismatches == [] and len(result) == 2 and result[0].rows == []


def test_sections_start_at_h2_only():
    s = sections(split(p("a") + "<h3>x</h3>" + p("b") + h2("Two") + p("c")))
    assert [len(x.groups) for x in s] == [3, 2]


def test_heading_lines_skip_code_fences():
    body = "intro\n\n## One\n\n```\n## not a heading\n```\n\n## Two\n"
    assert heading_lines(body, 10) == [12, 18]


def test_traditional_conversion_uses_taiwan_phrasing_and_keeps_markup():
    assert hant.text("长镜头与死时间") == "長鏡頭與死時間"
    assert hant.text("视频软件") == "影片軟體"  # Taiwan phrasing, not a character-by-character swap
    out = hant.html('<h2 id="长镜头">长镜头<a href="#长镜头" title="链接">¶</a></h2>')
    assert out == '<h2 id="长镜头">長鏡頭<a href="#长镜头" title="链接">¶</a></h2>'


def test_reading_time_counts_characters_and_words_differently():
    assert reading.count("长镜头，A long take.", "zh") == 3
    assert reading.count("长镜头，A long take isn't short.", "en") == 5
    assert reading.minutes("<p>" + "字" * 800 + "</p>", "zh") == 2
    assert reading.minutes("<p>" + "word " * 460 + "</p>", "en") == 2
    assert reading.minutes("<p>短</p>", "zh") == 1


# -- the blocks read without HTMLParser (blocks._quick) -------------------------------------------

from hypothesis import example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from slowcinema.essays import blocks  # noqa: E402

_PIECES = ["<p>", "</p>", "<P>", "</P >", "<div>", "</div>", "<em>", "</em>", "<br>", "<br/>", "<br />", "<br / >",
           "</br>", "<hr>", "<img src=\"a.png\" alt=\"x>y\">", "<img src=a.png>", '<a href="x" title="a<b">', "</a>",
           '<p class="x"/>', "<p\nclass=\"x\">", '<span lang="zh-Hans" data-x="">', "</span>", "<h2 id=\"s\">", "</h2>",
           "<!-- join -->", "<!-- alone -->", "<!--x-->", "<!---->", "<!-->", "<!-- a -- b -->", "<!-- a --->", "<!--",
           "-- >", "--!>", "-->", "-",
           "<!DOCTYPE html>", "<![CDATA[x]]>", "<?pi?>", "<script>", "</script>", "<style>", "<p>x</script>",
           "<a-b>", "<x:y>", "</>", "< p>", "<", ">", "&amp;", "&", "&#20013;", "&lt;", "text", "中文", " ", "\n", "\n\n",
           "\t", "a > b", '"', "="]


@settings(max_examples=1000, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
@example('<p>a</p>\n<!-- join -->\n<p>b &amp; c</p>\nloose\n<hr>\n<div><p>x</p></div>')
@example('<!-- a -- ><p>x</p>-->')  # HTMLParser ends a comment at "-- >"
def test_blocks_read_without_htmlparser_are_those_htmlparser_finds(html):
    quick = blocks._quick(html)
    assert quick is None or quick == blocks._split(html)


def test_the_archive_s_essays_are_read_without_htmlparser(tmp_path):
    # The quick reading is the one essays meet: every language file of the real archive, rendered as the build
    # renders it and cleaned, is read by it, and gives what HTMLParser gives.
    import markdown

    from conftest import REPO
    from test_properties import EXTENSION_CONFIGS, EXTENSIONS

    from slowcinema.archive.load import load_archive
    from slowcinema.web import sanitize

    archive, problems = load_archive(REPO / "docs")
    assert not list(problems)
    read = 0
    for essay in archive.bundles():
        for version in essay.versions.values():
            html = sanitize.clean(markdown.markdown(version.body, extensions=EXTENSIONS,
                                                    extension_configs=EXTENSION_CONFIGS))
            quick = blocks._quick(html)
            assert quick is not None, (essay.slug, version.lang)
            assert quick == blocks._split(html)
            read += 1
    assert read  # the essays and the manifestos' texts, each language

"""The numbers-agree check: the Chinese and English texts of an essay carry the same numbers, block by block."""

from __future__ import annotations

from pathlib import Path

import re

import pytest
from conftest import EN, ZH, Project, build
from hypothesis import given, settings
from hypothesis import strategies as st

from slowcinema.archive.load import load_archive
from slowcinema.essays import numbers as numbers_agree
from slowcinema.essays.numbers import compare, numbers

REPO = Path(__file__).resolve().parent.parent


# The two patterns as first written, each beginning with its look behind: the written-out ones must find the same.
_PLAIN_DIGITS_RE = re.compile(r"(?<![A-Za-z0-9_.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(\s*[万亿])?")
_PLAIN_MONTH_RE = re.compile(r"\b(" + "|".join(m.capitalize() for m in numbers_agree.MONTHS) + r")\b")


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(["1", "23", "456", "7890", ",", ",000", ".", ".5", " ", "万", " 亿", "a", "_", "May",
                                 "June", "Mayday", "x", "年", "\n", "é", "١"]), max_size=25).map("".join))
def test_numbers_and_months_are_found_where_the_plain_patterns_find_them(text):
    for ours, plain in ((numbers_agree._DIGITS_RE, _PLAIN_DIGITS_RE), (numbers_agree._MONTH_RE, _PLAIN_MONTH_RE)):
        assert [(m.span(), m.groups()) for m in ours.finditer(text)] == [(m.span(), m.groups()) for m in plain.finditer(text)]


@pytest.mark.parametrize("text, lang, expected", [
    ("In February 2024 OpenAI announced Sora.", "en", {"2", "2024"}),
    ("2024年2月，OpenAI发布了Sora。", "zh", {"2", "2024"}),
    ("on 28 December 1895", "en", {"12", "28", "1895"}),
    ("1895年12月28日", "zh", {"12", "28", "1895"}),
    ("about 5,600 kelvin, or 3,200", "en", {"5600", "3200"}),
    ("五千六百开尔文左右，钨丝灯三千二百开尔文", "zh", {"5600", "3200"}),
    ("Seedance 2.0 and 16mm film", "en", {"2", "16"}),
    ("Seedance 2.0，16毫米胶片", "zh", {"2", "16"}),
    ("a single shot of more than six minutes, about thirty shots, twenty-five frames", "en", {"6", "30", "25"}),
    ("六分多钟的一个镜头，约三十个镜头，二十五格", "zh", {"6", "30", "25"}),
    ("one house, a week of rehearsal", "en", set()),
    ("一栋房子，排练了一个星期", "zh", set()),
    ("the house that burned twice", "en", {"2"}),
    ("烧了两次的房子", "zh", {"2"}),
    ("一九八五年，三万人", "zh", {"1985", "30000"}),
    ("3万人", "zh", {"30000"}),
    ("a foot or two off the floor", "en", {"2"}),
    ("离地不过一两尺", "zh", {"2"}),
])
def test_numbers_found(text, lang, expected):
    assert numbers(text, lang) == expected


@pytest.mark.parametrize("text, lang", [
    ("第二场火，几十遍，十分重要，千万不要，一些人", "zh"),  # ordinals, indefinites, 'very', 'by all means'
    ("《2001太空漫游》", "zh"),  # a title is a name
    ("*Jeanne Dielman, 23 quai du Commerce, 1080 Bruxelles*", "en"),
    ("the model may not grasp it", "en"),  # 'may' is a month only beside a day or a year
    ("see [the report](https://example.org/2024/02/report) and `h264`", "en"),
    ("<!-- 1895 --> nothing else", "en"),
    ("the second take, one of them", "en"),
])
def test_what_does_not_count(text, lang):
    assert numbers(text, lang) == set()


def test_number_words_are_found_as_a_plain_alternation_finds_them():
    # The English number words are matched through one alternation sharing their beginnings (`_trie`): it
    # must find exactly what the plain list 'zero|one|two|...' finds, whatever the case, the joins and the
    # words around (seventeenth, atone, eighteens).
    import re
    from slowcinema.essays.numbers import _SCALES, _TENS, _UNITS, _WORDS_RE, _ascii_lower
    plain_word = "|".join(list(_UNITS) + list(_TENS) + list(_SCALES) + ["twice", "and"])
    plain = re.compile(rf"\b(?:{plain_word})(?:[\s-]+(?:{plain_word}))*\b", re.I)
    words = list(_UNITS) + list(_TENS) + list(_SCALES) + ["twice", "and", "seventeenth", "atone", "eighteens",
                                                          "tw", "thirt", "hundreds", "an", "ninet"]
    texts = [f"{a}{sep}{b}" for a in words for b in words[::3] for sep in (" ", "-", "  ", ", ", "")]
    texts += [t.upper() for t in texts[::7]] + [t.title() for t in texts[::5]]
    assert len(texts) > 1000
    for text in texts:  # numbers() searches the text with its ASCII letters lowercased
        assert [m.group(0) for m in _WORDS_RE.finditer(_ascii_lower(text))] == [m.group(0).lower() for m in plain.finditer(text)], text


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(["two", "Twenty", "FIVE", "hundred", "and", "one", "-", " ", "\n", "’", "—", "é", "中", "a",
                                 "s", "1", "_", "İ", "twice", "Thousand", "eighteen", "ty"]), max_size=20).map("".join))
def test_number_words_in_the_text_lowercased_are_those_a_case_blind_search_finds(text):
    # Other letters than ASCII ones beside the words: curly quotes, dashes, é, Chinese, and İ, which str.lower
    # makes two characters (and a word boundary inside).
    from slowcinema.essays.numbers import _WORD, _WORDS_RE, _ascii_lower
    blind = re.compile(rf"\b{_WORD}(?:[\s-]+{_WORD})*\b", re.I)
    assert [m.group(0) for m in _WORDS_RE.finditer(_ascii_lower(text))] == [m.group(0).lower() for m in blind.finditer(text)]


@pytest.mark.parametrize("text", ["*A title*", "x*A title*", "**bold 2**", "a_b_c 3", "_1980_", "word_1980_",
                                  "*one* and *two*", "*", "_ _", "*2001*x", "__init__ 5", "**", "a *b_c_* d"])
def test_titles_are_found_as_before_the_mark_moved_first(text):
    # The titles' pattern begins with its mark and looks behind after it (so the search skips to a mark): the
    # same spans as the pattern that looked behind first.
    import re
    from slowcinema.essays.numbers import _TITLES_RE
    before = re.compile(r"(?<![*\w])\*(?!\*)[^*\n]+(?<!\*)\*(?!\*)|(?<!\w)_[^_\n]+_(?!\w)")
    assert [m.span() for m in _TITLES_RE["en"].finditer(text)] == [m.span() for m in before.finditer(text)]


def test_may_beside_a_date_is_a_month():
    assert numbers("on 4 May 1985", "en") == {"4", "5", "1985"}


ZH_BODY = "开头，1895年。\n\n## 一节\n\n第一段，拍了两周。\n\n第二段，1986年。\n"
EN_BODY = "The opening, 1895.\n\n## A section\n\nFirst, a shoot of two weeks.\n\nSecond, 1986.\n"


def test_agreeing_texts_give_nothing():
    assert compare(ZH_BODY, 10, "zh", EN_BODY, 6, "en") == []


def test_a_drifted_number_names_both_lines():
    drifted = EN_BODY.replace("two weeks", "three weeks")
    [d] = compare(ZH_BODY, 10, "zh", drifted, 6, "en")
    assert (d.line_a, d.line_b) == (14, 10)
    assert (d.only_a, d.only_b) == (("2",), ("3",))
    problem = numbers_agree.describe(d, "a.zh.md", "a.en.md")
    assert (problem.file, problem.line) == ("a.zh.md", 14)
    assert "a.zh.md:14 has 2 that a.en.md:10 does not, which has 3 instead" in problem.message
    assert "<!-- numbers: ok -->" in problem.fix


def test_the_escape_accepts_a_difference_in_either_language():
    drifted = EN_BODY.replace("two weeks", "three weeks")
    in_english = drifted.replace("three weeks.", "three weeks.<!-- numbers: ok -->")
    assert compare(ZH_BODY, 1, "zh", in_english, 1, "en") == []
    inside = ZH_BODY.replace("拍了两周。", "拍了两周。<!-- numbers: ok -->")
    assert compare(inside, 1, "zh", drifted, 1, "en") == []


def test_join_and_alone_pair_as_the_page_does():
    en = EN_BODY.replace("Second, 1986.", "Second,\n\n<!-- join -->\n\nin 1986.\n\n<!-- alone -->\n\nA note from 2026.")
    assert compare(ZH_BODY, 1, "zh", en, 1, "en") == []
    moved = en.replace("in 1986.", "in 1987.")
    [d] = compare(ZH_BODY, 1, "zh", moved, 1, "en")
    assert (d.only_a, d.only_b) == (("1986",), ("1987",))


def test_a_misaligned_section_is_left_to_the_alignment_check():
    en = EN_BODY + "\nA third paragraph of 1999.\n"
    assert compare(ZH_BODY, 1, "zh", en, 1, "en") == []


def test_numbers_in_a_code_fence_stay_in_their_block():
    zh = ZH_BODY.replace("第二段，1986年。", "第二段，1986年。\n\n```\n2001 2002\n\nx\n```")
    en = EN_BODY.replace("Second, 1986.", "Second, 1986.\n\n```\n2001 2002\n\nx\n```")
    assert compare(zh, 1, "zh", en, 1, "en") == []


def test_every_essay_of_the_archive_agrees():
    archive, _ = load_archive(REPO / "docs", REPO)
    found = [w for e in archive.essays for w in numbers_agree.warnings(e.versions)]
    assert found == []


def test_the_strict_build_fails_on_a_drifted_number_naming_both_files(project: Project):
    slug = "the-shape-of-waiting"
    project.essay(slug, zh=ZH.replace("第一节的第二段。", "第一节的第二段，拍于1986年。"),
                  en=EN.replace("Second paragraph of the first section.", "Second paragraph, shot in 1987."))
    result = build(project.root)
    assert not result.ok
    expected = (f"the Chinese and English texts give different numbers: docs/essays/{slug}/index.zh.md:16 has 1986 "
                f"that docs/essays/{slug}/index.en.md:13 does not, which has 1987 instead.")
    assert any(expected in w for w in result.messages("WARNING")), result.messages("WARNING")
    project.essay(slug, zh=ZH.replace("第一节的第二段。", "第一节的第二段，拍于1986年。<!-- numbers: ok -->"),
                  en=EN.replace("Second paragraph of the first section.", "Second paragraph, shot in 1987."))
    result = build(project.root)
    assert result.ok, result.messages("WARNING")

"""The archive's languages: file suffixes, BCP 47 tags and the labels of the reading switch."""

from __future__ import annotations

# File suffix (index.<suffix>.md) -> BCP 47 tag used in lang attributes and hreflang.
FILE_LANGS: dict[str, str] = {"zh": "zh-Hans", "zh-Hant": "zh-Hant", "en": "en"}
# Languages an essay can be written in (the original, or a translation).
WRITTEN = ("zh", "en")
# Reading modes of the switch, in order, with their labels (see shared GLOSSARY).
MODES = ("zh", "zh-Hant", "en", "both")
MODE_LABELS = {"zh": "中文", "zh-Hant": "繁體", "en": "English", "both": "对照"}


def other(lang: str) -> str:
    return "en" if lang.startswith("zh") else "zh"


def show_in(tag: str, available: tuple[str, ...] | None = None) -> str:
    """The reading modes (space-separated) in which an element in language `tag` is shown.

    With `available` (the languages an entry is written in), a title or byline also stands in for
    a language the entry lacks, so no mode shows an empty heading; body text never does.
    """
    modes = {"zh-Hans": ["zh", "both"], "zh-Hant": ["zh-Hant"], "en": ["en", "both"]}[tag]
    if available is not None:
        if tag == "zh-Hans" and "en" not in available:
            modes.append("en")
        if tag == "en" and "zh" not in available:
            modes += ["zh", "zh-Hant", "both"] if "both" not in modes else ["zh", "zh-Hant"]
    return " ".join(dict.fromkeys(modes))


# Where a label (an element of class "sca-l", or with a lang where an essay's frame puts its labels:
# LABELS in sca.js) shows when it carries no data-sca-show (sca.css, sca.js): in its
# language's modes, and in 对照 the Chinese alone, as an interface label does. Only what differs is
# written on the page (the essay page's weight).
LABEL_MODES: dict[str, str] = {"zh-Hans": "zh both", "zh-Hant": "zh-Hant", "en": "en"}
# ... and an entry's own texts, where an essay's frame and the lists of entries put them (TEXTS in sca.js: a
# title, a byline, a summary, a citation): in 对照 both languages, as an essay's cells (show_in() of a bilingual
# entry). A list of a thousand entries does not say so two thousand times.
TEXT_MODES: dict[str, str] = {"zh-Hans": "zh both", "zh-Hant": "zh-Hant", "en": "en both"}


def show_attr(tag: str, available: tuple[str, ...] | None = None) -> str:
    """The data-sca-show attribute, with its leading space, of an entry's text in language `tag` (as show_in()
    gives it), or "" when TEXT_MODES already says so."""
    modes = show_in(tag, available)
    return "" if modes == TEXT_MODES[tag] else f' data-sca-show="{modes}"'

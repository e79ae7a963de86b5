"""Interface labels in each reading mode."""

from __future__ import annotations

from markupsafe import Markup, escape

from . import hant


def label(zh: str, en: str) -> Markup:
    """The same label in each reading mode (the traditional form generated); each shows by its lang
    alone (codes.LABEL_MODES: the English not in 对照)."""
    return Markup(
        f'<span class="sca-l" lang="zh-Hans">{escape(zh)}</span>'
        f'<span class="sca-l" lang="zh-Hant">{escape(hant.text(zh))}</span>'
        f'<span class="sca-l" lang="en">{escape(en)}</span>'
    )

"""Interface labels in each reading mode."""

from __future__ import annotations

from markupsafe import Markup, escape

from . import hant


def label(zh: str, en: str) -> Markup:
    """The same label in each reading mode (the traditional form generated)."""
    return Markup(
        f'<span class="sca-l" lang="zh-Hans" data-sca-show="zh both">{escape(zh)}</span>'
        f'<span class="sca-l" lang="zh-Hant" data-sca-show="zh-Hant">{escape(hant.text(zh))}</span>'
        f'<span class="sca-l" lang="en" data-sca-show="en">{escape(en)}</span>'
    )

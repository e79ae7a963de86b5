"""Figures with captions, as a journal prints them: an image that stands alone in its paragraph,

    ![The rain at night, in the last shot.](rain.jpg)
    ![a dark street](rain.jpg "The rain at night, in the last shot.")

becomes `<figure><img ...><figcaption>...</figcaption></figure>`. The caption is the image's title
when it has one, else its alt text; the alt text stays on the image for readers who cannot see it.
An image inside a sentence stays an inline image. The caption is plain text (escaped by the
serializer), and a figure is one block for the pairing of the two languages.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.treeprocessors import Treeprocessor


class _FigureTreeprocessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for i, p in enumerate(list(parent)):
                if p.tag != "p" or len(p) != 1 or (p.text or "").strip() or p.attrib:
                    continue
                img = p[0]
                if img.tag != "img" or (img.tail or "").strip():
                    continue
                caption = (img.get("title") or img.get("alt") or "").strip()
                if not caption:
                    continue
                figure = etree.Element("figure")
                figure.tail = p.tail
                img.tail = None
                if img.get("title") == caption:
                    del img.attrib["title"]
                figure.append(img)
                etree.SubElement(figure, "figcaption").text = caption
                parent[i] = figure
        return None


class FigureExtension(Extension):
    def extendMarkdown(self, md) -> None:  # noqa: N802 (Python-Markdown's name)
        # After the inline patterns (20) have made the <img>, before links are resolved (0).
        md.treeprocessors.register(_FigureTreeprocessor(md), "sca_figures", 3)

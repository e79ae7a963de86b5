"""The images of an essay or a manifesto (and any other image outside a clip gallery), each on record in its
folder's `images.yml`: the basis for publishing it (its rights, as a clip's) and the people it shows (who can be
recognised, and their consent), read by the clips' own rules (slowcinema.clips.rights). A person's image is not
published without consent on record; a draft's images may wait for theirs, as a withheld clip does.

    still.jpg:                     # the image's file, from the folder (a subfolder's: stills/rain.jpg)
      rights:
        basis: quotation           # public-domain, licence, rights-statement, permission, quotation
        holder: the film's production company
        source: a frame of the DVD
        note: {zh: 引来讨论最后一个镜头的构图。, en: Quoted to discuss the framing of the last shot.}
      people:
        identifiable: true
        consent: public-figure
        note: {zh: 片中的演员，在他的角色里。, en: The film's actor, in his role.}

Every image in the folder needs an entry, and every entry an image there: each problem with the file and
the line.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..clips.rights import read_people, read_rights
from ..content import yamlio
from ..content.files import IMAGE_SUFFIXES, in_gallery
from ..content.problems import Problems, did_you_mean
from .links import SECTIONS as BUNDLES

FILE = "images.yml"
SECTIONS = tuple(s for s in BUNDLES if s != "clips")  # bundles whose folders record their images (a gallery's clips do)
_FIX = f"add it to the folder's {FILE}, with its rights and the people it shows (CONTRIBUTING.md, 'Images' · '图片')"


def check(docs: Path, root: Path, files: Iterable[Path], drafts: set[str], problems: Problems) -> None:
    """`files`: every file under `docs`; `drafts`: the folders (as docs-relative URLs, essays/x/) of the bundles
    that are drafts. An image of an essay or a manifesto is on record in its bundle's folder (its subfolders'
    too); any other outside a clip gallery (whose clips record theirs), in the images.yml of its own folder."""
    images: dict[Path, list[str]] = {}  # a folder that records images -> its images, from the folder
    records: set[Path] = set()
    for path in files:
        if in_gallery(path, docs):
            continue
        parts = path.relative_to(docs).parts
        folder = docs / parts[0] / parts[1] if parts[0] in SECTIONS and len(parts) >= 3 else path.parent
        if path.name == FILE and path.parent == folder:
            records.add(folder)
        elif path.suffix.lower() in IMAGE_SUFFIXES:
            images.setdefault(folder, []).append(path.relative_to(folder).as_posix())
    for folder in sorted(set(images) | records):
        _check_folder(folder, images.get(folder, []), folder in records, root,
                      f"{folder.relative_to(docs).as_posix()}/" in drafts, problems)


def _check_folder(folder: Path, images: list[str], recorded: bool, root: Path, draft: bool, problems: Problems) -> None:
    rel = (folder / FILE).relative_to(root).as_posix()
    if not recorded:
        for image in sorted(images):
            problems.add((folder / image).relative_to(root).as_posix(), None, None,
                         "an image needs its rights and the people it shows on record, and there is no "
                         f"{FILE} beside it", _FIX)
        return
    doc = yamlio.load((folder / FILE).read_text(encoding="utf-8"), rel, problems)
    if doc is None or doc.data is None:
        doc_data: dict = {}
    elif not isinstance(doc.data, dict):
        problems.add(rel, doc.line(), None, "must map each image's file to its rights and people",
                     "write the image's file name, then rights: and people: indented below it")
        return
    else:
        doc_data = doc.data
    for image in sorted(images):
        if image not in doc_data:
            problems.add((folder / image).relative_to(root).as_posix(), None, None,
                         f"an image needs its rights and the people it shows on record, and {FILE} has no entry for it",
                         _FIX)
    for name, entry in doc_data.items():
        line = doc.line(name)
        if name not in images:
            problems.add(rel, line, str(name), f"names no image in this folder.{did_you_mean(str(name), images)}",
                         "write the image's file name as it is in the folder, or remove the entry")
            continue
        if not isinstance(entry, dict):
            problems.add(rel, line, name, "must hold rights: and people:", "write rights: and people: indented below")
            continue
        for key in entry:
            if key not in ("rights", "people"):
                problems.add(rel, doc.line(name, key), f"{name}.{key}", f"unknown field '{key}'",
                             "an image's entry holds rights: and people: only")
        rights = read_rights(entry.get("rights"), doc, rel, problems, at=(name,), what="image")
        read_people(entry.get("people"), doc, rel, problems, withheld=draft, rights=rights, film_year=None,
                    at=(name,), what="image")


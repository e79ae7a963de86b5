"""Checks on every file under docs/: nothing that leaks, hides, tricks or weighs down the site.

- a symbolic link is refused (a link out of the repository would publish whatever it points at);
- two names in one folder that differ only in case or Unicode form are refused (they collide on
  macOS and Windows checkouts and mislead readers);
- SVG is refused (an SVG opened on its own runs its scripts in the site's origin);
- a video or a sound file is refused outside a clip gallery (docs/clips/<gallery>/), where a clip records
  its rights and the consent of the people it shows: elsewhere it would be published with neither;
- an oversized file, or an image with enormous pixel dimensions, is refused;
- a photo that carries its GPS location (EXIF) is refused until the location is removed
  (`make strip-location FILE=...`), so the repository never holds it either;
- every problem of one file is reported at once.
"""

from __future__ import annotations

import os
import unicodedata
import warnings
from pathlib import Path
from typing import Any

from .problems import Problems

MAX_FILE_BYTES = 5 * 1024 * 1024  # images and other assets; clips have their own limit
MAX_CLIP_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".tif", ".tiff", ".avif"}
VIDEO_SUFFIXES = {".webm", ".mp4", ".m4v", ".ogv"}
SOUND_SUFFIXES = {".mp3", ".m4a", ".aac", ".ogg", ".oga", ".opus", ".wav", ".flac"}
_FOR_A_CLIP = VIDEO_SUFFIXES | SOUND_SUFFIXES  # published only where a clip records its rights and people
GPS_IFD = 0x8825


IMAGE_KIND = "image"  # the build cache's kind for an image's problems (`check_files`)


def check_files(docs: Path, root: Path, problems: Problems, cache: Any = None) -> list[Path]:
    """Every file under `docs` checked; returns the files (not the symbolic links), in the order walked. With a build
    `cache` (slowcinema.web.cache.BuildCache), an image's problems are kept there by its file and size (kind `image`):
    every file under docs/ but the Markdown is in the cache's every key already, so a changed image is looked at
    again, and a build whose images did not change does not load Pillow."""
    def rel(p: Path) -> str:
        try:
            return p.relative_to(root).as_posix()
        except ValueError:
            return p.as_posix()

    files: list[Path] = []
    for folder, dirs, names in os.walk(docs, followlinks=False):
        here = Path(folder)
        seen: dict[str, str] = {}
        for name in sorted(dirs + names):
            key = unicodedata.normalize("NFC", name).casefold()
            if key in seen:
                problems.add(rel(here / name), None, None,
                             f"the name differs from '{seen[key]}' only in upper/lower case or Unicode form",
                             "rename one of them: names must differ in more than case or accents' encoding")
            seen.setdefault(key, name)
        for name in list(dirs):
            if (here / name).is_symlink():
                problems.add(rel(here / name), None, None, "is a symbolic link, which the archive does not follow",
                             "replace the link with the real folder, inside docs/")
                dirs.remove(name)
        for name in names:
            path = here / name
            if path.is_symlink():
                problems.add(rel(path), None, None, "is a symbolic link, which the archive does not follow",
                             "replace the link with a copy of the file, inside docs/")
                continue
            _check_file(path, rel(path), problems, cache)
            files.append(path)
            if path.suffix.lower() in _FOR_A_CLIP and not in_gallery(path, docs):
                problems.add(rel(path), None, None, "a video or a sound file outside a clip gallery would be published "
                             "without the rights and the consent of the people in it on record",
                             "put it in a clip gallery, with a clip file that records them (CONTRIBUTING.md, "
                             "'Clip galleries'), and show it here with a /// clip block; or leave it out")
    return files


def in_gallery(path: Path, docs: Path) -> bool:
    """Whether `path` is in a clip gallery's folder (docs/clips/<gallery>/...), where the clips record their files."""
    parts = path.relative_to(docs).parts
    return len(parts) >= 3 and parts[0] == "clips"


def _check_file(path: Path, rel: str, problems: Problems, cache: Any = None) -> None:
    suffix = path.suffix.lower()
    size = path.stat().st_size
    if suffix == ".svg":
        problems.add(rel, None, None, "SVG files are not accepted (an SVG can carry scripts)",
                     "export the drawing as PNG or WebP")
        return
    limit = MAX_CLIP_BYTES if suffix in VIDEO_SUFFIXES else MAX_FILE_BYTES
    if size > limit:  # said together with the image's other problems, so one round fixes them all
        fix = ("resize it (2400 px wide is plenty) or save it again as JPEG or WebP at a lower quality"
               if suffix in IMAGE_SUFFIXES else
               "shorten or compress the clip; a long video belongs on a video host" if suffix in VIDEO_SUFFIXES else
               "make it smaller, or leave it out of the archive")
        problems.add(rel, None, None, f"is {size / 1048576:.1f} MB, over the {limit // 1048576} MB limit", fix)
    if suffix in IMAGE_SUFFIXES:
        if cache is None or cache.folder is None:
            _check_image(path, rel, problems)
        else:
            problems.extend(cache.memo(IMAGE_KIND, (rel, size), lambda: _image_problems(path, rel)))


def _image_problems(path: Path, rel: str) -> list:
    found = Problems()
    _check_image(path, rel, found)
    return found.items


def _check_image(path: Path, rel: str, problems: Problems) -> None:
    """Every problem of one image at once: pixel dimensions and a recorded location."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # judged below, against MAX_PIXELS
            with Image.open(path) as im:  # reads the header only
                width, height = im.size
                exif = im.getexif()
    except Image.DecompressionBombError:
        problems.add(rel, None, None, "the image has enormous pixel dimensions",
                     f"resize it to at most {MAX_PIXELS // 1_000_000} megapixels (2400 px wide is plenty)")
        return
    except (UnidentifiedImageError, OSError) as err:
        problems.add(rel, None, None, f"is not a readable image ({err.__class__.__name__})",
                     "save it again as PNG, JPEG or WebP")
        return
    if width * height > MAX_PIXELS:
        problems.add(rel, None, None, f"is {width} × {height} pixels, over {MAX_PIXELS // 1_000_000} megapixels",
                     "resize it (2400 px wide is plenty for the site)")
    if exif.get_ifd(GPS_IFD):
        problems.add(rel, None, None, "the photo records where it was taken (GPS location in its EXIF data)",
                     f"remove the location: make strip-location FILE={rel}")

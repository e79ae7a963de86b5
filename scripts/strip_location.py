#!/usr/bin/env python3
"""Remove the GPS location (EXIF) from photos, in place, keeping everything else.

    make strip-location FILE=docs/essays/my-essay/photo.jpg
    .venv/bin/python scripts/strip_location.py docs/essays/my-essay/photo.jpg [more files...]
"""

from __future__ import annotations

import sys

try:
    from PIL import Image
except ModuleNotFoundError as err:  # another Python than the project's: one line, no traceback
    sys.exit(f"strip_location: this Python ({sys.executable}) has no {err.name}: run it as "
             "make strip-location FILE=docs/essays/my-essay/photo.jpg, or with .venv/bin/python")

GPS_IFD = 0x8825


def strip(path: str) -> bool:
    with Image.open(path) as im:
        exif = im.getexif()
        if not exif.get_ifd(GPS_IFD):
            return False
        del exif[GPS_IFD]
        im.load()
        params = {"exif": exif.tobytes()}
        if im.format == "JPEG":
            params["quality"] = "keep"
        im.save(path, format=im.format, **params)
    return True


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    for path in argv:
        print(f"{path}: {'location removed' if strip(path) else 'no location found'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""What a media file really is, asked of ffprobe (Debian's ffmpeg package). Cached per build by
path, size and modification time, so `mkdocs serve` rebuilds do not probe unchanged files again."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

FFPROBE = "ffprobe"
VIDEO_FORMATS = {".webm": ("matroska", "webm"), ".mp4": ("mp4", "mov")}
VIDEO_MIME = {".webm": "video/webm", ".mp4": "video/mp4"}
IMAGE_MIME = {".png": "image/png", ".webp": "image/webp", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
IMAGE_CODECS = {".png": "png", ".webp": "webp", ".jpg": "mjpeg", ".jpeg": "mjpeg"}


class ProbeError(Exception):
    pass


@dataclass(frozen=True)
class Probe:
    format_names: tuple[str, ...]
    video_codec: str  # '' when there is no video stream
    width: int
    height: int
    duration: float


_cache: dict[tuple[str, int, int], Probe] = {}


def available() -> bool:
    return shutil.which(FFPROBE) is not None


def probe(path: Path) -> Probe:
    """Raises ProbeError when ffprobe cannot read the file as media."""
    st = path.stat()
    key = (str(path), st.st_size, st.st_mtime_ns)
    if key in _cache:
        return _cache[key]
    try:
        run = subprocess.run(
            [FFPROBE, "-v", "error", "-show_entries", "format=format_name,duration:stream=codec_type,codec_name,width,height",
             "-of", "json", str(path)], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as err:
        raise ProbeError(str(err)) from err
    if run.returncode != 0:
        raise ProbeError((run.stderr.strip().splitlines() or ["unreadable"])[-1])
    data = json.loads(run.stdout or "{}")
    fmt = data.get("format", {})
    video = next((s for s in data.get("streams", []) if s.get("codec_type") == "video"), {})
    try:
        duration = float(fmt.get("duration", 0) or 0)
    except ValueError:
        duration = 0.0
    result = Probe(tuple(str(fmt.get("format_name", "")).split(",")), video.get("codec_name", ""),
                   int(video.get("width", 0) or 0), int(video.get("height", 0) or 0), duration)
    _cache[key] = result
    return result

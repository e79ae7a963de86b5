"""What a media file really is, asked of FFmpeg's own libraries through PyAV (`av`, from the lock: its
wheels bundle the libraries, so no system ffmpeg is needed). Kept by path, size and modification time: in
memory, so `mkdocs serve` rebuilds do not probe unchanged files again, and in the build's cache (`keep_in`,
kind "probe"; its fingerprint holds every file under docs/ and PyAV's version) from one build to the next,
so a build whose clips did not change neither probes them nor loads FFmpeg's libraries. A file that cannot
be read is asked again each time: its problem is reported by every build.

A contributor's file is opened with its container format detected from its bytes, as ffprobe does,
but only the formats the archive publishes are allowed to read it, and only from the local file: a
playlist or a concat list named `.webm` is refused rather than followed to other files or hosts."""

from __future__ import annotations

import errno
from dataclasses import dataclass
from pathlib import Path

from ..web.cache import BuildCache

READER = "FFmpeg's libraries via PyAV"  # named in messages: what read the file
VIDEO_FORMATS = {".webm": ("matroska", "webm"), ".mp4": ("mp4", "mov")}
VIDEO_MIME = {".webm": "video/webm", ".mp4": "video/mp4"}
IMAGE_MIME = {".png": "image/png", ".webp": "image/webp", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
IMAGE_CODECS = {".png": "png", ".webp": "webp", ".jpg": "mjpeg", ".jpeg": "mjpeg"}
# The demuxers allowed to open a file (libavformat's names; "mov" is the MP4 demuxer). Any other format
# (HLS, DASH, concat, image sequences...) is refused before it can open anything else.
DEMUXERS = "matroska,mov,png_pipe,webp_pipe,jpeg_pipe"
TIMEOUT = 30  # seconds: a file that takes longer to read is refused


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
_store: BuildCache | None = None  # the build's cache, if it has one (`keep_in`)
KIND = "probe"


def keep_in(store: BuildCache | None) -> None:  # a new build's cache
    global _store
    _store = store


def probe(path: Path) -> Probe:
    """Raises ProbeError, with FFmpeg's reason, when the file cannot be read as media."""
    st = path.stat()
    key = (str(path), st.st_size, st.st_mtime_ns)
    if key in _cache:
        return _cache[key]
    store = _store
    result = _probe(path) if store is None else store.memo(KIND, key, lambda: _probe(path))  # an error: not kept
    _cache[key] = result
    return result


def _probe(path: Path) -> Probe:
    import av  # here, not at the top: a third of a second, paid only when there is a file to probe

    try:
        with av.open(str(path), timeout=TIMEOUT,
                     container_options={"format_whitelist": DEMUXERS, "protocol_whitelist": "file"}) as container:
            video = next((s.codec_context for s in container.streams if s.type == "video" and s.codec_context), None)
            duration = container.duration / av.time_base if container.duration and container.duration > 0 else 0.0
            result = Probe(tuple(container.format.name.split(",")),
                           video.codec.canonical_name if video else "",  # "vp9", not the decoder's name ("libvpx-vp9")
                           int(video.width or 0) if video else 0, int(video.height or 0) if video else 0, duration)
    except av.FFmpegError as err:
        raise ProbeError(_reason(err, av)) from err
    except (OSError, ValueError) as err:
        raise ProbeError(str(err) or type(err).__name__) from err
    return result


def _reason(err, av) -> str:
    if err.errno == errno.EINVAL:  # what libavformat answers when the detected format is not allowed
        return "not a WebM, MP4, PNG, WebP or JPEG file, or a container that refers to other files"
    if isinstance(err, av.ExitError):  # PyAV's timeout interrupts the reading
        return f"reading it took longer than {TIMEOUT} seconds"
    return err.strerror or str(err)

#!/usr/bin/env python3
"""Make the starter gallery's demonstration clips with PyAV (FFmpeg's libraries, bundled in the `av`
wheel of requirements.lock) and Pillow: no system ffmpeg.

Every frame is drawn here in Python from gradients and noise: no camera, no person, no one else's work.
They are the archive's own work, published under CC-BY-4.0, and credited as generated demonstration
footage. Output: docs/clips/long-take-studies/media/<id>.webm (VP9, with Opus sound where the study is
about sound) and <id>.webp (the poster), plus the poster of the Lumière clip, which is a plain card
made here: the page never loads the provider's own thumbnail.

    .venv/bin/python scripts/make_demo_clips.py              # writes the files (about 1 MB in all, a few minutes)
    .venv/bin/python scripts/make_demo_clips.py --check      # fails, saying what is missing, if an encoder is not there
    .venv/bin/python scripts/make_demo_clips.py --out DIR --seconds 2   # short clips elsewhere, to try settings

The settings are also the ones to follow for a real clip: 640 wide, VP9 at a capped bitrate in WebM,
Opus sound, a poster frame as WebP (`ffmpeg -c:v libvpx-vp9 -crf 42 -b:v 160k -c:a libopus -b:a 24k`).
The committed clips were first made with ffmpeg's lavfi sources; the files made here differ in their
bytes, not in what they are.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from array import array
from pathlib import Path

try:
    import av
    from PIL import Image, ImageChops, ImageDraw, ImageFilter
except ModuleNotFoundError as err:  # another Python than the project's: one line, no traceback
    sys.exit(f"make_demo_clips: this Python ({sys.executable}) has no {err.name}: run it with the project's, "
             ".venv/bin/python scripts/make_demo_clips.py (make .venv/.installed makes .venv/)")

OUT = Path(__file__).resolve().parent.parent / "docs" / "clips" / "long-take-studies" / "media"
W, H, FPS = 640, 360, 24
RATE = 48_000  # Opus works at 48 kHz
VP9 = {"crf": "42", "deadline": "good", "cpu-used": "4", "row-mt": "1"}
VP9_BITRATE, GOP = 160_000, 96
ENCODERS = {"libvpx-vp9": "the clips' video (VP9)", "libopus": "the sound of rain-at-night (Opus)", "libwebp": "the posters (WebP)"}
METADATA = {"title": "Slow Cinema Archive demonstration footage (generated)", "copyright": "CC-BY-4.0 Slow Cinema Archive"}


def rgb(hex_colour: int) -> tuple[int, int, int]:
    return (hex_colour >> 16) & 255, (hex_colour >> 8) & 255, hex_colour & 255


def mix(a: tuple[int, ...], b: tuple[int, ...], f: float) -> tuple[int, ...]:
    return tuple(round(x + (y - x) * f) for x, y in zip(a, b))


def ramp(stops: list[tuple[int, int, int]], f: float) -> tuple[int, ...]:
    """The colour at f (0..1) of an even gradient through `stops`."""
    f = min(max(f, 0.0), 1.0) * (len(stops) - 1)
    i = min(int(f), len(stops) - 2)
    return mix(stops[i], stops[i + 1], f - i)


def diagonal(size: tuple[int, int], stops: list[tuple[int, int, int]], shift: float, rising: bool = False) -> Image.Image:
    """A smooth diagonal gradient, drawn small and enlarged (cheap per frame, no banding after scaling)."""
    w, h = size
    small = Image.new("RGB", (64 * w // h, 64))
    sw, sh = small.size
    small.putdata([ramp(stops, (x / sw + ((sh - y) if rising else y) / sh) / 2 + shift) for y in range(sh) for x in range(sw)])
    return small.resize(size, Image.BICUBIC)


def grain(img: Image.Image, sigma: float) -> Image.Image:
    noise = Image.effect_noise(img.size, sigma).convert(img.mode)
    return ImageChops.add(img, noise, 1.0, -128)


def vignette(size: tuple[int, int]) -> Image.Image:
    """A multiply mask: full light in the middle, about 60% in the corners."""
    edge = Image.radial_gradient("L").resize(size, Image.BICUBIC)  # 0 in the centre, 255 at the rim
    return edge.point(lambda v: 255 - round(100 * min(v, 255) / 255 * min(v, 255) / 255)).convert("RGB")


# -- the three studies: a function of time (seconds) giving the frame --------------------------

def light_on_a_wall(seconds: float):
    """Light moving over a still wall: a slow gradient whose brightness rises and falls, with grain."""
    stops = [rgb(0x3A2A1C), rgb(0xD9B48A), rgb(0x6B4A30)]
    mask = vignette((W, H))

    def frame(t: float) -> Image.Image:
        wall = diagonal((W, H), stops, 0.08 * math.sin(t / 9))
        lift = 255 * (-0.18 + 0.16 * math.sin(math.pi * t / 32))
        wall = wall.point(lambda v: min(255, max(0, round((v - 128) * 1.05 + 128 + lift))))
        return ImageChops.multiply(grain(wall, 3), mask)
    return frame


def rain_at_night(seconds: float):
    """Rain on a dark window: sparse bright points drawn out into streaks over a dark blue field."""
    def frame(t: float) -> Image.Image:
        drops = Image.effect_noise((W, H), 40).point(lambda v: 230 if v > 218 else 22)
        drops = drops.filter(ImageFilter.BoxBlur((0, 6)))
        tint = [drops.point(lambda v, k=k: round(v * k)) for k in (0.55, 0.75, 1.0)]
        picture = Image.merge("RGB", tint)
        sill = Image.new("RGB", (W, 2), rgb(0x9AA8B0))
        y = round(H * 0.62)
        picture.paste(Image.blend(picture.crop((0, y, W, y + 2)), sill, 0.4), (0, y))
        return picture
    return frame


def rain_sound(seconds: float) -> array:
    """Pink noise (Paul Kellet's filter), low-passed at 3.2 kHz, rising over the first 8 seconds."""
    rnd = random.Random(48)
    b0 = b1 = b2 = low = 0.0
    a = math.exp(-2 * math.pi * 3200 / RATE)
    out = array("f")
    for n in range(round(seconds * RATE)):
        white = rnd.uniform(-1, 1)
        b0 = 0.99765 * b0 + white * 0.0990460
        b1 = 0.96300 * b1 + white * 0.2965164
        b2 = 0.57000 * b2 + white * 1.0526913
        low = a * low + (1 - a) * (b0 + b1 + b2 + white * 0.1848) * 0.18
        out.append(low * (0.5 + 0.5 * min(1.0, n / RATE / 8)))
    return out


def slow_pan(seconds: float):
    """A slow pan across a wide generated landscape: the frame moves 1280 pixels in the clip's length."""
    land = diagonal((W * 3, H), [rgb(0x27313A), rgb(0x8C9A84), rgb(0xCBB892), rgb(0x3D4A52)], 0.0, rising=True)
    land = grain(land, 14).filter(ImageFilter.GaussianBlur(3))
    ground = Image.new("RGB", (W * 3, H - round(H * 0.66)), rgb(0x1D2429))
    land.paste(Image.blend(land.crop((0, round(H * 0.66), W * 3, H)), ground, 0.55), (0, round(H * 0.66)))

    def frame(t: float) -> Image.Image:
        x = 2 * W * min(1.0, t / seconds)
        return land.transform((W, H), Image.AFFINE, (1, 0, x, 0, 1, 0), resample=Image.BILINEAR)
    return frame


# id -> (seconds, frames, sound or None, poster time)
CLIPS = {
    "light-on-a-wall": (32, light_on_a_wall, None, 16),
    "rain-at-night": (28, rain_at_night, rain_sound, 20),
    "slow-pan": (30, slow_pan, None, 12),
}


def encode(path: Path, seconds: float, frames, sound) -> None:
    with av.open(str(path), "w", format="webm") as out:
        out.metadata.update(METADATA)
        video = out.add_stream("libvpx-vp9", rate=FPS, options=VP9)
        video.width, video.height, video.pix_fmt = W, H, "yuv420p"
        video.bit_rate, video.codec_context.gop_size = VP9_BITRATE, GOP
        audio = None
        if sound:
            audio = out.add_stream("libopus", rate=RATE, layout="mono")
            audio.bit_rate = 24_000
        for i in range(round(seconds * FPS)):
            frame = av.VideoFrame.from_image(frames(i / FPS))
            frame.pts = i
            out.mux(video.encode(frame))
        out.mux(video.encode())
        if audio:
            samples, step = sound(seconds), 960  # 20 ms frames
            for start in range(0, len(samples), step):
                chunk = samples[start:start + step]
                frame = av.AudioFrame(format="flt", layout="mono", samples=len(chunk))
                frame.planes[0].update(chunk.tobytes())
                frame.sample_rate, frame.pts = RATE, start
                out.mux(audio.encode(frame))
            out.mux(audio.encode())


def webp(path: Path, picture: Image.Image) -> None:
    with av.open(str(path), "w", format="webp") as out:
        stream = out.add_stream("libwebp", options={"quality": "70"})
        stream.width, stream.height, stream.pix_fmt = picture.width, picture.height, "yuv420p"
        out.mux(stream.encode(av.VideoFrame.from_image(picture)))
        out.mux(stream.encode())


def lumiere_poster() -> Image.Image:
    """A plain card for the Internet Archive clip: grey, with a gate-like pair of darker bands."""
    card = Image.new("RGB", (W, 480), rgb(0x2B2B28))
    draw = ImageDraw.Draw(card)
    draw.rectangle((150, 110, 299, 409), fill=rgb(0x1A1A18))
    draw.rectangle((340, 110, 489, 409), fill=rgb(0x1A1A18))
    draw.rectangle((0, 410, W - 1, 479), fill=rgb(0x4A4842))
    return grain(card, 5)


def missing_encoders() -> list[str]:
    missing = []
    for name, use in ENCODERS.items():
        try:
            av.Codec(name, "w")
        except Exception:  # av raises UnknownCodecError (a ValueError) for an encoder its FFmpeg lacks
            missing.append(f"{name} ({use})")
    return missing


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="only check that PyAV has the encoders")
    ap.add_argument("--out", type=Path, default=OUT, help=f"folder to write into (default {OUT})")
    ap.add_argument("--seconds", type=float, help="make each clip this long at most (to try settings quickly)")
    args = ap.parse_args(argv)
    missing = missing_encoders()
    if missing:
        print(f"PyAV {av.__version__} (FFmpeg {av.ffmpeg_version_info}) has no encoder for: {', '.join(missing)}.\n"
              "Install the PyAV wheel of requirements.lock (make .venv/.installed): PyPI's wheels bundle libvpx, "
              "libopus and libwebp. A PyAV built against a system FFmpeg needs one built with them.", file=sys.stderr)
        return 1
    if args.check:
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    for clip_id, (seconds, study, sound, poster_at) in CLIPS.items():
        if args.seconds:
            seconds, poster_at = min(seconds, args.seconds), min(poster_at, args.seconds / 2)
        frames = study(seconds)
        encode(args.out / f"{clip_id}.webm", seconds, frames, sound)
        webp(args.out / f"{clip_id}.webp", frames(poster_at))
    webp(args.out / "workers-leaving-the-factory.webp", lumiere_poster())
    total = 0
    for f in sorted(args.out.iterdir()):
        total += f.stat().st_size
        print(f"{f.name:40} {f.stat().st_size / 1000:8.1f} kB")
    print(f"{'total':40} {total / 1000:8.1f} kB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

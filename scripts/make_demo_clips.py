#!/usr/bin/env python3
"""Make the starter gallery's demonstration clips with ffmpeg (Debian's `ffmpeg` package).

Every clip is synthesised from ffmpeg's lavfi sources: no camera, no person, no one else's work.
They are the archive's own work, published under CC-BY-4.0, and credited as generated
demonstration footage. Output: docs/clips/long-take-studies/media/<id>.webm (VP9, with Opus sound
where the study is about sound) and <id>.webp (the poster), plus the poster of the Lumière clip,
which is a plain card made here: the page never loads the provider's own thumbnail.

    python scripts/make_demo_clips.py            # writes the files (about 2 MB in all)
    python scripts/make_demo_clips.py --check    # fails if ffmpeg is missing

These are also the commands to follow for a real clip: trim, scale to 640 wide, VP9 at a capped
bitrate, a poster frame as WebP.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "docs" / "clips" / "long-take-studies" / "media"
W, H, FPS = 640, 360, 24
VP9 = ["-c:v", "libvpx-vp9", "-crf", "42", "-b:v", "160k", "-deadline", "good",
       "-cpu-used", "4", "-row-mt", "1", "-pix_fmt", "yuv420p", "-g", "96"]

# id -> (seconds, video filter graph, audio source or None, poster time)
CLIPS = {
    # Light moving over a still wall: a slow gradient whose brightness rises and falls, with grain.
    "light-on-a-wall": (32, (
        f"gradients=s={W}x{H}:r={FPS}:c0=0x3a2a1c:c1=0xd9b48a:c2=0x6b4a30:x0=0:y0=0:x1={W}:y1={H}:nb_colors=3:speed=0.004:seed=7,format=yuv420p,"
        "eq=brightness='-0.18+0.16*sin(PI*t/32)':contrast=1.05:eval=frame,"
        "noise=alls=5,vignette=PI/4"), None, 16),
    # Rain on a dark window: sparse bright points, drawn out into streaks, over a dark blue field.
    "rain-at-night": (28, (
        f"color=c=0x808080:s={W}x{H}:r={FPS},format=gray,noise=alls=100:allf=t,"
        "lut=y='if(gt(val,224),200,22)',avgblur=sizeX=1:sizeY=10,format=yuv420p,"
        "colorchannelmixer=rr=0.55:gg=0.75:bb=1.0,"
        "drawbox=x=0:y=ih*0.62:w=iw:h=2:color=0x9aa8b0@0.4:t=fill"),
        "anoisesrc=color=pink:amplitude=0.18:r=48000,lowpass=f=3200,"
        "volume='0.5+0.5*min(1,t/8)':eval=frame", 20),
    # A slow pan across a wide generated landscape: the frame moves 1280 pixels in 30 seconds.
    "slow-pan": (30, (
        f"gradients=s={W * 3}x{H}:r={FPS}:c0=0x27313a:c1=0x8c9a84:c2=0xcbb892:c3=0x3d4a52:x0=0:y0={H}:x1={W * 3}:y1=0:"
        "nb_colors=4:speed=0.0005:seed=3,format=yuv420p,noise=alls=14,gblur=sigma=3,drawbox=x=0:y=ih*0.66:w=iw:h=ih*0.34:color=0x1d2429@0.55:t=fill,"
        f"crop={W}:{H}:x='(iw-{W})*min(1,t/30)':y=0"), None, 12),
}


def ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", *args], check=True)


def make(clip_id: str, seconds: int, video: str, audio: str | None, poster_at: int) -> None:
    webm = OUT / f"{clip_id}.webm"
    inputs = ["-f", "lavfi", "-i", video]
    codecs = list(VP9)
    if audio:
        inputs += ["-f", "lavfi", "-i", audio]
        codecs += ["-c:a", "libopus", "-b:a", "24k", "-ac", "1"]
    else:
        codecs += ["-an"]
    ffmpeg(*inputs, "-t", str(seconds), *codecs, "-metadata", "title=Slow Cinema Archive demonstration footage (generated)",
           "-metadata", "copyright=CC-BY-4.0 Slow Cinema Archive", str(webm))
    ffmpeg("-ss", str(poster_at), "-i", str(webm), "-frames:v", "1", "-c:v", "libwebp", "-quality", "70", str(OUT / f"{clip_id}.webp"))


def lumiere_poster() -> None:
    """A plain card for the Internet Archive clip: grey, with a gate-like pair of darker bands."""
    ffmpeg("-f", "lavfi", "-i", f"color=c=0x2b2b28:s={W}x{480}",
           "-vf", "drawbox=x=150:y=110:w=150:h=300:color=0x1a1a18:t=fill,drawbox=x=340:y=110:w=150:h=300:color=0x1a1a18:t=fill,"
           "drawbox=x=0:y=410:w=iw:h=70:color=0x4a4842:t=fill,noise=alls=12:allf=u",
           "-frames:v", "1", "-c:v", "libwebp", "-quality", "70", str(OUT / "workers-leaving-the-factory.webp"))


def main() -> int:
    if not shutil.which("ffmpeg"):
        print("ffmpeg is missing: install Debian's ffmpeg package (apt-get install ffmpeg)", file=sys.stderr)
        return 1
    if "--check" in sys.argv:
        return 0
    OUT.mkdir(parents=True, exist_ok=True)
    for clip_id, (seconds, video, audio, poster_at) in CLIPS.items():
        make(clip_id, seconds, video, audio, poster_at)
    lumiere_poster()
    total = 0
    for f in sorted(OUT.iterdir()):
        total += f.stat().st_size
        print(f"{f.name:40} {f.stat().st_size / 1000:8.1f} kB")
    print(f"{'total':40} {total / 1000:8.1f} kB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

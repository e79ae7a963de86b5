"""Screenshots of a built site as a reader meets it: the home page, an essay in each reading mode, a clip
page and the timeline, at a phone's and a laptop's width.

    .venv/bin/python -m mkdocs build -d /tmp/sca-site
    .venv/bin/python scripts/screenshots.py /tmp/sca-site /tmp/sca-shots

Serves the site on a free port of 127.0.0.1, drives Debian's Chromium (/usr/bin/chromium) with Playwright,
and writes one PNG per page, mode and width (the first screen; --full for whole pages).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]
WIDTHS = {"390": (390, 844), "1280": (1280, 800)}
ESSAY = "essays/what-slow-cinema-is/"
PAGES = [  # (name, path, reading mode)
    ("home", "", "zh"),
    ("home-en", "", "en"),
    ("essay-zh", ESSAY, "zh"),
    ("essay-hant", ESSAY, "zh-Hant"),
    ("essay-en", ESSAY, "en"),
    ("essay-both", ESSAY, "both"),
    ("clip", "clips/long-take-studies/light-on-a-wall/", "zh"),
    ("clip-t27", "clips/long-take-studies/light-on-a-wall/#t=27", "en"),
    ("timeline", "timeline/", "zh"),
    ("manifesto", "manifesto/", "zh"),
]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("site", type=Path, help="a built site folder")
    ap.add_argument("out", type=Path, help="where the PNGs go")
    ap.add_argument("--full", action="store_true", help="whole pages, not only the first screen")
    ap.add_argument("--only", default="", help="comma-separated page names (home, essay-both, ...)")
    ap.add_argument("--dark", action="store_true", help="the dark palette")
    a = ap.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    only = set(filter(None, a.only.split(",")))
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(a.site)))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{srv.server_port}/"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for wname, (w, h) in WIDTHS.items():
                ctx = browser.new_context(viewport={"width": w, "height": h},
                                          color_scheme="dark" if a.dark else "light")
                ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())
                page = ctx.new_page()
                for name, path, mode in PAGES:
                    if only and name not in only:
                        continue
                    url, _, frag = (base + path).partition("#")
                    page.goto(f"{url}?lang={mode}" + (f"#{frag}" if frag else ""))
                    page.wait_for_load_state("networkidle")
                    page.wait_for_timeout(300)
                    suffix = "-dark" if a.dark else ""
                    target = a.out / f"{name}-{wname}{suffix}.png"
                    page.screenshot(path=str(target), full_page=a.full)
                    print(target)
                ctx.close()
            browser.close()
    finally:
        srv.shutdown()
        srv.server_close()


if __name__ == "__main__":
    main()

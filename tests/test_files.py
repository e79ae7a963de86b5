"""Files under docs/: links out, colliding names, SVG, size, pixel dimensions, GPS location."""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata

from conftest import EN, REPO, ZH, Project, build
from PIL import Image

from slowcinema.archive.load import load_archive
from slowcinema.web import cache
from slowcinema.web.cache import BuildCache


def problems_for(project: Project) -> list:
    return list(load_archive(project.docs, project.root)[1])


def only(problems: list, needle: str):
    hits = [p for p in problems if needle in p.message]
    assert len(hits) == 1, "\n".join(str(p) for p in problems)
    return hits[0]


def test_symbolic_links_are_refused(project: Project, tmp_path):
    project.essay("e")
    secret = tmp_path / "secret.txt"
    secret.write_text("private")
    os.symlink(secret, project.docs / "essays/e/notes.txt")
    os.symlink(tmp_path, project.docs / "essays/e/outside")
    problems = problems_for(project)
    files = sorted(p.file for p in problems if "symbolic link" in p.message)
    assert files == ["docs/essays/e/notes.txt", "docs/essays/e/outside"]
    assert all("inside docs/" in p.fix for p in problems if "symbolic link" in p.message)


def test_names_differing_only_in_case_or_unicode_form(project: Project):
    project.essay("e")
    Image.new("RGB", (4, 4)).save(project.docs / "essays/e/Still.png")
    Image.new("RGB", (4, 4)).save(project.docs / "essays/e/still.png")
    nfc, nfd = unicodedata.normalize("NFC", "café.png"), unicodedata.normalize("NFD", "café.png")
    assert nfc != nfd
    Image.new("RGB", (4, 4)).save(project.docs / "essays/e" / nfc)
    Image.new("RGB", (4, 4)).save(project.docs / "essays/e" / nfd)
    hits = [p for p in problems_for(project) if "only in upper/lower case or Unicode form" in p.message]
    assert len(hits) == 2 and all(p.file.startswith("docs/essays/e/") for p in hits)


def test_svg_is_refused(project: Project):
    project.essay("e")
    project.write("essays/e/drawing.svg", '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')
    hit = only(problems_for(project), "SVG files are not accepted")
    assert hit.file == "docs/essays/e/drawing.svg" and "PNG" in hit.fix


def test_a_video_or_sound_outside_a_clip_gallery_is_refused(project: Project):
    # Found by an audit: a video beside an essay was published, linked or not, with no rights or people on record.
    project.essay("e")
    project.write("essays/e/stranger.webm", b"\x1aE\xdf\xa3" + b"0" * 64)
    project.write("essays/e/voice.MP3", b"ID3" + b"0" * 64)
    project.write("manifesto/m/reading.ogg", b"OggS" + b"0" * 64)
    project.write("clips/g/media/slow.webm", b"\x1aE\xdf\xa3" + b"0" * 64)  # in a gallery: the clips' own checks
    hits = [p for p in problems_for(project) if "outside a clip gallery" in p.message]
    assert sorted(p.file for p in hits) == ["docs/essays/e/stranger.webm", "docs/essays/e/voice.MP3",
                                            "docs/manifesto/m/reading.ogg"], hits
    assert all("without the rights and the consent of the people in it on record" in p.message
               and "/// clip block" in p.fix for p in hits)


STILL_RECORD = """\
still.jpg:
  rights:
    basis: quotation
    holder: A film company
    source: a frame of the DVD
    note: {zh: 引来讨论构图。, en: Quoted to discuss the framing.}
  people:
    identifiable: true
    consent: public-figure
    note: {zh: 一位演员，在片中的角色里。, en: An actor in the role.}
"""


def test_an_essay_image_needs_its_rights_and_people_on_record(project: Project):
    # Found by an audit: an essay's photo of a person was published with no consent on record.
    project.essay("e")
    Image.new("RGB", (4, 4)).save(project.docs / "essays/e/still.jpg")
    (project.docs / "essays/e/stills").mkdir()
    Image.new("RGB", (4, 4)).save(project.docs / "essays/e/stills/rain.png")
    problems = problems_for(project)
    hits = sorted((p.file, p.message) for p in problems if "on record" in p.message)
    assert hits == [("docs/essays/e/still.jpg", "an image needs its rights and the people it shows on record, and there "
                     "is no images.yml beside it"),
                    ("docs/essays/e/stills/rain.png", "an image needs its rights and the people it shows on record, and "
                     "there is no images.yml beside it")], problems
    project.write("essays/e/images.yml", STILL_RECORD + "stills/rain.png:\n  rights:\n    basis: licence\n"
                  "    licence: CC-BY-4.0\n    holder: Me\n    source: my camera\n  people:\n    identifiable: true\n"
                  "still.png:\n  rights: {basis: public-domain, source: an archive}\n  people: {identifiable: false}\n")
    found = sorted((p.file, p.line, p.field, p.message) for p in problems_for(project))
    assert found == [
        ("docs/essays/e/images.yml", 18, "stills/rain.png.people.consent",
         "the image shows identifiable people and has no consent on record"),
        ("docs/essays/e/images.yml", 19, "still.png", "names no image in this folder. Did you mean 'still.jpg'?"),
    ], found
    project.write("essays/e/images.yml", STILL_RECORD + "stills/rain.png:\n  rights: {basis: public-domain, source: an "
                  "archive}\n  people: {identifiable: false}\n")
    assert problems_for(project) == []


def test_a_malformed_images_record_is_named_at_its_line(project: Project):
    project.essay("e")
    Image.new("RGB", (4, 4)).save(project.docs / "essays/e/still.jpg")
    project.write("essays/e/images.yml", "- still.jpg\n")
    [p] = [p for p in problems_for(project) if p.file == "docs/essays/e/images.yml"]
    assert (p.line, p.message) == (1, "must map each image's file to its rights and people"), p
    project.write("essays/e/images.yml", STILL_RECORD + "  credit: me\n")
    found = [(p.line, p.field, p.message) for p in problems_for(project)]
    assert found == [(11, "still.jpg.credit", "unknown field 'credit'")], found
    project.write("essays/e/images.yml", "still.jpg: yes\n")
    found = [(p.line, p.field, p.message) for p in problems_for(project)]
    assert found == [(1, "still.jpg", "must hold rights: and people:")], found


def test_an_image_outside_a_bundle_is_on_record_in_its_own_folder(project: Project):
    project.essay("e")
    Image.new("RGB", (4, 4)).save(project.docs / "banner.png")
    Image.new("RGB", (4, 4)).save(project.docs / "essays/cover.png")
    hits = sorted(p.file for p in problems_for(project) if "on record" in p.message)
    assert hits == ["docs/banner.png", "docs/essays/cover.png"]
    project.write("images.yml", STILL_RECORD.replace("still.jpg", "banner.png"))
    project.write("essays/images.yml", STILL_RECORD.replace("still.jpg", "cover.png"))
    assert problems_for(project) == []


def test_a_draft_essay_image_may_wait_for_consent_but_not_for_its_record(project: Project):
    project.essay("e", zh=ZH.replace("summary:", "draft: true\nsummary:"), en=None)
    Image.new("RGB", (4, 4)).save(project.docs / "essays/e/still.jpg")
    assert [p.message for p in problems_for(project) if "on record" in p.message] == [
        "an image needs its rights and the people it shows on record, and there is no images.yml beside it"]
    project.write("essays/e/images.yml", STILL_RECORD.replace("    consent: public-figure\n", ""))
    assert problems_for(project) == []


def test_oversized_file_is_refused(project: Project):
    project.essay("e")
    project.write("essays/e/big.pdf", b"%PDF" + b"0" * (6 * 1024 * 1024))
    hit = only(problems_for(project), "over the 5 MB limit")
    assert hit.file == "docs/essays/e/big.pdf" and "6.0 MB" in hit.message


def test_enormous_pixel_dimensions_are_refused(project: Project):
    project.essay("e")
    Image.new("1", (10000, 5000)).save(project.docs / "essays/e/huge.png")  # tiny file, 50 megapixels
    hit = only(problems_for(project), "pixels")
    assert hit.file == "docs/essays/e/huge.png" and "resize" in hit.fix


def test_not_an_image_is_refused(project: Project):
    project.essay("e")
    project.write("essays/e/photo.jpg", b"this is not a jpeg")
    assert only(problems_for(project), "is not a readable image").file == "docs/essays/e/photo.jpg"


def test_gps_location_is_reported_and_the_script_strips_it(project: Project):
    project.essay("e")
    path = project.docs / "essays/e/street.jpg"
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"
    exif.get_ifd(0x8825).update({1: "N", 2: (25.0, 2.0, 30.0), 3: "E", 4: (121.0, 33.0, 54.0)})
    Image.new("RGB", (40, 30), "gray").save(path, exif=exif.tobytes())
    hit = only(problems_for(project), "GPS location")
    assert hit.file == "docs/essays/e/street.jpg"
    assert hit.fix == "remove the location: make strip-location FILE=docs/essays/e/street.jpg"
    # The printed fix, run as printed from the repository (FILE= names the photo in this test's copy).
    # `-o` keeps make from reinstalling the venv, which other tests may be using at the same time.
    make, target, file_arg = hit.fix.split(": ", 1)[1].split()
    assert (make, target, file_arg) == ("make", "strip-location", f"FILE={hit.file}")
    run = subprocess.run([make, "-o", ".venv/.installed", target, f"FILE={path}"], cwd=REPO,
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0 and "location removed" in run.stdout
    assert not any("GPS" in p.message for p in problems_for(project))
    with Image.open(path) as im:
        assert im.getexif().get(0x010F) == "Camera maker"  # the rest of the metadata stays


def test_an_image_checked_in_an_earlier_build_says_its_problems_again(project: Project):
    """With the build cache an image is looked at once (kind `image`): its problems, kept, are said by every build."""
    project.essay("e")
    exif = Image.Exif()
    exif.get_ifd(0x8825).update({1: "N", 2: (25.0, 2.0, 30.0)})
    Image.new("RGB", (40, 30), "gray").save(project.docs / "essays/e/street.jpg", exif=exif.tobytes())

    def read() -> tuple[list[str], BuildCache]:
        store = cache.for_project(project.root, str(project.root / "mkdocs.yml"), str(project.docs), None)
        return [str(p) for p in load_archive(project.docs, project.root, store)[1]], store

    (first, made), (again, found) = read(), read()
    assert first == again and any("docs/essays/e/street.jpg: the photo records where it was taken" in p for p in first)
    kept = {BuildCache.kind_of(path) for path in found.read}
    assert "image" in kept and "image" not in {BuildCache.kind_of(path) for path in made.read}, (made.read, found.read)


def test_every_problem_of_an_image_comes_at_once(project: Project):
    """An oversized photo of too many pixels that records its location, with no record of its rights and people:
    four problems, one round."""
    project.essay("e")
    path = project.docs / "essays/e/huge.jpg"
    exif = Image.Exif()
    exif.get_ifd(0x8825).update({1: "N", 2: (25.0, 2.0, 30.0)})
    Image.new("L", (9000, 5000), 128).save(path, exif=exif.tobytes())
    with path.open("ab") as f:
        f.write(b"\0" * 6 * 1024 * 1024)  # past the JPEG's end: still a readable image, now over 5 MB
    found = [p for p in problems_for(project) if p.file == "docs/essays/e/huge.jpg"]
    messages = " | ".join(p.message for p in found)
    assert len(found) == 4, messages
    assert "over the 5 MB limit" in messages and "9000 × 5000 pixels" in messages and "GPS location" in messages
    assert "no images.yml beside it" in messages
    size = next(p for p in found if "MB limit" in p.message)
    assert "video" not in size.fix and "resize it" in size.fix


def test_links_leaving_docs_or_absolute_fail_the_build(project: Project):
    project.essay("e", en=EN.replace("The opening paragraph", "See [up](../../../../outside.md) and [abs](/etc/passwd). The opening paragraph"))
    result = build(project.root)
    assert not result.ok
    warnings = " ".join(result.messages("WARNING")) + " ".join(result.messages("INFO"))
    assert "../../../../outside.md" in warnings and "/etc/passwd" in warnings


def test_a_file_is_named_in_messages_as_resolving_its_path_names_it(tmp_path):
    """`source.project_rel` resolves a path a folder at a time (each folder once, for a thousand essays' files):
    through links to a file, to a folder and to the project, relative links, `..`, and paths outside the
    project, it names each file as resolving the whole path does."""
    from pathlib import Path

    from slowcinema.content import source

    def whole(path: str, root: str) -> str:
        try:
            return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
        except ValueError:
            return Path(path).as_posix()

    (tmp_path / "proj/docs/essays/a").mkdir(parents=True)
    (tmp_path / "other/x").mkdir(parents=True)
    (tmp_path / "proj/docs/essays/a/index.md").write_text("x")
    (tmp_path / "other/x/f.md").write_text("x")
    os.symlink(tmp_path / "other/x", tmp_path / "proj/docs/essays/linked")
    os.symlink(tmp_path / "other/x/f.md", tmp_path / "proj/docs/essays/a/lf.md")
    os.symlink(tmp_path / "proj", tmp_path / "projlink")
    os.symlink("../essays/a", tmp_path / "proj/docs/essays/rel")  # a relative link, with its own `..`
    os.symlink(tmp_path / "proj/docs/essays/a/index.md", tmp_path / "other/back.md")
    paths = ["proj/docs/essays/a/index.md", "proj/docs/essays/linked/f.md", "proj/docs/essays/a/lf.md",
             "projlink/docs/essays/a/index.md", "proj/docs/essays/rel/index.md", "proj/docs/../docs/essays/a/index.md",
             "projlink/docs/essays/linked/../a/index.md", "other/x/f.md", "other/back.md", "proj/missing/n.md", "proj"]
    named = {}
    for root in (tmp_path / "proj", tmp_path / "projlink", f"{tmp_path / 'proj'}/"):
        for rel in paths:
            path = str(tmp_path / rel)
            assert source.project_rel(path, Path(root)) == whole(path, str(root)), (rel, root)
            named[rel] = source.project_rel(path, Path(root))
    assert named["proj/docs/essays/rel/index.md"] == "docs/essays/a/index.md" and named["other/back.md"] == "docs/essays/a/index.md"
    assert named["proj/docs/essays/linked/f.md"] == str(tmp_path / "proj/docs/essays/linked/f.md")  # outside: as given
    assert named["proj"] == "."

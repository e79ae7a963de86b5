"""What the clip templates receive, and the WebVTT files written for each clip. Pure functions:
a gallery or a clip in, plain dicts (text escaped later by the templates) and file texts out."""

from __future__ import annotations

import functools

from ..languages import hant
from ..languages.dates import long_date
from . import timecode, webvtt
from .model import NOTE_KINDS, Clip, Gallery
from .providers import PROVIDERS
from .rights import licence_url

# Reading-language tags a clip's texts come in, with the VTT track labels.
TRACK_LANGS = {"zh-Hans": "中文（简体）", "zh-Hant": "中文（繁體）", "en": "English"}
# A track's kind (its file's name, Chinese, English) and its language in Chinese and English: the player's menu
# shows one bilingual label, the clip page's links to the files name them in each reading mode (`track_names`).
_TRACK_KINDS = {"chapters": ("notes", "批注", "Notes"), "captions": ("captions", "字幕", "Captions")}
_TRACK_NAMES = {"zh-Hans": ("简体中文", "Simplified Chinese"), "zh-Hant": ("繁体中文", "Traditional Chinese"),
                "en": ("英文", "English")}
BASIS_LABELS = {
    "public-domain": ("公有领域", "Public domain"),
    "licence": ("按许可协议使用", "Used under a licence"),
    "rights-statement": ("权利声明", "Rights statement"),
    "permission": ("经权利人许可", "With the holder's permission"),
    "quotation": ("为评论而引用", "Quoted for criticism"),
}
CONSENT_LABELS = {
    "": ("画面中没有可辨认的人", "No one in the picture can be recognised"),
    "MR-NAP": ("画面中没有可辨认的人", "No one in the picture can be recognised"),
    "MR-UMR": ("肖像授权：不限用途", "Model release: unlimited"),
    "MR-LMR": ("肖像授权：有限用途", "Model release: limited"),
    "public-figure": ("公众人物，处于公开角色", "A public figure in a public role"),
    "historical": ("历史影像规则", "Historical footage rule"),
    "MR-NON": ("没有肖像授权", "No model release"),
}


def tri(zh: str, en: str) -> dict[str, str]:
    """A text in the three reading languages (traditional generated from simplified)."""
    return {"zh-Hans": zh, "zh-Hant": hant.text(zh), "en": en}


@functools.cache
def track_names(kind: str, tag: str) -> dict[str, str]:
    """A track's file as the clip page's links name it in each reading language ("批注 · 简体中文", "批註 · 簡體中文",
    "Notes · Simplified Chinese")."""
    _name, zh, en = _TRACK_KINDS[kind]
    return tri(f"{zh} · {_TRACK_NAMES[tag][0]}", f"{en} · {_TRACK_NAMES[tag][1]}")


def vtt_name(kind: str, tag: str) -> str:
    return f"{kind}.{tag}.vtt"


def vtt_files(clip: Clip) -> dict[str, str]:
    """File name (in the clip's folder) -> WebVTT text: chapters per language, captions if any."""
    out = {}
    for tag in TRACK_LANGS:
        cues = []
        for i, n in enumerate(clip.notes):
            text = n.en if tag == "en" else (n.zh if tag == "zh-Hans" else hant.text(n.zh))
            cues.append(webvtt.Cue(n.at, clip.note_end(i), text, f"{n.kind}-{i + 1}"))
        out[vtt_name("notes", tag)] = webvtt.write(cues)
    for lang, cues in clip.captions.items():
        tags = ["en"] if lang == "en" else ["zh-Hans", "zh-Hant"]
        for tag in tags:
            conv = [webvtt.Cue(c.start, c.end, hant.text(c.text) if tag == "zh-Hant" else c.text, c.identifier) for c in cues]
            out[vtt_name("captions", tag)] = webvtt.write(conv)
    return out


def clip_view(clip: Clip, page_url: str, *, embedded: bool = False, lang: str | None = None) -> dict:
    """`page_url`: where the clip is shown (its own page, or an essay); `lang`: an essay's language
    (zh or en) when embedded, so the notes show in that language only."""
    src = clip.source
    own = clip.url
    prov = PROVIDERS.get(src.provider)
    notes = []
    for i, n in enumerate(clip.notes):
        zh_kind, en_kind = NOTE_KINDS[n.kind]
        frag = timecode.fragment(n.at)
        notes.append({
            "at": frag, "end": timecode.fragment(clip.note_end(i)), "label": timecode.short(n.at),
            "end_label": timecode.short(clip.note_end(i)), "kind": n.kind, "kinds": tri(zh_kind, en_kind),
            "texts": tri(n.zh, n.en),
            # Local clip: a media-fragment link to this moment on the clip's page (shareable).
            # Outside clip: the provider's own page at that moment, followed only when clicked.
            "href": (prov.at(src.video_id, int(src.start + n.at)) if prov else f"{own}#t={frag}"),
            "outside": prov is not None,
        })
    tracks = []
    for kind, (name, zh, en) in _TRACK_KINDS.items():
        if kind == "captions" and not clip.captions:
            continue
        for tag, endonym in TRACK_LANGS.items():
            tracks.append({"kind": kind, "src": own + vtt_name(name, tag), "srclang": tag, "label": f"{zh} {en} · {endonym}",
                           "names": track_names(kind, tag)})
    langs = None
    if lang:
        langs = ["zh-Hans", "zh-Hant"] if lang == "zh" else ["en"]
    return {
        "id": clip.id, "dom_id": f"clip-{clip.gallery}-{clip.id}" + (f"-{lang}" if lang else ""),
        "url": own, "page_url": page_url, "embedded": embedded, "langs": langs or list(TRACK_LANGS),
        "titles": tri(clip.title.zh, clip.title.en),
        "film": {"titles": tri(clip.film.title.zh, clip.film.title.en),
                 "directors": tri(clip.film.director.zh, clip.film.director.en), "year": clip.film.year},
        "duration": timecode.fragment(clip.duration), "duration_label": timecode.short(round(clip.duration)),
        "iso_duration": f"PT{round(clip.duration)}S",
        "local": src.local,
        "video": ({"src": src.video.src_uri, "mime": src.video.mime, "width": src.video.width, "height": src.video.height}
                  if src.video else None),
        "poster": {"src": src.poster.src_uri, "width": src.poster.width, "height": src.poster.height},
        "provider": ({"label": prov.label, "embed": prov.embed(src.video_id, int(src.start), int(src.end)),
                      "embed_at": prov.embed(src.video_id, "__T__", int(src.end)), "start": timecode.fragment(src.start),
                      "page": prov.at(src.video_id, int(src.start))} if prov else None),
        "notes": notes, "tracks": tracks,
        "rights": rights_view(clip), "people": people_view(clip),
    }


def rights_view(clip: Clip) -> dict:
    r = clip.rights
    zh, en = BASIS_LABELS[r.basis]
    return {"basis": tri(zh, en), "licence": r.licence, "licence_url": licence_url(r.licence) if r.licence else "",
            "statement": r.statement, "holder": r.holder, "source": r.source,
            "note": tri(r.note.zh, r.note.en) if r.note else None}


def people_view(clip: Clip) -> dict:
    p = clip.people
    zh, en = CONSENT_LABELS[p.consent if p.identifiable else ""]
    return {"identifiable": p.identifiable, "consent": p.consent, "label": tri(zh, en),
            "note": tri(p.note.zh, p.note.en) if p.note else None}


def card_view(clip: Clip) -> dict:
    v = clip_view(clip, clip.url)
    return {k: v[k] for k in ("id", "url", "titles", "film", "duration_label", "iso_duration", "poster", "local")} | {
        "notes": len(clip.notes), "provider": v["provider"]["label"] if v["provider"] else ""}


def gallery_header(gallery: Gallery, archive) -> dict:
    langs = []
    for lang in gallery.languages:
        v = gallery.versions[lang]
        key = "en" if lang == "en" else "zh"
        authors = [archive.authors[a].name.get(key) for a in gallery.authors]
        langs.append({"code": lang, "tag": "en" if lang == "en" else "zh-Hans", "title": v.title, "summary": v.summary,
                      "authors": authors, "date": long_date(gallery.date, key)})
        if lang == "zh":
            langs.append({"code": "zh-Hant", "tag": "zh-Hant", "title": hant.text(v.title), "summary": hant.text(v.summary),
                          "authors": [hant.text(a) for a in authors], "date": long_date(gallery.date, "zh")})
    return {"slug": gallery.slug, "url": gallery.url, "langs": langs, "languages": gallery.languages,
            "iso_date": gallery.date.isoformat(), "clips": [card_view(c) for c in gallery.published_clips],
            "tags": [archive.tags[t] for t in gallery.tags]}

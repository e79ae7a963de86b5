"""MkDocs adapter for the cross-kind pages: a page per tag and per author or translator (generated),
their index pages (docs/tags/index.md, docs/authors/index.md, with the lists appended), and the
related entries at the foot of each essay."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from slowcinema.archive import indexes
from slowcinema.clips import timecode
from slowcinema.languages.labels import label
from slowcinema.web.render import trusted


class IndexesConfig(Config):
    enabled = c.Type(bool, default=True)
    related = c.Type(int, default=indexes.RELATED)


class IndexesPlugin(BasePlugin[IndexesConfig]):
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.generated: dict[str, tuple[str, str]] = {}  # src_uri -> (kind, id)
        self.groups = indexes.Groups()
        return config

    def _archive(self, config: MkDocsConfig):
        return config.plugins["slowcinema/archive"]

    @event_priority(-10)  # after the archive plugin has read the archive
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        archive = self._archive(config).archive
        self.groups = indexes.group(archive, self._archive(config).serving)  # once per build, for every page
        for tag in archive.tags.values():
            title = f"{tag.label.zh} · {tag.label.en}"
            self._page(files, config, f"tags/{tag.id}/index.md", title, ("tag", tag.id))
        for film in archive.films.values():
            self._page(files, config, f"films/{film.id}/index.md", f"{film.title.zh} · {film.title.en}", ("film", film.id))
        for person in archive.authors.values():
            self._page(files, config, f"authors/{person.id}/index.md", f"{person.name.zh} · {person.name.en}",
                       ("person", person.id))
        return files

    def _page(self, files: Files, config: MkDocsConfig, src_uri: str, title: str, what: tuple[str, str]) -> None:
        files.append(File.generated(config, src_uri, content=indexes.page_source(title), inclusion=InclusionLevel.NOT_IN_NAV))
        self.generated[src_uri] = what

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        plugin = self._archive(config)
        archive, render, groups = plugin.archive, plugin.renderer.render, self.groups
        src = page.file.src_uri
        if src in self.generated:
            kind, key = self.generated[src]
            if kind == "tag":
                entries, events = groups.tags[key], groups.tag_events[key]
                extra = trusted(render("sca/film-events.html", events=events, page_url=page.url, label=label)) if events else ""
                return html + render("sca/tag.html", entries=entries, listing=trusted(plugin.render_list(entries, page)),
                                     events=extra)
            if kind == "film":
                entries, events, clips = groups.films[key], groups.film_events[key], groups.film_clips[key]
                listing = trusted(plugin.render_list(entries, page)) if entries else None
                extra = [trusted(render("sca/film-events.html", events=events, page_url=page.url, label=label))] if events else []
                if clips:
                    extra.append(trusted(render("sca/film-clips.html", clips=clips, page_url=page.url, label=label,
                                                short=timecode.short, fragment=timecode.fragment)))
                return html + render("sca/film.html", film=archive.films[key], listing=listing, extra=extra, label=label)
            listed = groups.people[key]
            sections = []
            for role, zh, en in (("author", "文章", "Writing"), ("translator", "翻译", "Translations")):
                chosen = [x.bundle for x in listed if x.role == role]
                if chosen:
                    sections.append((role, zh, en, trusted(plugin.render_list(chosen, page))))
            return html + render("sca/person.html", person=archive.authors[key], sections=sections)
        if src == "tags/index.md":
            tags = sorted(((t, len(groups.tags[t.id])) for t in archive.tags.values()), key=lambda x: (-x[1], x[0].id))
            return html + render("sca/tag-index.html", tags=tags, page_url=page.url)
        if src == "films/index.md":
            films = sorted(((f, len(groups.films[f.id])) for f in archive.films.values()), key=lambda x: (x[0].year, x[0].id))
            return html + render("sca/film-index.html", films=films, page_url=page.url)
        if src == "authors/index.md":
            people = sorted(((p, len(groups.people[p.id])) for p in archive.authors.values()), key=lambda x: x[0].id)
            return html + render("sca/person-index.html", people=people, page_url=page.url)
        return None

    @event_priority(45)  # after the archive plugin (50) has merged each essay's languages
    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        plugin = self._archive(config)
        related = indexes.related(plugin.archive, plugin.serving, self.config.related)
        for essay in plugin.archive.published(plugin.serving):
            chosen = related.get(essay.url)
            page = plugin.bundles.get(essay.url, (None, {}))[1].get(essay.original)
            if not chosen or page is None or page.page is None or page.page.content is None:
                continue  # (None: a --dirty rebuild that leaves this page as it was)
            page = page.page
            block = plugin.renderer.render("sca/related.html", label=label,
                                           listing=trusted(plugin.render_list(chosen, page, compact=True)))
            end = page.content.rindex("</article>")
            page.content = page.content[:end] + block + page.content[end:]
        return env

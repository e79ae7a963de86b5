/* Passages of an essay (slowcinema/essays/passages.py gives each row its anchor): a control beside
   each, one Tab stop for them all, copies the passage's link or its citation; a cited passage is
   marked; an old link whose passage changed lands on its section with a notice; the reader's place
   is kept in this browser only, and offered once on return; a reading-progress line; printing opens
   the citation at the foot and gives each passage its short link. */
(function () {
  "use strict";
  var PASSAGE = /^p-(?:[0-9a-f]{6}|n[0-9]+)$/;  // kept in step with passages.py
  var PLACE = "sca-place:";
  var root = document.documentElement;
  var T = {
    en: { control: "Paragraph #: link and citation", link: "Copy link", cite: "Copy citation", copied: "Copied",
      failed: "Copy it by hand: ", changed: "The passage this link pointed to has changed since; here is its section.",
      back: "Go back to where you stopped?", go: "Go back", forget: "Forget my place", para: "para. " },
    zh: { control: "第#段：链接与引用", link: "复制链接", cite: "复制引用", copied: "已复制", failed: "请手动复制：",
      changed: "此链接所指的段落已有改动，这里是它所在的一节。", back: "回到上次读到的地方？", go: "回去", forget: "不再记住" },
    "zh-Hant": { control: "第#段：連結與引用", link: "複製連結", cite: "複製引用", copied: "已複製", failed: "請手動複製：",
      changed: "此連結所指的段落已有改動，這裡是它所在的一節。", back: "回到上次讀到的地方？", go: "回去", forget: "不再記住" }
  };
  T.both = T.zh;

  function mode() { return root.getAttribute("data-sca-mode") || "both"; }
  function t(key) { return (T[mode()] || T.zh)[key] || T.en[key]; }
  function essay() { return document.querySelector(".sca-essay"); }
  function rows() {
    var e = essay();
    if (!e) { return []; }
    return Array.prototype.filter.call(e.querySelectorAll(".sca-body > .sca-row[id]"), function (r) { return PASSAGE.test(r.id); });
  }
  function number(row) { return rows().indexOf(row) + 1; }
  // The section a row is in: the nearest heading row before it (null in the opening).
  function section(row) {
    for (var r = row && row.previousElementSibling; r; r = r.previousElementSibling) {
      if (r.id && !PASSAGE.test(r.id)) { return r; }
    }
    return null;
  }
  function visibleCell(row, tag) {
    var cells = row.querySelectorAll(":scope > [lang]");
    for (var i = 0; i < cells.length; i++) {
      if ((!tag || cells[i].getAttribute("lang") === tag) && cells[i].offsetParent !== null) { return cells[i]; }
    }
    return null;
  }
  function original(row) {
    var tag = { zh: "zh-Hans", en: "en" }[essay().getAttribute("data-sca-original")];
    return row.querySelector(':scope > [lang="' + tag + '"]') || row.querySelector(":scope > [lang]");
  }
  function words(cell) { return cell ? cell.textContent.replace(/¶/g, "").replace(/\s+/g, " ").trim() : ""; }

  // -- the link ------------------------------------------------------------------------------------
  function link(row) {
    var url = new URL(location.pathname, location.origin);
    url.searchParams.set("lang", mode());
    var s = section(row);
    if (s) { url.searchParams.set("s", s.id); }
    var shown = visibleCell(row) || original(row);
    var text = words(shown);
    // A text fragment: the first words, cut at a word boundary (at a character for Chinese).
    var start = /[\u3400-\u9fff]/.test(text.slice(0, 20)) ? text.slice(0, 16) : text.split(" ").slice(0, 6).join(" ");
    start = start.replace(/[\s,.;:!?，。；：！？、]+$/, "");
    var hash = "#" + row.id;
    if (start && document.fragmentDirective !== undefined) { hash += ":~:text=" + encodeURIComponent(start).replace(/-/g, "%2D"); }
    return url.href + hash;
  }

  // -- the citation (templates beside the page, passages.json, fetched when the reader asks) --------
  var templates = null;
  function citation(row) {
    var get = templates || fetch(new URL("passages.json", location.href).href).then(function (r) {
      if (!r.ok) { throw new Error(r.status); }
      return r.json();
    });
    templates = get;
    return get.then(function (all) {
      var tags = mode() === "both" ? ["zh-Hans", "en"] : [{ zh: "zh-Hans", "zh-Hant": "zh-Hant", en: "en" }[mode()]];
      var n = String(number(row));
      var out = [];
      tags.forEach(function (tag) {
        var c = all[tag];
        if (!c) { return; }
        var cell = row.querySelector(':scope > [lang="' + tag + '"]');
        var quote = words(cell);
        var fill = function (s) { return s.split("SCAPASSAGE").join(row.id).split("SCAPARA").join(n); };
        out.push({ text: (quote ? "“" + quote + "”\n" : "") + fill(c.text), bibtex: fill(c.bibtex), csl: JSON.parse(fill(c.csl)) });
      });
      return out;
    });
  }
  function asText(list, key) {
    if (key === "csl") { return JSON.stringify(list.reduce(function (a, c) { return a.concat(c.csl); }, []), null, 1); }
    return list.map(function (c) { return c[key]; }).join("\n\n");
  }

  // -- the control of each passage -----------------------------------------------------------------
  /* Each passage row gets a <button>, made here (not in each row's HTML: the page stays light).
     A roving tab stop: one control is in the Tab order (the first, the cited or the last used; the
     others tabindex -1), so Tab crosses an essay in one step, and from it the arrows (Home, End)
     move along the passages. A screen reader meets each control after its paragraph, named with its
     number in the reading language (no lang attribute: a row's [lang] children are its cells). Rows
     take no focus. A control shows on its row's hover or focus (passages.css); one menu, moved. */
  var menu = null;
  var SHOWS = { zh: '[lang="zh-Hans"]', "zh-Hant": '[lang="zh-Hant"]', en: '[lang="en"]', both: '[lang="zh-Hans"], :scope > [lang="en"]' };
  function toggleOf(row) { return row.querySelector(":scope > .sca-passage > .sca-passage-toggle"); }
  function toggles() {  // the controls of the passages that have something to read in this mode
    return rows().map(toggleOf).filter(function (b) { return b && !b.hidden; });
  }
  function rowOf(el) {
    var row = el && el.closest && el.closest(".sca-essay .sca-body > .sca-row[id]");
    return row && PASSAGE.test(row.id) ? row : null;
  }
  function stop(button) {  // the one control in the Tab order
    if (!button) { return; }
    rows().forEach(function (r) { var b = toggleOf(r); if (b) { b.tabIndex = b === button ? 0 : -1; } });
  }
  function controls() {
    var first = null, kept = null;
    rows().forEach(function (row, i) {
      var button = toggleOf(row);
      if (!button) {
        var holder = document.createElement("div");
        holder.className = "sca-passage";
        button = document.createElement("button");
        button.type = "button";
        button.className = "sca-passage-toggle";
        button.setAttribute("aria-expanded", "false");
        button.tabIndex = -1;
        button.textContent = "¶";
        holder.appendChild(button);
        row.appendChild(holder);
      }
      button.setAttribute("aria-label", t("control").replace("#", i + 1));
      // A paragraph of one language only has nothing to read in the other's mode: no control there.
      button.hidden = !row.querySelector(":scope > " + SHOWS[mode()]);
      if (!button.hidden) {
        first = first || button;
        if (button.tabIndex === 0) { kept = button; }
      }
    });
    stop(kept || first);
    if (menu) { labelMenu(); }
  }
  function labelMenu() {
    menu.querySelector('[data-sca-passage="link"]').textContent = t("link");
    menu.querySelector('[data-sca-passage="text"]').textContent = t("cite");
  }
  function opener() { return menu && !menu.hidden ? menu.parentNode.querySelector(".sca-passage-toggle") : null; }
  function close() {
    var button = opener();
    if (!button) { return; }
    button.setAttribute("aria-expanded", "false");
    button.removeAttribute("aria-controls");
    menu.hidden = true;
  }
  function open(button) {
    close();
    if (!menu) {
      menu = document.createElement("div");
      menu.className = "sca-passage-menu";
      menu.id = "sca-passage-menu";
      menu.innerHTML = '<button type="button" data-sca-passage="link"></button>' +
        '<button type="button" data-sca-passage="text"></button><button type="button" data-sca-passage="bibtex">BibTeX</button>' +
        '<button type="button" data-sca-passage="csl">CSL-JSON</button><span class="sca-passage-status" role="status"></span>';
    }
    labelMenu();
    say("");
    button.parentNode.appendChild(menu);
    menu.hidden = false;
    button.setAttribute("aria-expanded", "true");
    button.setAttribute("aria-controls", menu.id);
  }
  // Moving along the passages by keyboard: the control focused, its paragraph brought into view.
  function go(button) {
    close();
    stop(button);
    button.focus({ preventScroll: true });
    var row = rowOf(button), top = row.getBoundingClientRect().top;
    if (top < parseFloat(getComputedStyle(row).scrollMarginTop) - 1 || top > innerHeight * 0.75) { row.scrollIntoView({ block: "start" }); }
  }

  function say(text) { menu.querySelector(".sca-passage-status").textContent = text; }
  function copy(text) {
    if (!navigator.clipboard || !navigator.clipboard.writeText) { say(t("failed") + text); return; }
    navigator.clipboard.writeText(text).then(function () { say(t("copied")); }, function () { say(t("failed") + text); });
  }
  document.addEventListener("click", function (ev) {
    var holder = ev.target.closest && ev.target.closest(".sca-essay .sca-passage");
    var button = holder && ev.target.closest("button");
    if (!button) {
      if (!holder) {
        close();
        // A phone has no hover: a tap on a passage shows its control (passages.css), until another is tapped
        // (Chromium holds :hover on a tapped element; Safari on iOS only on those it takes for clickable).
        var tapped = ev.target.closest && ev.target.closest(".sca-essay .sca-body > .sca-row[id]");
        document.querySelectorAll(".sca-row.sca-tapped").forEach(function (r) { if (r !== tapped) { r.classList.remove("sca-tapped"); } });
        if (tapped) { tapped.classList.add("sca-tapped"); }
      }
      return;
    }
    var row = rowOf(holder);
    if (button.classList.contains("sca-passage-toggle")) {
      if (button.getAttribute("aria-expanded") === "true") { close(); } else { open(button); }
      return;
    }
    var what = button.getAttribute("data-sca-passage");
    if (what === "link") { copy(link(row)); return; }
    citation(row).then(function (list) { copy(asText(list, what)); }, function () { say(t("failed")); });
  });
  document.addEventListener("focusin", function (ev) {
    if (ev.target.classList && ev.target.classList.contains("sca-passage-toggle")) { stop(ev.target); }
    if (menu && !menu.hidden && !menu.parentNode.contains(ev.target)) { close(); }  // the reader has moved on
  });
  document.addEventListener("keydown", function (ev) {
    var button = opener();
    if (ev.key === "Escape" && button && menu.parentNode.contains(document.activeElement)) { close(); button.focus(); return; }
    button = ev.target.classList && ev.target.classList.contains("sca-passage-toggle") ? ev.target : null;
    if (!button || ev.altKey || ev.ctrlKey || ev.metaKey || ev.shiftKey) { return; }
    var list = toggles(), i = list.indexOf(button);
    var to = { ArrowDown: i + 1, ArrowUp: i - 1, Home: 0, End: list.length - 1 }[ev.key];
    if (i < 0 || to === undefined) { return; }
    ev.preventDefault();
    go(list[Math.max(0, Math.min(list.length - 1, to))]);
  });
  // The reading mode switched (sca.js): the controls' names follow, and show where there is text.
  if (window.MutationObserver) {
    new MutationObserver(function () { if (essay()) { controls(); } }).observe(root, { attributes: true, attributeFilter: ["data-sca-mode"] });
  }

  // -- arriving: the cited passage is marked; a changed one lands on its section, with a notice ----
  function notice(text, buttons) {
    var old = document.querySelector(".sca-notice");
    if (old) { old.remove(); }
    var n = document.createElement("div");
    n.className = "sca-notice";
    n.setAttribute("role", "status");
    var p = document.createElement("p");
    p.textContent = text;
    n.appendChild(p);
    (buttons || []).forEach(function (b) {
      var el = document.createElement("button");
      el.type = "button";
      el.textContent = b[0];
      el.addEventListener("click", function () { n.remove(); b[1](); });
      n.appendChild(el);
    });
    var e = essay();
    e.insertBefore(n, e.querySelector(".sca-body"));
    return n;
  }
  function arrive() {
    var marked = document.querySelectorAll(".sca-row.sca-cited");
    for (var i = 0; i < marked.length; i++) { marked[i].classList.remove("sca-cited"); }
    var hash = location.hash ? decodeURIComponent(location.hash.slice(1)) : "";
    if (!essay() || !PASSAGE.test(hash)) { return false; }
    var row = document.getElementById(hash);
    if (row) {
      row.classList.add("sca-cited");
      stop(toggleOf(row));
      row.scrollIntoView({ block: "start" });
      return true;
    }
    var s = new URLSearchParams(location.search).get("s");
    var target = s && document.getElementById(s);
    var n = notice(t("changed"));
    (target || n).scrollIntoView({ block: "start" });
    if (target) { target.classList.add("sca-cited"); }
    return true;
  }

  // -- the reader's place, in this browser only (localStorage: no cookie, no request) ---------------
  function key() { return PLACE + location.pathname; }
  function current() {
    var list = rows();
    for (var i = 0; i < list.length; i++) {
      if (list[i].getBoundingClientRect().bottom > 80) { return i > 0 || window.scrollY > 200 ? list[i] : null; }
    }
    return null;
  }
  var saving = null;
  function remember() {
    saving = null;
    var row = current();
    try {
      if (row) { localStorage.setItem(key(), row.id); } else { localStorage.removeItem(key()); }
    } catch (e) { /* private mode */ }
  }
  function offer() {
    var id = null;
    try { id = localStorage.getItem(key()); } catch (e) { return; }
    var row = id && document.getElementById(id);
    if (!row) { return; }
    notice(t("back"), [[t("go"), function () { row.scrollIntoView({ block: "start" }); row.classList.add("sca-cited"); stop(toggleOf(row)); }],
      [t("forget"), function () { try { localStorage.removeItem(key()); } catch (e) { /* private mode */ } }]]);
  }

  // -- reading progress: a line for the eye only ---------------------------------------------------
  var line = null;
  function progress() {
    var e = essay();
    if (!e) { if (line) { line.remove(); line = null; } return; }
    if (!line || !line.isConnected) {
      line = document.createElement("div");
      line.className = "sca-progress";
      line.setAttribute("aria-hidden", "true");
      document.body.appendChild(line);
    }
    var box = e.getBoundingClientRect();
    var done = Math.min(1, Math.max(0, -box.top / Math.max(1, box.height - window.innerHeight)));
    line.style.transform = "scaleX(" + done.toFixed(3) + ")";
  }
  window.addEventListener("scroll", function () {
    progress();
    if (essay() && !saving) { saving = setTimeout(remember, 400); }
  }, { passive: true });

  // -- printing: the citation at the foot, open, and each passage's short link ----------------------
  /* A link to type from paper (printed by passages.css): the canonical address (site_url), else
     the page's, without its scheme, and the anchor; the anchor alone without this script. */
  function shortLinks() {
    var e = essay(), canonical = document.querySelector('link[rel="canonical"]');
    if (!e) { return; }
    var url = new URL(canonical && canonical.href || location.href), path = url.pathname.replace(/index\.html$/, "");
    try { path = decodeURI(path); } catch (err) { /* keep it encoded */ }
    e.style.setProperty("--sca-passage-address", JSON.stringify(url.host + path));  // CSSOM: allowed by the CSP
  }
  window.addEventListener("beforeprint", function () {
    shortLinks();
    var cite = document.querySelector(".sca-essay details.sca-cite");
    if (cite && !cite.open) { cite.open = true; cite.setAttribute("data-sca-print-opened", ""); }
  });
  window.addEventListener("afterprint", function () {
    var cite = document.querySelector("[data-sca-print-opened]");
    if (cite) { cite.open = false; cite.removeAttribute("data-sca-print-opened"); }
  });

  function onPage() {
    if (!essay()) { progress(); return; }
    controls();
    shortLinks();
    if (!arrive()) { offer(); }
    progress();
  }
  window.addEventListener("hashchange", arrive);
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(onPage);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onPage);
  } else {
    onPage();
  }
})();

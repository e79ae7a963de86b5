/* Slow Cinema Archive: the reading switch. The mode itself is set before the first paint by the
   small script in <head> (overrides/main.html); this file wires the switch and keeps the mode across
   Material's instant navigation. */
(function () {
  "use strict";
  var KEY = "sca-mode";
  var MODES = ["zh", "zh-Hant", "en", "both"];
  var root = document.documentElement;

  function current() { return root.getAttribute("data-sca-mode") || "both"; }

  function fromUrl() {
    var q = new URLSearchParams(location.search).get("lang");
    return MODES.indexOf(q) >= 0 ? q : null;
  }

  function apply(mode, remember) {
    root.setAttribute("data-sca-mode", mode);
    if (remember) { try { localStorage.setItem(KEY, mode); } catch (e) { /* private mode */ } }
    var buttons = document.querySelectorAll(".sca-switch [data-sca-mode]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", String(buttons[i].getAttribute("data-sca-mode") === mode));
    }
    // Keep a ?lang= link shareable: it always says the mode in use.
    if (fromUrl() && fromUrl() !== mode) {
      var url = new URL(location.href);
      url.searchParams.set("lang", mode);
      history.replaceState(history.state, "", url);
    }
    interfaceIn(mode);
    var status = document.getElementById("sca-switch-status");
    if (status) { status.textContent = (document.querySelector('.sca-switch [data-sca-mode="' + mode + '"]') || {}).title || ""; }
  }

  /* --- The interface in the reading mode. Visible chrome text is switched by CSS (spans made by
     slowcinema/languages/interface.py); what CSS cannot switch is switched here: texts of attributes
     (placeholders, tooltips, accessible names), what shows only with script (the skip link, the
     back-to-top button), and the search's messages, which
     Material writes from its Simplified `translations`. Each entry: the Simplified text as the theme
     writes it -> [中文, 繁體, English]; 对照 shows the first and the last, or the text as written. */
  var UI = {
    "搜索": ["搜索", "搜尋", "Search"], "查找": ["搜索", "搜尋", "Search"], "搜索 Search": ["搜索", "搜尋", "Search"],
    "清空当前内容": ["清空", "清除", "Clear"], "分享": ["分享", "分享", "Share"], "页眉": ["页眉", "頁首", "Header"],
    "导航栏": ["导航", "導覽", "Navigation"], "目录": ["目录", "目錄", "Contents"],
    "复制": ["复制", "複製", "Copy"], "已复制": ["已复制", "已複製", "Copied"],
    "切换到深色 Dark mode": ["切换到深色", "切換到深色", "Dark mode"],
    "切换到浅色 Light mode": ["切换到浅色", "切換到淺色", "Light mode"],
    "慢电影档案 · Slow Cinema Archive": ["慢电影档案", "慢電影檔案", "Slow Cinema Archive"],
    "阅读模式 Reading mode": ["阅读模式", "閱讀模式", "Reading mode"],
    "链接到本节 Link to this section": ["链接到本节", "連結到本節", "Link to this section"],
    "跳转至": ["跳转到正文", "跳轉到正文", "Skip to content"], "回到页面顶部": ["回到顶部", "回到頂部", "Back to top"],
    "正在初始化搜索引擎": ["正在准备搜索", "正在準備搜尋", "Preparing search"],
    "键入以开始搜索": ["输入以开始搜索", "輸入以開始搜尋", "Type to start searching"],
    "没有找到符合条件的结果": ["没有找到符合条件的结果", "沒有找到符合條件的結果", "No matching pages"],
    "找到 1 个符合条件的结果": ["找到 1 个结果", "找到 1 個結果", "1 matching page"],
    "# 个符合条件的结果": ["找到 # 个结果", "找到 # 個結果", "# matching pages"],
    "在该页上还有 1 个符合条件的结果": ["本页还有 1 个结果", "本頁還有 1 個結果", "1 more on this page"],
    "在该页上还有 # 个符合条件的结果": ["本页还有 # 个结果", "本頁還有 # 個結果", "# more on this page"],
    "缺少": ["缺少", "缺少", "Missing"]
  };
  var UI_ATTRS = ["placeholder", "aria-label", "title"];
  var UI_TEXTS = ".md-skip, .md-top, .md-search-result__meta, .md-search-result__more summary > div";

  function uiSay(text, mode) {  // `text` in `mode`, or null when it is not the theme's
    var n = (/\d+/.exec(text) || [""])[0], entry = UI[text] || UI[text.replace(/\d+/, "#")];
    if (!entry) { return null; }
    var i = { "zh": 0, "zh-Hant": 1, "en": 2 }[mode];
    var out = i !== undefined ? entry[i] : /[A-Za-z]/.test(text) ? text : entry[0] + " · " + entry[2];
    return out.split("#").join(n);
  }

  // The text as the theme wrote it (remembered), then its form in `mode`.
  function uiSwitch(el, key, now, mode, set) {
    var memo = el.scaUi || (el.scaUi = {});
    if (memo[key] === undefined || now !== memo[key + ":shown"]) {
      if (uiSay(now, "zh") === null) { return; }
      memo[key] = now;
    }
    var out = uiSay(memo[key], mode);
    memo[key + ":shown"] = out;
    if (out !== now) { set(out); }
  }

  function interfaceIn(mode) {
    // The header bar's title once the page has scrolled past its heading: a bundle's title in the mode
    // (its heading holds one per language; the theme writes the page's Chinese title there).
    var topic = document.querySelector('[data-md-component="header-topic"] .md-ellipsis');
    var heading = document.querySelector(".sca-head h1");
    var title = heading && (heading.querySelector('[lang="' + ({ zh: "zh-Hans", both: "zh-Hans" }[mode] || mode) + '"]') ||
                            heading.querySelector("[lang]"));
    if (topic && title) { topic.textContent = title.textContent; }
    tabTitleIn(mode);
    var els = document.querySelectorAll("[placeholder], [aria-label], [title]");
    for (var i = 0; i < els.length; i++) {
      UI_ATTRS.forEach(function (attr) {
        var el = els[i];
        if (el.hasAttribute(attr)) { uiSwitch(el, attr, el.getAttribute(attr), mode, function (v) { el.setAttribute(attr, v); }); }
      });
    }
    var texts = document.querySelectorAll(UI_TEXTS);
    for (var j = 0; j < texts.length; j++) {
      (function (el) {
        uiSwitch(el, "text", el.textContent.trim(), mode, function (v) {
          var last = el.lastChild;  // the text after an icon (.md-top), or the only text
          while (last && last.nodeType === 3 && !last.data.trim() && last.previousSibling) { last = last.previousSibling; }
          if (last && last.nodeType === 3) { last.data = v; } else { el.textContent = v; }
        });
      })(texts[j]);
    }
  }

  // The tab's title in the mode. <title> is written in Chinese and English ("长镜头 · Long take - 慢电影档案 · Slow
  // Cinema Archive"), as 对照 keeps it; the other modes take the page's title and the site's name as the header
  // shows them (spans made by slowcinema/languages/interface.py, or the heading's title set above).
  var writtenTitle = document.title;
  function tabTitleIn(mode) {
    var pick = { en: ':scope>[lang="en"]', "zh-Hant": ':scope>[lang="zh-Hant"],:scope>:not([lang])' }[mode] || ":scope>:not([lang])";
    // The site's name, then the page's title.
    var t = [].map.call(document.querySelectorAll(".md-header__topic .md-ellipsis"), function (el) {
      return (el.querySelector(pick) || el).textContent.trim();
    });
    document.title = mode === "both" || !t[0] ? writtenTitle
      : writtenTitle.indexOf(" - ") < 0 || !t[1] || t[1] === t[0] ? t[0] : t[1] + " - " + t[0];
  }

  var results = document.querySelector(".md-search-result");
  if (results && window.MutationObserver) {  // Material rewrites its messages at every search
    new MutationObserver(function () { interfaceIn(current()); })
      .observe(results, { childList: true, subtree: true, characterData: true });
  }

  // The modes of an essay's cell, which carries only its lang (as show_in() in languages.py).
  var CELL_MODES = { "zh-Hans": ["zh", "both"], "zh-Hant": ["zh-Hant"], "en": ["en", "both"] };
  // ... and of a label without data-sca-show (as LABEL_MODES in languages/codes.py): an element of
  // class "sca-l", or with a lang where an essay's frame puts its labels (as in sca.css).
  var LABEL_MODES = { "zh-Hans": ["zh", "both"], "zh-Hant": ["zh-Hant"], "en": ["en"] };
  var LABELS = ".sca-l[lang], .sca-head h1 > [lang], .sca-byline[lang], .sca-films > [lang], .sca-films > a > [lang], " +
    ".sca-tags a > [lang], .sca-cite > [lang], .sca-cite > summary > [lang], .sca-related > h2 > [lang], .sca-entries > li > a > [lang]";
  // ... except an entry's own texts (as TEXT_MODES in languages/codes.py), shown as an essay's cells are.
  var TEXTS = ".sca-head h1 > [lang], .sca-byline[lang], .sca-cite > [lang], .sca-entries > li > a > [lang], .sca-entry-summary[lang]";

  // The mode that shows an element: a search result or a shared #anchor must land on visible text.
  function modeShowing(el) {
    var holder = el && el.closest && el.closest("[data-sca-show], .sca-row > [lang], " + LABELS);
    if (!holder) { return null; }
    var modes = holder.hasAttribute("data-sca-show") ? holder.getAttribute("data-sca-show").split(" ")
      : (holder.matches(LABELS) && !holder.matches(TEXTS) ? LABEL_MODES : CELL_MODES)[holder.getAttribute("lang")] || [];
    return !modes.length || modes.indexOf(current()) >= 0 ? null : modes[0];
  }

  function onPage() {
    writtenTitle = document.title;  // the theme sets each page's own (instant navigation)
    var q = fromUrl();
    if (q) { apply(q, true); return; }
    var mode = null;
    if (location.hash) {
      try { mode = modeShowing(document.getElementById(decodeURIComponent(location.hash.slice(1)))); } catch (e) { mode = null; }
    }
    // Arriving from search (Material adds ?h=terms): a Chinese query reads Chinese, a Latin one English.
    var h = new URLSearchParams(location.search).get("h");
    if (!mode && h && document.querySelector(".sca-essay")) {
      var wanted = /[\u3400-\u9fff]/.test(h) ? (current() === "zh-Hant" ? "zh-Hant" : "zh") : "en";
      if (current() !== "both" && current() !== wanted) { mode = wanted; }
    }
    apply(mode || current(), false);
    if (mode && location.hash) {
      var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
      if (target) { target.scrollIntoView(); }
    }
  }

  document.addEventListener("click", function (ev) {
    var el = ev.target.closest && ev.target.closest("[data-sca-mode-link], .sca-switch [data-sca-mode]");
    if (!el) { return; }
    ev.preventDefault();
    apply(el.getAttribute("data-sca-mode-link") || el.getAttribute("data-sca-mode"), true);
  });

  // Copy a citation (the element after the copy button's line, templates/sca/cite.html) to the clipboard,
  // or the file its line's download link names (a whole entry's BibTeX or CSL-JSON beside the page).
  document.addEventListener("click", function (ev) {
    var button = ev.target.closest && ev.target.closest(".sca-cite > [lang] > p > button");
    if (!button) { return; }
    var source = button.parentNode.nextElementSibling, link = button.previousElementSibling;
    var status = document.querySelector(".sca-cite-status");
    var mode = current();
    function say(ok) {
      button.setAttribute("data-sca-copied", String(ok));  // seen on the button itself (journal.css)
      setTimeout(function () { button.removeAttribute("data-sca-copied"); }, 4000);
      if (!status) { return; }
      status.textContent = mode === "en" ? (ok ? "Copied" : "Select the text to copy it") :
        mode === "zh-Hant" ? (ok ? "已複製" : "請選取文字複製") : (ok ? "已复制" : "请选取文字复制");
    }
    var file = link && link.hasAttribute("download") && link.getAttribute("href");
    if (!navigator.clipboard || !navigator.clipboard.writeText) {
      say(false);
    } else if (file) {  // BibTeX or CSL-JSON beside the page: fetched now that the reader asks
      fetch(new URL(file, document.baseURI).href).then(function (r) {
        if (!r.ok) { throw new Error(r.status); }
        return r.text();
      }).then(function (text) { return navigator.clipboard.writeText(text.trim()); })
        .then(function () { say(true); }, function () { say(false); });
    } else if (source && source.hasAttribute("data-sca-cite")) {
      navigator.clipboard.writeText(source.textContent.trim()).then(function () { say(true); }, function () { say(false); });
    } else {
      say(false);
    }
  });

  // One key press: "l" cycles the reading modes (not while typing).
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "l" || ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    var t = ev.target;
    if (t && (t.isContentEditable || /^(input|textarea|select)$/i.test(t.tagName))) { return; }
    apply(MODES[(MODES.indexOf(current()) + 1) % MODES.length], true);
  });

  // Highlight the counterpart of the paragraph under the pointer in the parallel mode (also CSS :hover).
  document.addEventListener("focusin", function (ev) {
    var row = ev.target.closest && ev.target.closest(".sca-row");
    var hot = document.querySelectorAll(".sca-row.sca-hot");
    for (var i = 0; i < hot.length; i++) { hot[i].classList.remove("sca-hot"); }
    if (row) { row.classList.add("sca-hot"); }
  });

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(onPage);  // Material's instant navigation: runs on every page
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onPage);
  } else {
    onPage();
  }
})();

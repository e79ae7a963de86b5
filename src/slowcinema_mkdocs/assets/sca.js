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
    var status = document.getElementById("sca-switch-status");
    if (status) { status.textContent = (document.querySelector('.sca-switch [data-sca-mode="' + mode + '"]') || {}).title || ""; }
  }

  // The modes of an essay's cell, which carries only its lang (as show_in() in languages.py).
  var CELL_MODES = { "zh-Hans": ["zh", "both"], "zh-Hant": ["zh-Hant"], "en": ["en", "both"] };

  // The mode that shows an element: a search result or a shared #anchor must land on visible text.
  function modeShowing(el) {
    var holder = el && el.closest && el.closest("[data-sca-show], .sca-row > [lang]");
    if (!holder) { return null; }
    var modes = holder.hasAttribute("data-sca-show") ? holder.getAttribute("data-sca-show").split(" ")
      : CELL_MODES[holder.getAttribute("lang")] || [];
    return !modes.length || modes.indexOf(current()) >= 0 ? null : modes[0];
  }

  function onPage() {
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

  // Copy a citation (the element after the copy button's line, templates/sca/cite.html) to the clipboard.
  document.addEventListener("click", function (ev) {
    var button = ev.target.closest && ev.target.closest(".sca-cite .sca-copy");
    if (!button) { return; }
    var source = button.parentNode.nextElementSibling;
    var status = document.querySelector(".sca-cite-status");
    var mode = current();
    function say(ok) {
      if (!status) { return; }
      status.textContent = mode === "en" ? (ok ? "Copied" : "Select the text to copy it") :
        mode === "zh-Hant" ? (ok ? "已複製" : "請選取文字複製") : (ok ? "已复制" : "请选取文字复制");
    }
    var file = button.getAttribute("data-sca-fetch");
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

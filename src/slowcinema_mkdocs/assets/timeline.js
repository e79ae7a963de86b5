/* Slow Cinema Archive: filters of the timeline page by kind and tag, kept in the URL
   (?kind=film&tag=long-take) so a filtered view can be shared. Without this script the filter
   buttons stay hidden (timeline.css) and the whole list shows. */
(function () {
  "use strict";

  function setup() {
    var root = document.querySelector(".sca-tl[data-sca-timeline]");
    if (!root || root.getAttribute("data-tl-ready")) { return; }
    root.setAttribute("data-tl-ready", "1");
    var items = root.querySelectorAll(".sca-tl-items > li");
    var years = root.querySelectorAll("section.sca-tl-year");
    var decades = root.querySelectorAll("section.sca-tl-decade");
    var status = root.querySelector(".sca-tl-status");
    var empty = root.querySelector(".sca-tl-empty");
    var total = items.length;
    var kinds = {}, tags = {};
    root.querySelectorAll("[data-tl-kind]").forEach(function (b) { kinds[b.getAttribute("data-tl-kind")] = b; });
    root.querySelectorAll("[data-tl-tag]").forEach(function (b) { tags[b.getAttribute("data-tl-tag")] = b; });

    function wanted() {
      var q = new URLSearchParams(location.search);
      var k = q.get("kind") || "", t = q.get("tag") || "";
      return { kind: kinds[k] ? k : "", tag: tags[t] ? t : "" };
    }

    function apply(f) {
      var shown = 0, i;
      for (i = 0; i < items.length; i++) {
        var el = items[i];
        var ok = (!f.kind || el.getAttribute("data-kind") === f.kind) &&
                 (!f.tag || (" " + el.getAttribute("data-tags") + " ").indexOf(" " + f.tag + " ") >= 0);
        if (el.hidden === ok) { el.hidden = !ok; }
        if (ok) { shown++; }
      }
      for (i = 0; i < years.length; i++) { years[i].hidden = !years[i].querySelector(".sca-tl-items > li:not([hidden])"); }
      for (i = 0; i < decades.length; i++) { decades[i].hidden = !decades[i].querySelector("section.sca-tl-year:not([hidden])"); }
      Object.keys(kinds).forEach(function (k) { kinds[k].setAttribute("aria-pressed", String(k === f.kind)); });
      Object.keys(tags).forEach(function (t) { tags[t].setAttribute("aria-pressed", String(t === f.tag)); });
      if (empty) { empty.hidden = shown > 0; }
      if (status) {
        status.textContent = "";
        [["zh-Hans", "zh both", "显示 " + shown + " / " + total + " 项"],
         ["zh-Hant", "zh-Hant", "顯示 " + shown + " / " + total + " 項"],
         ["en", "en both", " Showing " + shown + " of " + total]].forEach(function (t) {
          var span = document.createElement("span");
          span.className = "sca-l";
          span.lang = t[0];
          span.setAttribute("data-sca-show", t[1]);
          span.textContent = t[2];
          status.appendChild(span);
        });
      }
      root.setAttribute("data-tl-shown", String(shown));
    }

    function choose(change) {
      var f = wanted();
      for (var key in change) { f[key] = change[key]; }
      var url = new URL(location.href);
      ["kind", "tag"].forEach(function (key) {
        if (f[key]) { url.searchParams.set(key, f[key]); } else { url.searchParams.delete(key); }
      });
      history.replaceState(history.state, "", url);
      apply(f);
    }

    // Decade links jump within the page and keep the filters (Material would load the bare URL).
    var jump = root.querySelector(".sca-tl-jump");
    if (jump) {
      jump.addEventListener("click", function (ev) {
        var a = ev.target.closest && ev.target.closest("a[href*='#']");
        var target = a && document.getElementById(decodeURIComponent(a.href.split("#")[1]));
        if (!target) { return; }
        ev.preventDefault();
        ev.stopPropagation();
        var url = new URL(location.href);
        url.hash = target.id;
        history.pushState(history.state, "", url);
        target.setAttribute("tabindex", "-1");
        target.scrollIntoView();
        target.focus({ preventScroll: true });
      }, true);
    }

    root.addEventListener("click", function (ev) {
      var b = ev.target.closest && ev.target.closest("button[data-tl-kind], button[data-tl-tag]");
      if (!b) { return; }
      if (b.hasAttribute("data-tl-kind")) { choose({ kind: b.getAttribute("data-tl-kind") }); }
      else { choose({ tag: b.getAttribute("data-tl-tag") }); }
    });
    var f = wanted();
    apply(f);
    // The era legend and filters: open on wide screens, and wherever a filter is on (a shared URL).
    var tools = root.querySelector(".sca-tl-tools");
    if (tools && (f.kind || f.tag || window.matchMedia("(min-width: 45em)").matches)) { tools.open = true; }
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);  // Material's instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();

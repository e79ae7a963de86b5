/* Offline reading (slowcinema/web/offline.py writes the worker): "Save for offline" on an essay
   keeps it, or the whole archive once its size is shown. The worker is registered only when the
   reader asks, or has asked before (remembered in this browser): a first visit fetches nothing. */
(function () {
  "use strict";
  var KEY = "sca-offline";
  var root = document.documentElement;
  var T = {
    en: { title: "Offline", essay: "Save this essay for offline", all: "Save the whole archive…",
      size: function (n, b) { return n + " pages, " + b + " to download."; }, confirm: "Save them", saving: "Saving…",
      saved: "Saved: it opens without a connection.", failed: "Could not save: try again when online." },
    zh: { title: "离线阅读", essay: "保存此文以便离线阅读", all: "保存整个档案…",
      size: function (n, b) { return n + " 页，需下载 " + b + "。"; }, confirm: "保存", saving: "正在保存…",
      saved: "已保存：没有网络也能打开。", failed: "未能保存，请联网后再试。" },
    "zh-Hant": { title: "離線閱讀", essay: "儲存此文以便離線閱讀", all: "儲存整個檔案…",
      size: function (n, b) { return n + " 頁，需下載 " + b + "。"; }, confirm: "儲存", saving: "正在儲存…",
      saved: "已儲存：沒有網路也能打開。", failed: "未能儲存，請連網後再試。" }
  };
  function t(key) { return (T[root.getAttribute("data-sca-mode")] || T.zh)[key]; }

  function config() {
    try { return JSON.parse(document.getElementById("__config").textContent) || {}; } catch (e) { return {}; }
  }
  function base() {
    return new URL((config().base || ".").replace(/\/?$/, "/"), location.href).href;
  }
  // The page's search worker (search-loader.js), and the search itself, which it loads only at the first query
  // (its address as the worker names it).
  function searchEngine() {
    var worker = config().search;
    if (!worker) { return Promise.resolve([]); }
    var url = new URL(worker, location.href).href;
    return fetch(url).then(function (r) { return r.text(); }).then(function (text) {
      var m = /var ENGINE = "([^"]+)";/.exec(text);
      return m ? [url, new URL(m[1], url).href] : [url];
    }).catch(function () { return [url]; });
  }
  function size(bytes) {
    return bytes > 1048576 ? (bytes / 1048576).toFixed(1) + " MiB" : Math.max(1, Math.round(bytes / 1024)) + " KiB";
  }

  function register() {
    if (!("serviceWorker" in navigator)) { return Promise.reject(new Error("no service worker")); }
    if (!document.querySelector('link[rel="manifest"]')) {
      var link = document.createElement("link");
      link.rel = "manifest";
      link.href = base() + "manifest.webmanifest";
      document.head.appendChild(link);
    }
    return navigator.serviceWorker.register(base() + "sw.js", { scope: base() }).then(function () {
      return navigator.serviceWorker.ready;
    });
  }

  // Ask the worker to keep `urls` (pages, what the current page loaded, and the search).
  function save(urls) {
    return Promise.all([register(), searchEngine()]).then(function (got) {
      var reg = got[0];
      try { localStorage.setItem(KEY, "1"); } catch (e) { /* private mode */ }
      var here = performance.getEntriesByType("resource").map(function (r) { return r.name.split("#")[0]; })
        .filter(function (u) { return u.indexOf(base()) === 0; });
      return new Promise(function (resolve, reject) {
        var channel = new MessageChannel();
        channel.port1.onmessage = function (ev) { (ev.data && ev.data.ok ? resolve : reject)(ev.data); };
        reg.active.postMessage({ save: urls.concat(here, got[1]) }, [channel.port2]);
      });
    });
  }

  function panel() {
    var essay = document.querySelector(".sca-essay");
    if (!essay || essay.querySelector(".sca-offline")) { return; }
    var box = document.createElement("section");
    box.className = "sca-offline";
    box.setAttribute("aria-label", t("title"));
    var one = document.createElement("button");
    var all = document.createElement("button");
    var status = document.createElement("p");
    one.type = all.type = "button";
    one.textContent = t("essay");
    all.textContent = t("all");
    status.setAttribute("role", "status");
    status.className = "sca-offline-status";
    box.appendChild(one);
    box.appendChild(all);
    box.appendChild(status);
    function run(urls) {
      status.textContent = t("saving");
      save(urls).then(function () { status.textContent = t("saved"); }, function () { status.textContent = t("failed"); });
    }
    one.addEventListener("click", function () { run([location.href.split("#")[0].split("?")[0]]); });
    all.addEventListener("click", function () {
      // The size first, from the listing the build wrote; then the reader decides.
      fetch(base() + "offline.json").then(function (r) { return r.json(); }).then(function (list) {
        status.textContent = t("size")(list.pages.length, size(list.bytes));
        var go = document.createElement("button");
        go.type = "button";
        go.textContent = t("confirm");
        go.addEventListener("click", function () {
          go.remove();
          run(list.pages.map(function (p) { return base() + p; }));
        });
        status.appendChild(document.createTextNode(" "));
        status.appendChild(go);
      }, function () { status.textContent = t("failed"); });
    });
    var cite = essay.querySelector(".sca-cite");
    essay.insertBefore(box, cite ? cite.nextSibling : null);
  }

  function onPage() {
    var before = null;
    try { before = localStorage.getItem(KEY); } catch (e) { /* private mode */ }
    if (before && "serviceWorker" in navigator) { register().catch(function () {}); }
    panel();
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(onPage);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onPage);
  } else {
    onPage();
  }
})();

/* Manifestos: copy a principle's link, and mark the principle a link cites (also after Material's
   instant navigation, where :target does not follow the URL). */
(function () {
  "use strict";

  function citedPrinciple() {
    if (!location.hash) { return null; }
    var target;
    try { target = document.getElementById(decodeURIComponent(location.hash.slice(1))); } catch (e) { return null; }
    return target && target.closest ? target.closest(".sca-principle") : null;
  }

  function mark() {
    var old = document.querySelectorAll(".sca-principle.sca-cited");
    for (var i = 0; i < old.length; i++) { old[i].classList.remove("sca-cited"); }
    var p = citedPrinciple();
    if (p) {
      p.classList.add("sca-cited");
      p.scrollIntoView({ block: "start" });
    }
  }

  document.addEventListener("click", function (ev) {
    var button = ev.target.closest && ev.target.closest("[data-sca-copy]");
    if (!button) { return; }
    var url = location.origin + location.pathname + "#" + button.getAttribute("data-sca-copy");
    var status = document.querySelector(".sca-copy-status");
    function done(ok) {
      var mode = document.documentElement.getAttribute("data-sca-mode");
      var zh = mode === "zh-Hant" ? (ok ? "已複製連結" : "請手動複製：") : (ok ? "已复制链接" : "请手动复制：");
      if (status) { status.textContent = (mode === "en" ? (ok ? "Link copied" : "Copy it by hand: ") : zh) + (ok ? "" : url); }
      button.setAttribute("data-sca-copied", ok ? "true" : "false");
      setTimeout(function () { button.removeAttribute("data-sca-copied"); }, 4000);
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(url).then(function () { done(true); }, function () { done(false); });
    } else {
      done(false);
    }
  });

  window.addEventListener("hashchange", mark);
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(mark);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mark);
  } else {
    mark();
  }
})();

/* Slow Cinema Archive: clip notes that follow playback. No dependency, nothing loaded until the
   reader presses play. A local clip: the note being played is highlighted; choosing a note seeks
   there and updates the shareable #t= link; arrow keys step through the notes. An outside clip:
   the poster is a button that, when pressed, puts the provider's privacy-respecting player in its
   place, starting at the clip's start (or at the time of a shared #t= link). */
(function () {
  "use strict";

  function seconds(value) {  // media-fragment time: "12.5", "npt:12.5", "1:02.5", "0:01:02.5"
    if (!value) { return null; }
    var v = String(value).replace(/^npt:/, "").split(",")[0];
    if (!/^\d+(:\d+){0,2}(\.\d+)?$/.test(v)) { return null; }
    return v.split(":").reduce(function (acc, part) { return acc * 60 + parseFloat(part); }, 0);
  }

  function hashTime() {
    var m = /(?:^#|&)t=([^&]+)/.exec(location.hash);
    return m ? seconds(decodeURIComponent(m[1])) : null;
  }

  function setup(fig) {
    if (fig.getAttribute("data-sca-ready")) { return; }
    fig.setAttribute("data-sca-ready", "1");
    var video = fig.querySelector("video");
    var facade = fig.querySelector(".sca-facade");
    var items = Array.prototype.slice.call(fig.querySelectorAll(".sca-note"));
    var links = items.map(function (li) { return li.querySelector(".sca-note-link"); });
    var embedded = fig.classList.contains("sca-clip-embedded");
    var pending = null;  // a time to start at once the reader presses play

    function indexAt(t) {
      var found = -1;
      for (var i = 0; i < items.length; i++) {
        var start = parseFloat(items[i].getAttribute("data-sca-t"));
        var end = parseFloat(items[i].getAttribute("data-sca-end"));
        if (t >= start - 0.05 && t < end) { found = i; }
      }
      return found;
    }

    function highlight(t) {
      var current = indexAt(t);
      items.forEach(function (li, i) {
        var on = i === current;
        li.classList.toggle("sca-note-current", on);
        if (on) { links[i].setAttribute("aria-current", "true"); } else { links[i].removeAttribute("aria-current"); }
      });
      var list = fig.querySelector(".sca-notes");
      if (current >= 0 && list && list.scrollHeight > list.clientHeight) {
        var li = items[current];
        if (li.offsetTop < list.scrollTop || li.offsetTop + li.offsetHeight > list.scrollTop + list.clientHeight) {
          list.scrollTop = li.offsetTop - list.offsetTop - 8;
        }
      }
    }

    // A time chosen before the video has its metadata waits until it has (setting currentTime
    // on an unloaded video is lost when playback starts).
    function applyPending() {
      if (video && pending !== null && video.readyState >= 1) { var t = pending; pending = null; video.currentTime = t; }
    }

    function seek(t, play) {
      highlight(t);
      pending = t;
      if (video) {
        applyPending();
        if (play) { var p = video.play(); if (p && p.catch) { p.catch(function () {}); } }
      }
    }

    if (video) {
      video.addEventListener("timeupdate", function () { if (pending === null) { highlight(video.currentTime); } });
      video.addEventListener("seeked", function () { highlight(video.currentTime); });
      video.addEventListener("loadedmetadata", applyPending);
      video.addEventListener("play", applyPending);
      links.forEach(function (a, i) {
        a.addEventListener("click", function (ev) {
          if (ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button) { return; }  // open in a new tab, as asked
          ev.preventDefault();
          var t = parseFloat(items[i].getAttribute("data-sca-t"));
          seek(t, true);
          if (!embedded) { history.replaceState(history.state, "", "#t=" + items[i].getAttribute("data-sca-t")); }
        });
      });
    }

    if (facade) {
      facade.addEventListener("click", function () {
        var frame = document.createElement("iframe");
        var start = parseFloat(facade.getAttribute("data-sca-start")) || 0;
        frame.src = pending !== null
          ? facade.getAttribute("data-sca-embed-at").replace("__T__", String(Math.floor(start + pending)))
          : facade.getAttribute("data-sca-embed");
        frame.title = facade.textContent.replace(/\s+/g, " ").trim();
        frame.setAttribute("allow", "autoplay; fullscreen; picture-in-picture");
        frame.setAttribute("allowfullscreen", "");
        frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
        frame.width = 640; frame.height = 360;
        facade.replaceWith(frame);
        frame.focus();
      });
    }

    // Keyboard: the notes are links (Tab reaches each); arrows, Home and End step through them.
    fig.addEventListener("keydown", function (ev) {
      var i = links.indexOf(document.activeElement);
      if (i < 0) { return; }
      var next = { ArrowDown: i + 1, ArrowRight: i + 1, ArrowUp: i - 1, ArrowLeft: i - 1, Home: 0, End: links.length - 1 }[ev.key];
      if (next === undefined || ev.altKey || ev.ctrlKey || ev.metaKey) { return; }
      ev.preventDefault();
      links[Math.max(0, Math.min(links.length - 1, next))].focus();
    });

    // A shared link: /clips/<gallery>/<clip>/#t=12.5 opens at that moment (when played).
    function openAt(t) {
      if (t === null) { return; }
      pending = t;
      highlight(t);
      var current = indexAt(t);
      if (current < 0) { return; }
      // On a phone the player stays pinned under the header (clips.css): the note comes to rest just
      // below it, so a #t= link opens with the player and its moment both on screen.
      var media = fig.querySelector(".sca-clip-media");
      if (media && window.matchMedia("(max-width: 59.984375em)").matches && getComputedStyle(media).position === "sticky") {
        var header = document.querySelector(".md-header");
        items[current].style.scrollMarginTop = Math.ceil(media.getBoundingClientRect().height +
          (header ? header.getBoundingClientRect().height : 0) + 8) + "px";
        items[current].scrollIntoView({ block: "start" });
      } else {
        items[current].scrollIntoView({ block: "nearest" });
      }
    }
    if (!embedded) { fig.scaOpenAt = openAt; openAt(hashTime()); }
  }

  function onPage() {
    var figs = document.querySelectorAll("[data-sca-clip]");
    for (var i = 0; i < figs.length; i++) { setup(figs[i]); }
  }

  window.addEventListener("hashchange", function () {
    var fig = document.querySelector(".sca-clip-page [data-sca-clip]");
    if (fig && fig.scaOpenAt) { fig.scaOpenAt(hashTime()); }
  });

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(onPage);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onPage);
  } else {
    onPage();
  }
})();

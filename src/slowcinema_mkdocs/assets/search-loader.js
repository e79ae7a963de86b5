/* Slow Cinema Archive: the search worker that Material starts on every page, kept small.

   It answers Material's SETUP at once, and loads the search itself (search.js in the sources; the
   build writes its address below, and offline.js reads it there) at the reader's first query: a
   page that is only read never downloads it. slowcinema/search/build.py names both files. */
"use strict";
var ENGINE = "@ENGINE@";

self.addEventListener("message", function (ev) {
  var message = ev.data || {};
  if (message.type === 0) {           // SETUP
    self.postMessage({ type: 1 });    // READY
  } else if (message.type === 2) {    // QUERY
    // Material sends the box's value as soon as the worker is ready, usually empty: no search for it.
    if (!self.scaQuery && !/[\p{L}\p{N}]/u.test(String(message.data || "").normalize("NFKD"))) {
      self.postMessage({ type: 3, data: { items: [] } });  // RESULT
      return;
    }
    if (!self.scaQuery) {
      try {
        importScripts(ENGINE);  // beside this file
      } catch (error) {                // offline, and never kept
        console.warn("search:", error);
        self.postMessage({ type: 3, data: { items: [] } });
        return;
      }
    }
    self.scaQuery(message.data);
  }
});

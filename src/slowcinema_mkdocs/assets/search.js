/* Slow Cinema Archive: the search worker behind Material's search box.

   It speaks Material's worker protocol (SETUP -> READY, QUERY -> RESULT; see Material's
   integrations/search/worker) but reads our cut-up index (slowcinema/search/index.py): nothing is
   downloaded until the reader types, then only the index's table of pages, one shard per term and
   the text of the best pages. Terms are made as slowcinema/search/tokens.py makes them; change both
   together. Every text shown is escaped here: Material inserts titles and texts as HTML. */
"use strict";

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
var ROOT = new URL("../../search/sca/", self.location.href);
var HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af";
var HAN_RE = new RegExp("[" + HAN + "]");
var HAN_SPLIT_RE = new RegExp("([" + HAN + "]+)");
var RUN_RE = /[\p{L}\p{N}]+/gu;
var STOP = {};
("a an and are as at be been but by for from has have he her his i in is it its of on or she so that the " +
 "their them they this to was we were which who will with you").split(" ").forEach(function (w) { STOP[w] = true; });
var WITH_TEXT = 10;      // results that show a passage; the others show their title
var SNIPPET = 180;       // characters of a passage
var PREFIX_FACTOR = 0.6; // "pass" finds "passes", ranked below an exact "pass"

var cache = new Map();
var latest = 0;

function fetchJSON(path, version) {
  var url = new URL(path, ROOT);
  if (version) { url.searchParams.set("v", version); }
  var key = url.href;
  if (!cache.has(key)) {
    cache.set(key, fetch(url.href).then(function (r) {
      if (!r.ok) { throw new Error(r.status + " " + url.pathname); }
      return r.json();
    }).catch(function (e) { cache.delete(key); throw e; }));
  }
  return cache.get(key);
}

function normalise(s) { return s.normalize("NFKD").replace(/\p{Mn}/gu, "").toLowerCase(); }
function isHan(s) { return HAN_RE.test(s.charAt(0)); }
function shardOf(term) { return isHan(term) ? term.charAt(0) : term.slice(0, 2); }
function shardFile(key) {
  var out = "";
  for (var i = 0; i < key.length; i++) {
    var c = key.charAt(i);
    out += /[a-z0-9]/.test(c) ? c : "u" + c.charCodeAt(0).toString(16);
  }
  return out;
}

/* The query's terms: [{key, han, need: [index terms, all required], prefix}] */
function parse(query, t2s) {
  var terms = [], seen = {};
  var runs = normalise(query).match(RUN_RE) || [];
  runs.forEach(function (run) {
    run.split(HAN_SPLIT_RE).forEach(function (part) {
      if (!part) { return; }
      if (isHan(part)) {
        part = Array.from(part).map(function (c) { return t2s[c] || c; }).join("");
        // Pairs of characters; one character is the start of a pair or a run's last character.
        var need = part.length === 1 ? [part] : [];
        for (var i = 0; i + 1 < part.length; i++) { need.push(part.slice(i, i + 2)); }
        if (!seen[part]) { seen[part] = true; terms.push({ key: part, han: true, need: need, prefix: part.length === 1 }); }
      } else if (!STOP[part] && !seen[part]) {
        seen[part] = true;
        terms.push({ key: part, han: false, need: [part], prefix: part.length >= 2 });
      }
    });
  });
  return terms;
}

/* doc -> weight for one index term's postings, or for every term starting with a prefix. */
function postings(shard, term, prefix) {
  var out = new Map();
  Object.keys(shard).forEach(function (t) {
    var factor = t === term ? 1 : (prefix && t.lastIndexOf(term, 0) === 0 ? (isHan(term) ? 1 : PREFIX_FACTOR) : 0);
    if (!factor) { return; }
    var list = shard[t], doc = 0;
    for (var i = 0; i < list.length; i += 2) {
      doc += list[i];
      var w = list[i + 1] * factor;
      if (!(out.get(doc) >= w)) { out.set(doc, w); }
    }
  });
  return out;
}

function docsOf(term, shards) {
  var result = null;
  term.need.forEach(function (t) {
    var shard = shards[shardOf(t)];
    var found = shard ? postings(shard, t, term.prefix) : new Map();
    if (result === null) { result = found; return; }
    var both = new Map();
    result.forEach(function (w, doc) { if (found.has(doc)) { both.set(doc, Math.min(w, found.get(doc))); } });
    result = both;
  });
  return result || new Map();
}

function pageOf(doc, starts) {
  var lo = 0, hi = starts.length - 1;
  while (lo < hi) {
    var mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= doc) { lo = mid; } else { hi = mid - 1; }
  }
  return lo;
}

function escapeHTML(s) {
  return s.replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
  });
}

function markRegExp(terms) {
  var parts = terms.map(function (t) {
    var e = t.key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return t.han ? e : e + "[\\p{L}\\p{N}]*";
  });
  return parts.length ? new RegExp("(" + parts.join("|") + ")", "giu") : null;
}

/* Escaped text with the query's terms in <mark>; marks are added between escaped pieces. */
function highlight(text, re) {
  if (!re) { return escapeHTML(text); }
  var out = "", last = 0, m;
  re.lastIndex = 0;
  while ((m = re.exec(text)) !== null) {
    if (!m[0]) { re.lastIndex++; continue; }
    out += escapeHTML(text.slice(last, m.index)) + "<mark>" + escapeHTML(m[0]) + "</mark>";
    last = m.index + m[0].length;
  }
  return out + escapeHTML(text.slice(last));
}

/* A passage of `text` around the first term found in it. */
function snippet(text, re) {
  var at = 0;
  if (re) { re.lastIndex = 0; var m = re.exec(text); if (m) { at = m.index; } }
  var start = Math.max(0, at - 40);
  if (start > 0) { var space = text.indexOf(" ", start); if (space > 0 && space < at) { start = space + 1; } }
  var end = Math.min(text.length, start + SNIPPET);
  return (start > 0 ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : "");
}

function search(query) {
  // Material sends the box's value as soon as the worker is ready, usually empty: fetch nothing for it.
  if (!(normalise(query).match(RUN_RE) || []).length) { return Promise.resolve({ items: [] }); }
  return fetchJSON("meta.json").then(function (meta) {
    var terms = parse(query, meta.t2s);
    if (!terms.length) { return { items: [] }; }
    var keys = {};
    terms.forEach(function (t) { t.need.forEach(function (n) { keys[shardOf(n)] = true; }); });
    var wanted = Object.keys(keys).filter(function (k) { return meta.shards.indexOf(k) >= 0; });
    return Promise.all(wanted.map(function (k) { return fetchJSON("t/" + shardFile(k) + ".json", meta.v); }))
      .then(function (loaded) {
        var shards = {};
        wanted.forEach(function (k, i) { shards[k] = loaded[i]; });
        return rank(meta, terms, shards);
      })
      .then(function (pages) { return present(meta, terms, pages); });
  });
}

/* Pages with every term first (or, if none has them all, pages with any), best first. */
function rank(meta, terms, shards) {
  var pages = new Map();
  terms.forEach(function (term, ti) {
    var docs = docsOf(term, shards);
    var idf = Math.log(1 + meta.docs / Math.max(1, docs.size));
    docs.forEach(function (w, doc) {
      var p = pageOf(doc, meta.starts);
      var entry = pages.get(p);
      if (!entry) { entry = { page: p, best: {}, sections: new Map() }; pages.set(p, entry); }
      var score = w * idf;
      entry.best[ti] = Math.max(entry.best[ti] || 0, score);
      var s = entry.sections.get(doc - meta.starts[p]);
      if (!s) { s = { score: 0, terms: {} }; entry.sections.set(doc - meta.starts[p], s); }
      s.score += score;
      s.terms[ti] = true;
    });
  });
  var all = Array.from(pages.values());
  all.forEach(function (e) {
    e.found = Object.keys(e.best).length;
    e.score = Object.keys(e.best).reduce(function (sum, k) { return sum + e.best[k]; }, 0);
  });
  var complete = all.filter(function (e) { return e.found === terms.length; });
  var chosen = complete.length ? complete : all;
  chosen.sort(function (a, b) { return b.found - a.found || b.score - a.score || a.page - b.page; });
  return chosen;
}

function termMap(terms, has) {
  var out = {};
  terms.forEach(function (t, i) { out[t.key] = !!has(i); });
  return out;
}

function present(meta, terms, pages) {
  var re = markRegExp(terms);
  var top = pages.slice(0, WITH_TEXT);
  return Promise.all(top.map(function (e) { return fetchJSON("p/" + e.page + ".json", meta.v); }))
    .then(function (texts) {
      var items = pages.map(function (e, i) {
        var url = meta.pages[e.page][0], title = meta.pages[e.page][1];
        var article = {
          location: url, title: highlight(title, re), text: "", score: e.score,
          terms: termMap(terms, function (ti) { return e.best[ti]; })
        };
        if (i >= top.length) { return [article]; }
        var sections = texts[i], group = [];
        var own = e.sections.get(0);
        article.score = own ? own.score : 0;
        if (own) {
          article.text = highlight(snippet(sections[0][2], re), re);
          article.terms = termMap(terms, function (ti) { return own.terms[ti]; });
        }
        group.push(article);
        e.sections.forEach(function (s, n) {
          if (n === 0 || !sections[n]) { return; }
          group.push({
            location: url + "#" + sections[n][0], title: highlight(sections[n][1] || title, re),
            text: highlight(snippet(sections[n][2], re), re), score: s.score,
            terms: termMap(terms, function (ti) { return s.terms[ti]; })
          });
        });
        group.sort(function (a, b) { return b.score - a.score; });
        return group;
      });
      return { items: items };
    });
}

self.addEventListener("message", function (ev) {
  var message = ev.data || {};
  if (message.type === SETUP) {
    self.postMessage({ type: READY });
  } else if (message.type === QUERY) {
    var id = ++latest;
    search(String(message.data || "")).then(function (result) {
      if (id === latest) { self.postMessage({ type: RESULT, data: result }); }
    }, function (error) {
      console.warn("search:", error);
      if (id === latest) { self.postMessage({ type: RESULT, data: { items: [] } }); }
    });
  }
});

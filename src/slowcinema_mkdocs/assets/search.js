/* Slow Cinema Archive: the search behind Material's search box, loaded into its worker
   (search-loader.js) at the reader's first query.

   With the loader it speaks Material's worker protocol (SETUP -> READY, QUERY -> RESULT; see
   Material's integrations/search/worker) but reads our cut-up index (slowcinema/search/index.py): nothing is
   downloaded until the reader types, then only the index's table of pages, one shard per term and
   the text of the best pages. Terms are made as slowcinema/search/tokens.py makes them; change both
   together. Every text shown is escaped here: Material inserts titles and texts as HTML. */
"use strict";

var RESULT = 3;  // Material's message type for results
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

/* Greedy longest match of `table`'s phrases, then `chars` for the characters between them. */
function convert(text, phrases, longest, chars) {
  var out = "";
  for (var i = 0; i < text.length;) {
    var hit = null;
    for (var n = Math.min(longest, text.length - i); n > 1 && !hit; n--) {
      var piece = text.substr(i, n);
      if (Object.prototype.hasOwnProperty.call(phrases, piece)) { hit = piece; }
    }
    if (hit) { out += phrases[hit]; i += hit.length; } else { out += chars[text.charAt(i)] || text.charAt(i); i++; }
  }
  return out;
}

/* The tables between the scripts, from meta.json: 繁體 to show, and phrases typed in 繁體 (坎城) to find. */
function scripts(meta) {
  if (meta.scripts) { return meta.scripts; }
  var back = {}, longest = 2, backLongest = 2;
  Object.keys(meta.phrases || {}).forEach(function (s) {
    var t = meta.phrases[s];
    longest = Math.max(longest, s.length);
    if (t.length > 1 && !back[t]) { back[t] = s; backLongest = Math.max(backLongest, t.length); }
  });
  meta.scripts = {
    toHant: function (text) { return convert(text, meta.phrases || {}, longest, meta.s2t || {}); },
    fromHant: function (text) { return convert(text, back, backLongest, {}); }
  };
  return meta.scripts;
}

function pairsOf(part) {  // pairs of characters; one character is the start of a pair or a run's last
  var need = part.length === 1 ? [part] : [];
  for (var i = 0; i + 1 < part.length; i++) { need.push(part.slice(i, i + 2)); }
  return need;
}

/* The query's terms: [{key, han, typed, forms: [{key, need: [index terms, all required]}], prefix}]
   and whether it was typed in 繁體. A Han term is found in any of its forms: as typed (in Simplified
   characters), and as the Simplified phrase a 繁體 phrase stands for (坎城 -> 戛纳). */
function parse(query, meta) {
  var terms = [], seen = {}, hant = false, t2s = meta.t2s, sc = scripts(meta);
  var runs = normalise(query).match(RUN_RE) || [];
  runs.forEach(function (run) {
    run.split(HAN_SPLIT_RE).forEach(function (part) {
      if (!part) { return; }
      if (isHan(part)) {
        var typed = part;
        part = Array.from(typed).map(function (c) { if (t2s[c]) { hant = true; } return t2s[c] || c; }).join("");
        if (seen[part]) { return; }
        seen[part] = true;
        var forms = [{ key: part, need: pairsOf(part) }];
        var phrase = Array.from(sc.fromHant(typed)).map(function (c) { return t2s[c] || c; }).join("");
        if (phrase !== part) { forms.push({ key: phrase, need: pairsOf(phrase) }); }
        terms.push({ key: part, typed: typed, han: true, forms: forms, prefix: part.length === 1 });
      } else if (!STOP[part] && !seen[part]) {
        seen[part] = true;
        terms.push({ key: part, typed: part, han: false, forms: [{ key: part, need: [part] }], prefix: part.length >= 2 });
      }
    });
  });
  return { terms: terms, hant: hant };
}

/* A posting's weight as a score: a term in the title outweighs any count in the text. */
function weightScore(w) { return (w >= 10 ? 10 : 0) + (w % 10 ? 1 + Math.log(w % 10) : 0); }

/* doc -> weight for one index term's postings, or for every term starting with a prefix. */
function postings(shard, term, prefix) {
  var out = new Map();
  Object.keys(shard).forEach(function (t) {
    var factor = t === term ? 1 : (prefix && t.lastIndexOf(term, 0) === 0 ? (isHan(term) ? 1 : PREFIX_FACTOR) : 0);
    if (!factor) { return; }
    var list = shard[t], doc = 0;
    for (var i = 0; i < list.length; i += 2) {
      doc += list[i];
      var w = weightScore(list[i + 1]) * factor;
      if (!(out.get(doc) >= w)) { out.set(doc, w); }
    }
  });
  return out;
}

function docsOf(term, shards) {
  var any = new Map();
  term.forms.forEach(function (form) {
    var result = null;
    form.need.forEach(function (t) {
      var shard = shards[shardOf(t)];
      var found = shard ? postings(shard, t, term.prefix) : new Map();
      if (result === null) { result = found; return; }
      var both = new Map();
      result.forEach(function (w, doc) { if (found.has(doc)) { both.set(doc, Math.min(w, found.get(doc))); } });
      result = both;
    });
    (result || new Map()).forEach(function (w, doc) { if (!(any.get(doc) >= w)) { any.set(doc, w); } });
  });
  return any;
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
  var parts = [];
  terms.forEach(function (t) {
    t.forms.forEach(function (f) {
      var e = f.key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      parts.push(t.han ? e : e + "[\\p{L}\\p{N}]*");
    });
  });
  return parts.length ? new RegExp("(" + parts.join("|") + ")", "giu") : null;
}

/* Escaped text with the query's terms in <mark>; marks are added between escaped pieces, each piece
   shown by `show` (in 繁體 for a 繁體 query). */
function highlight(text, re, show) {
  show = show || function (x) { return x; };
  if (!re) { return escapeHTML(show(text)); }
  var out = "", last = 0, m;
  re.lastIndex = 0;
  while ((m = re.exec(text)) !== null) {
    if (!m[0]) { re.lastIndex++; continue; }
    out += escapeHTML(show(text.slice(last, m.index))) + "<mark>" + escapeHTML(show(m[0])) + "</mark>";
    last = m.index + m[0].length;
  }
  return out + escapeHTML(show(text.slice(last)));
}

/* The part of a bilingual title ("时间线 · Timeline") in the query's language. */
function titleIn(title, lang) {
  if (!lang) { return title; }
  var split = /^(.*[\u3400-\u9fff][^A-Za-z\u3400-\u9fff]*?)\s+([A-Za-z][^\u3400-\u9fff]*)$/.exec(title);
  var parts = (title.indexOf(" · ") >= 0 || !split ? title.split(" · ") : [split[1], split[2]])
    .filter(function (p) { return (lang === "zh") === HAN_RE.test(p); });
  return parts.length ? parts.join(" · ") : title;
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
    var parsed = parse(query, meta), terms = parsed.terms;
    if (!terms.length) { return { items: [] }; }
    var keys = {};
    terms.forEach(function (t) { t.forms.forEach(function (f) { f.need.forEach(function (n) { keys[shardOf(n)] = true; }); }); });
    var wanted = Object.keys(keys).filter(function (k) { return meta.shards.indexOf(k) >= 0; });
    return Promise.all(wanted.map(function (k) { return fetchJSON("t/" + shardFile(k) + ".json", meta.v); }))
      .then(function (loaded) {
        var shards = {};
        wanted.forEach(function (k, i) { shards[k] = loaded[i]; });
        return rank(meta, terms, shards);
      })
      .then(function (pages) { return present(meta, parsed, pages); });
  });
}

/* Pages with every term first (or, if none has them all, pages with any); then essays and manifestos
   before the pages that list them (the page's tier); then the best score. */
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
  chosen.forEach(function (e) { e.tier = meta.pages[e.page][2] || 0; });
  chosen.sort(function (a, b) { return b.found - a.found || b.tier - a.tier || b.score - a.score || a.page - b.page; });
  return chosen;
}

/* Material's `terms` of a result: it marks them on the page the result opens (?h=), in the
   Simplified text and in the 繁體 as typed. */
function termMap(terms, has) {
  var out = {};
  terms.forEach(function (t, i) { out[t.key] = !!has(i); if (t.typed !== t.key) { out[t.typed] = !!has(i); } });
  return out;
}

function present(meta, parsed, pages) {
  var terms = parsed.terms, re = markRegExp(terms);
  var han = terms.some(function (t) { return t.han; }), latin = terms.some(function (t) { return !t.han; });
  var lang = han && !latin ? "zh" : latin && !han ? "en" : "";
  var show = parsed.hant ? scripts(meta).toHant : null;
  var top = pages.slice(0, WITH_TEXT);
  return Promise.all(top.map(function (e) { return fetchJSON("p/" + e.page + ".json", meta.v); }))
    .then(function (texts) {
      var items = pages.map(function (e, i) {
        var url = meta.pages[e.page][0], title = titleIn(meta.pages[e.page][1], lang);
        var article = {
          location: url, title: highlight(title, re, show), text: "", score: e.score,
          terms: termMap(terms, function (ti) { return e.best[ti]; })
        };
        if (i >= top.length) { return [article]; }
        var sections = texts[i], group = [], own = null;
        // Passages in the query's language; in any, when only the other language has the terms.
        function ofLang(section) { return !lang || !section[3] || section[3] === lang; }
        var inLang = Array.from(e.sections.keys()).some(function (n) { return sections[n] && ofLang(sections[n]); });
        function fits(section) { return !inLang || ofLang(section); }
        // The page's own text: its best section before the first heading, in the query's language.
        e.sections.forEach(function (s, n) {
          if (sections[n] && sections[n][0] === "" && fits(sections[n]) && (!own || s.score > own.s.score)) { own = { s: s, n: n }; }
        });
        article.score = own ? own.s.score : 0;
        if (own) {
          article.text = highlight(snippet(sections[own.n][2], re), re, show);
          article.terms = termMap(terms, function (ti) { return own.s.terms[ti]; });
        }
        group.push(article);
        e.sections.forEach(function (s, n) {
          if (!sections[n] || sections[n][0] === "" || !fits(sections[n])) { return; }
          group.push({
            location: url + "#" + sections[n][0], title: highlight(sections[n][1] || title, re, show),
            text: highlight(snippet(sections[n][2], re), re, show), score: s.score,
            terms: termMap(terms, function (ti) { return s.terms[ti]; })
          });
        });
        group.sort(function (a, b) { return b.score - a.score; });
        return group;
      });
      return { items: items };
    });
}

// Called by the loader (search-loader.js) for each of Material's QUERY messages; it answered SETUP itself.
self.scaQuery = function (query) {
  var id = ++latest;
  search(String(query || "")).then(function (result) {
    if (id === latest) { self.postMessage({ type: RESULT, data: result }); }
  }, function (error) {
    console.warn("search:", error);
    if (id === latest) { self.postMessage({ type: RESULT, data: { items: [] } }); }
  });
};

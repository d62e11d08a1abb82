// relais default theme: the built-in search. It fetches the index the
// build wrote (search-index.json) and searches it in the browser: no
// service, no third party. The folding and stemming rules are those of the
// index (package search): keep them the same.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form) {
    return;
  }
  var input = document.getElementById("search-q");
  var list = document.getElementById("search-results");
  var count = document.getElementById("search-count");
  var fallback = document.getElementById("search-fallback");
  var suffixes = ["issements", "issement", "ations", "ation", "ements", "ement", "euses", "euse", "ites", "ite", "ives", "ive", "eux", "aux", "es", "s", "x", "e"];

  function fold(s) {
    // As relais folds the index (Go's search.Fold, slug.Spelled): marks
    // dropped (accents, Arabic's vowels and hamza), ligatures spelt out;
    // in Arabic, the tatweel dropped, ta marbuta as ha, alef maqsura as ya.
    return s.normalize("NFD").replace(/\p{Mn}/gu, "").replace(/[œŒ]/g, "oe").replace(/[æÆ]/g, "ae").replace(/ß/g, "ss").replace(/[øØ]/g, "o").replace(/[đĐ]/g, "d").replace(/[łŁ]/g, "l")
      .replace(/\u0640/g, "").replace(/\u0629/g, "\u0647").replace(/\u0649/g, "\u064a").toLowerCase();
  }
  var arabicPrefixes = ["\u0648\u0627\u0644", "\u0628\u0627\u0644", "\u0643\u0627\u0644", "\u0641\u0627\u0644", "\u0644\u0644", "\u0627\u0644"];
  var arabicSuffixes = ["\u0647\u0627", "\u0627\u0646", "\u0627\u062a", "\u0648\u0646", "\u064a\u0646", "\u064a\u0647", "\u0647", "\u064a"];
  function arabicStem(w) {
    // As Go's search.arabicStem (Larkey's light10).
    var r = Array.from(w), i;
    if (r.length > 3 && r[0] === "\u0648") {
      r = r.slice(1);
    }
    for (i = 0; i < arabicPrefixes.length; i++) {
      var p = Array.from(arabicPrefixes[i]);
      if (r.length - p.length >= 2 && r.slice(0, p.length).join("") === arabicPrefixes[i]) {
        r = r.slice(p.length);
        break;
      }
    }
    for (i = 0; i < arabicSuffixes.length; i++) {
      var x = Array.from(arabicSuffixes[i]);
      if (r.length - x.length >= 2 && r.slice(r.length - x.length).join("") === arabicSuffixes[i]) {
        r = r.slice(0, r.length - x.length);
        break;
      }
    }
    return r.join("");
  }
  function words(s) {
    return fold(s).split(/[^\p{L}\p{N}]+/u).filter(function (w) { return Array.from(w).length >= 2; });
  }
  // lang is the index's language when its words are not stemmed as
  // French's: "en" (Go's search.StemIn).
  var lang = "";
  function englishStem(w) {
    // Harman's S-stemmer, as Go's search.englishStem.
    var n = w.length;
    if (n <= 3) {
      return w;
    }
    if (w.endsWith("ies") && !w.endsWith("eies") && !w.endsWith("aies")) {
      return w.slice(0, n - 3) + "y";
    }
    if (w.endsWith("es") && !w.endsWith("aes") && !w.endsWith("ees") && !w.endsWith("oes")) {
      return w.slice(0, n - 1);
    }
    if (w.endsWith("s") && !w.endsWith("us") && !w.endsWith("ss")) {
      return w.slice(0, n - 1);
    }
    return w;
  }
  function stem(w) {
    var c = w.charCodeAt(0);
    if (c >= 0x0600 && c <= 0x06ff) {
      return arabicStem(w);
    }
    if (lang.indexOf("en") === 0) {
      return englishStem(w);
    }
    if (w.length <= 3) {
      return w;
    }
    for (var i = 0; i < suffixes.length; i++) {
      var suf = suffixes[i];
      if (w.endsWith(suf) && w.length - suf.length >= 3) {
        return w.slice(0, w.length - suf.length);
      }
    }
    return w;
  }
  // lowerBound finds the first term of idx not below t (terms are sorted).
  function lowerBound(idx, t) {
    var lo = 0, hi = idx.terms.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (idx.terms[mid] < t) { lo = mid + 1; } else { hi = mid; }
    }
    return lo;
  }
  // queryWords are the words of q the index is asked for: not its stop
  // words, each once.
  function queryWords(q, stop) {
    var seen = {};
    return words(q).filter(function (w) {
      if (stop.indexOf(w) >= 0 || seen[w]) {
        return false;
      }
      seen[w] = true;
      return true;
    });
  }
  // synonymsOf are the stems a word's synonyms give (package search).
  function synonymsOf(st, syn) {
    var out = [];
    (syn || []).forEach(function (g) {
      if (g.indexOf(st) < 0) {
        return;
      }
      g.forEach(function (m) {
        if (m !== st) {
          m.split(" ").forEach(function (s) { out.push(s); });
        }
      });
    });
    return out;
  }
  // find scores the docs a word is in: four times the score for the word,
  // three for a longer word it starts, twice for a synonym.
  // A negative score is a list page's, for a word of the pages it lists:
  // found, but not counted as one of the query's words it has.
  function find(w, last, idx) {
    var st = stem(w), found = {}, own = {}, prefix = last || w.length >= 4;
    function add(j, quality) {
      var p = idx.posts[j];
      for (var k = 0; k < p.length; k += 2) {
        var sc = p[k + 1];
        if (sc > 0) {
          own[p[k]] = true;
        } else {
          sc = -sc;
        }
        found[p[k]] = (found[p[k]] || 0) + sc * quality;
      }
    }
    for (var j = lowerBound(idx, st); j < idx.terms.length && idx.terms[j].startsWith(st); j++) {
      if (idx.terms[j] === st) {
        add(j, 4);
      } else if (prefix) {
        add(j, 3);
      }
    }
    synonymsOf(st, idx.syn).forEach(function (s) {
      var k = lowerBound(idx, s);
      if (k < idx.terms.length && idx.terms[k] === s) {
        add(k, 2);
      }
    });
    return {found: found, own: own};
  }
  // search ranks the docs as package search does (Index.Find): a word
  // found nowhere is dropped and said; pages with more of the other words
  // first, then by score.
  function search(q, idx) {
    var ws = queryWords(q, idx.stop || []);
    var total = {}, count = {}, dropped = [];
    ws.forEach(function (w, i) {
      var f = find(w, i === ws.length - 1, idx), any = false;
      Object.keys(f.found).forEach(function (d) {
        any = true;
        total[d] = (total[d] || 0) + f.found[d];
        count[d] = (count[d] || 0) + (f.own[d] ? 1 : 0);
      });
      if (!any) {
        dropped.push(w);
      }
    });
    var docs = Object.keys(total).map(Number).sort(function (a, b) {
      return count[b] - count[a] || total[b] - total[a] || a - b;
    });
    return {docs: docs, dropped: dropped, words: ws};
  }
  // A large site's index is a manifest of shards (package search): the
  // shards a query needs are fetched, once each.
  var fetched = {};
  function shard(file) {
    if (!fetched[file]) {
      fetched[file] = fetch(new URL(file, indexURL)).then(function (r) { return r.json(); });
    }
    return fetched[file];
  }
  // termsFor gives the terms and posts a query can match: the whole index,
  // or the term shards whose ranges meet the stems of its words, in order.
  function termsFor(q) {
    if (index) {
      return Promise.resolve(index);
    }
    var ts = manifest.terms, need = [], stems = [];
    queryWords(q, manifest.stop || []).forEach(function (w) {
      var st = stem(w);
      stems.push(st);
      stems = stems.concat(synonymsOf(st, manifest.syn));
    });
    stems.forEach(function (st) {
      var end = st + "\uffff";
      ts.forEach(function (s, i) {
        var next = i + 1 < ts.length ? ts[i + 1][0] : null;
        if (s[0] <= end && (next === null || next > st) && need.indexOf(i) < 0) {
          need.push(i);
        }
      });
    });
    need.sort(function (a, b) { return a - b; });
    return Promise.all(need.map(function (i) { return shard(ts[i][1]); })).then(function (parts) {
      var idx = {terms: [], posts: [], stop: manifest.stop || [], syn: manifest.syn || []};
      parts.forEach(function (p) {
        idx.terms = idx.terms.concat(p.terms);
        idx.posts = idx.posts.concat(p.posts);
      });
      return idx;
    });
  }
  // docsFor gives the title, link and summary of the results ds.
  function docsFor(ds) {
    if (index) {
      return Promise.resolve(ds.map(function (d) { return index.docs[d]; }));
    }
    var per = manifest.perDoc;
    return Promise.all(ds.map(function (d) { return shard(manifest.docs[Math.floor(d / per)]); })).then(function (parts) {
      return ds.map(function (d, i) { return parts[i].docs[d % per]; });
    });
  }
  // highlight appends text to el, with the query's words in <mark>.
  function highlight(el, text, qwords) {
    text.split(/(\s+)/).forEach(function (part) {
      var f = fold(part).replace(/[^\p{L}\p{N}]/gu, "");
      var hit = f && qwords.some(function (w) { return f.startsWith(stem(w)); });
      if (hit) {
        var m = document.createElement("mark");
        m.textContent = part;
        el.appendChild(m);
      } else {
        el.appendChild(document.createTextNode(part));
      }
    });
  }
  var seq = 0;
  function show() {
    var q = input.value, mine = ++seq;
    if (!q.trim()) {
      list.textContent = "";
      count.textContent = "";
      fallback.hidden = false;
      return Promise.resolve();
    }
    var res, found;
    return load().then(function () {
      return termsFor(q);
    }).then(function (idx) {
      res = search(q, idx);
      found = res.docs;
      return docsFor(found.slice(0, 30));
    }).then(function (docs) {
      if (mine !== seq) {
        return; // a later query is on its way
      }
      var qwords = res.words;
      list.textContent = "";
      fallback.hidden = true;
      docs.forEach(function (doc) {
        var li = document.createElement("li");
        li.className = "summary";
        var h = document.createElement("h2");
        var a = document.createElement("a");
        a.href = doc.u;
        highlight(a, doc.t, qwords);
        h.appendChild(a);
        li.appendChild(h);
        if (doc.s) {
          var p = document.createElement("p");
          highlight(p, doc.s, qwords);
          li.appendChild(p);
        }
        list.appendChild(li);
      });
      var said = found.length ? plural(found.length, "data-count").replace("%d", String(found.length)) : form.getAttribute("data-none");
      if (found.length && res.dropped.length) {
        // The words found nowhere were left out: say which.
        var kept = res.words.filter(function (w) { return res.dropped.indexOf(w) < 0; });
        var typed = {};
        q.split(/[^\p{L}\p{N}]+/u).forEach(function (r) { typed[fold(r)] = r; });
        var asTyped = function (w) { return typed[w] || w; };
        said += ". " + form.getAttribute("data-dropped").replace("%s", quoted(res.dropped.map(asTyped))).replace("%s", quoted(kept.map(asTyped)));
      }
      count.textContent = said;
    }).catch(function () {
      if (mine === seq) {
        // The index could not be fetched (offline, a host that does not
        // serve it): say so, instead of an empty list.
        list.textContent = "";
        count.textContent = form.getAttribute("data-error");
        loading = null; // try again at the next key
      }
    });
  }
  // quoted writes words in quotation marks, as the page's language does.
  function quoted(ws) {
    var fr = document.documentElement.lang !== "en";
    return ws.map(function (w) { return fr ? "«\u202f" + w + "\u202f»" : "“" + w + "”"; }).join(", ");
  }
  // plural picks the message for n: French puts 0 and 1 in the singular,
  // English only 1.
  function plural(n, attr) {
    var one = form.getAttribute(attr + "-one");
    var singular = document.documentElement.lang === "en" ? n === 1 : n < 2;
    return singular && one ? one : form.getAttribute(attr);
  }
  var indexURL = new URL(form.getAttribute("data-index"), location.href);
  var index = null, manifest = null, loading = null;
  function load() {
    if (!loading) {
      loading = fetch(indexURL).then(function (r) {
        if (!r.ok) {
          throw new Error(String(r.status));
        }
        return r.json();
      }).then(function (j) {
        lang = j.lang || "";
        if (j.posts) { index = j; } else { manifest = j; }
      });
    }
    return loading;
  }
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    show();
  });
  input.addEventListener("input", show);
  // The form works here, without an address: it searches as one types.
  form.hidden = false;
  var nojs = document.getElementById("search-nojs");
  if (nojs) {
    nojs.hidden = true;
  }
  // A query from the header's form, handed over in the tab's session
  // storage and taken out of it at once; or, from an older link, in the
  // address, taken out of it (the history of the browser may keep it: the
  // header's form never puts it there).
  var q = null;
  try {
    q = sessionStorage.getItem("relais.search");
    sessionStorage.removeItem("relais.search");
  } catch (err) {
    q = null;
  }
  if (location.search) {
    q = q || new URLSearchParams(location.search).get("q");
    history.replaceState(null, "", location.pathname + location.hash);
  }
  if (q) {
    input.value = q;
    show();
  }
})();

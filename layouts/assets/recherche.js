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
    // As relais folds the index (Go's search.Fold, slug.Spelled).
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[œŒ]/g, "oe").replace(/[æÆ]/g, "ae").replace(/ß/g, "ss").replace(/[øØ]/g, "o").replace(/[đĐ]/g, "d").replace(/[łŁ]/g, "l").toLowerCase();
  }
  function words(s) {
    return fold(s).split(/[^\p{L}\p{N}]+/u).filter(function (w) { return Array.from(w).length >= 2; });
  }
  function stem(w) {
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
  function search(q, idx) {
    var ws = words(q);
    if (!ws.length) {
      return [];
    }
    var total = null;
    ws.forEach(function (w, i) {
      var st = stem(w), last = i === ws.length - 1, found = {};
      for (var j = lowerBound(idx, st); j < idx.terms.length; j++) {
        var t = idx.terms[j];
        if (t !== st && !(last && t.startsWith(w))) {
          if (!t.startsWith(st)) { break; }
          if (!last) { continue; }
        }
        var p = idx.posts[j];
        for (var k = 0; k < p.length; k += 2) {
          found[p[k]] = (found[p[k]] || 0) + p[k + 1];
        }
      }
      if (total === null) {
        total = found;
        return;
      }
      Object.keys(total).forEach(function (d) {
        if (found[d] === undefined) { delete total[d]; } else { total[d] += found[d]; }
      });
    });
    return Object.keys(total).map(Number).sort(function (a, b) { return total[b] - total[a] || a - b; });
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
    var ts = manifest.terms, need = [];
    words(q).forEach(function (w) {
      var st = stem(w), end = st + "\uffff";
      ts.forEach(function (s, i) {
        var next = i + 1 < ts.length ? ts[i + 1][0] : null;
        if (s[0] <= end && (next === null || next > st) && need.indexOf(i) < 0) {
          need.push(i);
        }
      });
    });
    need.sort(function (a, b) { return a - b; });
    return Promise.all(need.map(function (i) { return shard(ts[i][1]); })).then(function (parts) {
      var idx = {terms: [], posts: []};
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
    var found;
    return load().then(function () {
      return termsFor(q);
    }).then(function (idx) {
      found = search(q, idx);
      return docsFor(found.slice(0, 30));
    }).then(function (docs) {
      if (mine !== seq) {
        return; // a later query is on its way
      }
      var qwords = words(q);
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
      count.textContent = found.length ? plural(found.length, "data-count").replace("%d", String(found.length)) : form.getAttribute("data-none");
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

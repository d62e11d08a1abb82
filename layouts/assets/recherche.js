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
  var index = null;
  var suffixes = ["issements", "issement", "ations", "ation", "ements", "ement", "euses", "euse", "ites", "ite", "ives", "ive", "eux", "aux", "es", "s", "x", "e"];

  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/œ/gi, "oe").replace(/æ/gi, "ae").toLowerCase();
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
  // lowerBound finds the first term not below t (the terms are sorted).
  function lowerBound(t) {
    var lo = 0, hi = index.terms.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (index.terms[mid] < t) { lo = mid + 1; } else { hi = mid; }
    }
    return lo;
  }
  function search(q) {
    var ws = words(q);
    if (!ws.length) {
      return [];
    }
    var total = null;
    ws.forEach(function (w, i) {
      var st = stem(w), last = i === ws.length - 1, found = {};
      for (var j = lowerBound(st); j < index.terms.length; j++) {
        var t = index.terms[j];
        if (t !== st && !(last && t.startsWith(w))) {
          if (!t.startsWith(st)) { break; }
          if (!last) { continue; }
        }
        var p = index.posts[j];
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
  function show() {
    var q = input.value;
    list.textContent = "";
    if (!q.trim()) {
      count.textContent = "";
      fallback.hidden = false;
      return;
    }
    fallback.hidden = true;
    var found = search(q), qwords = words(q);
    found.slice(0, 30).forEach(function (d) {
      var doc = index.docs[d];
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
    count.textContent = found.length ? form.getAttribute("data-count").replace("%d", String(found.length)) : form.getAttribute("data-none");
  }
  function load() {
    if (index) {
      return Promise.resolve();
    }
    return fetch(form.getAttribute("data-index")).then(function (r) { return r.json(); }).then(function (j) { index = j; });
  }
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    load().then(show);
  });
  input.addEventListener("input", function () { load().then(show); });
  var q = new URLSearchParams(location.search).get("q");
  if (q) {
    input.value = q;
    load().then(show);
  }
})();

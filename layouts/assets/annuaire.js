// relais default theme: instant filters of the partner directory. Without
// JavaScript the form stays hidden and the whole list is shown.
(function () {
  "use strict";
  var form = document.getElementById("directory-filter");
  if (!form) {
    return;
  }
  var cards = Array.prototype.slice.call(document.querySelectorAll(".partner-card"));
  var count = document.getElementById("filter-count");
  // Case and accents folded, so that "evaluation" finds « évaluation ».
  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[œŒ]/g, "oe").replace(/[æÆ]/g, "ae").replace(/ß/g, "ss").replace(/[øØ]/g, "o").replace(/[đĐ]/g, "d").replace(/[łŁ]/g, "l").toLowerCase();
  }
  var texts = cards.map(function (c) { return fold(c.textContent); });
  function value(name) {
    var el = form.elements[name];
    return el ? el.value : "";
  }
  function apply() {
    var q = fold(value("q").trim());
    var type = value("type"), pub = value("public"), territory = value("territory"), lang = value("lang");
    var shown = 0;
    cards.forEach(function (c, i) {
      var ok = (!q || texts[i].indexOf(q) >= 0) &&
        (!type || c.getAttribute("data-type") === type) &&
        (!pub || c.getAttribute("data-publics").split("|").indexOf(pub) >= 0) &&
        (!territory || c.getAttribute("data-territory") === territory) &&
        (!lang || (c.getAttribute("data-languages") || "").split("|").indexOf(lang) >= 0);
      c.hidden = !ok;
      if (ok) {
        shown += 1;
      }
    });
    if (count) {
      // French puts 0 and 1 in the singular, English only 1.
      var singular = document.documentElement.lang === "en" ? shown === 1 : shown < 2;
      var t = singular && count.getAttribute("data-template-one") || count.getAttribute("data-template");
      count.textContent = t.replace("%d", String(shown));
    }
  }
  form.addEventListener("input", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  form.hidden = false;
  apply();
})();

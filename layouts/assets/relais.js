// relais default theme: quick exit, after GOV.UK's "Exit this page".
//
// The « Quitter le site » link works without JavaScript: it is a plain link
// to a neutral site. With JavaScript:
//   - leaving hides the page at once, covers it with a message (role=alert),
//     and replaces it in the history (location.replace), so that Back does
//     not return to it;
//   - pressing Shift three times leaves too. Presses are counted on keyup;
//     a Shift used to type a capital is not one, and any other key stops
//     the count. Each press gives up to five seconds for the next (the
//     window starts again at each press). Each press and the end of the
//     window are announced to screen readers, and three lights on the
//     button show the count.
//   - the page, if the browser shows it again from its cache (Back), is
//     shown as it was, not hidden.
// The header's search form needs the search page's script: shown only
// when scripts run. Its query never goes into an address: an address is
// kept in the browser's history, which shows on a watched device what a
// reader looked for even after the history of the tab is gone. The query
// is handed to the search page in the tab's session storage, which that
// page empties as it reads it.
(function () {
  "use strict";
  var forms = document.querySelectorAll("form.site-search[hidden]");
  for (var i = 0; i < forms.length; i++) {
    forms[i].hidden = false;
    forms[i].addEventListener("submit", function (e) {
      e.preventDefault();
      var q = this.querySelector("input[type=search]");
      try {
        sessionStorage.setItem("relais.search", q.value);
      } catch (err) {
        // No storage (a private window that refuses it): the search page
        // opens empty.
      }
      q.value = "";
      location.assign(this.getAttribute("action"));
    });
  }
})();

// An old address made of a query, as WordPress's /?p=123, which a site
// moved in keeps (old-addresses.json, written by the build): no file
// answers it, so the host shows the home page or the 404 page. The page
// it named is opened instead, in place of it in the history. On nginx the
// site's nginx.conf redirects it before any page is shown.
(function () {
  "use strict";
  var m = /^\?([A-Za-z_]+=[A-Za-z0-9_-]+)$/.exec(location.search);
  var me = document.currentScript;
  if (!m || !me || !window.fetch) {
    return;
  }
  fetch(new URL("../old-addresses.json", me.src)).then(function (r) {
    return r.ok ? r.json() : {};
  }).then(function (map) {
    var to = map[m[1]];
    if (typeof to === "string" && to.charAt(0) === "/" && to.charAt(1) !== "/") {
      location.replace(to);
    }
  }).catch(function () {
    // No list (the site has no such address): the page shown stays.
  });
})();

(function () {
  "use strict";
  var box = document.getElementById("quick-exit");
  if (!box) {
    return;
  }
  var html = document.documentElement;
  var target = box.getAttribute("data-href");
  var status = document.getElementById("quick-exit-status");
  var link = box.querySelector("a.quick-exit-button");
  var lights = box.querySelectorAll(".quick-exit-lights > span");
  var keys = document.querySelector(".quick-exit-keys");
  if (keys) {
    keys.hidden = false;
  }
  var overlay = null;

  function say(text) {
    if (status) {
      status.textContent = text || "";
    }
  }

  function show(count) {
    box.classList.toggle("quick-exit-counting", count > 0);
    for (var i = 0; i < lights.length; i++) {
      lights[i].classList.toggle("on", i < count);
    }
  }

  function leave(event) {
    if (event) {
      event.preventDefault();
    }
    html.classList.add("quick-exit-hidden");
    document.title = "";
    say("");
    overlay = document.createElement("div");
    overlay.className = "quick-exit-overlay";
    overlay.setAttribute("role", "alert");
    document.body.appendChild(overlay);
    // Set after it is in the page: screen readers announce it more surely.
    overlay.textContent = box.getAttribute("data-leaving") || "";
    try {
      sessionStorage.removeItem("relais.area"); // the partner area's key
    } catch (err) {}
    window.location.replace(target);
  }

  if (link) {
    link.addEventListener("click", leave);
  }

  var presses = 0;
  var window_ = null; // the timer of the window for the next press
  var clearSay = null;
  var lastWasModifier = false;

  function timeout() {
    return Number(box.getAttribute("data-timeout")) || 5000;
  }

  function expire() {
    clearTimeout(window_);
    window_ = null;
    presses = 0;
    show(0);
    say(box.getAttribute("data-expired"));
    clearTimeout(clearSay);
    clearSay = setTimeout(function () { say(""); }, timeout());
  }

  document.addEventListener("keyup", function (event) {
    var shift = event.key === "Shift" || event.keyCode === 16;
    if (shift && !lastWasModifier) {
      presses += 1;
      show(presses);
      clearTimeout(clearSay);
      if (presses >= 3) {
        clearTimeout(window_);
        window_ = null;
        presses = 0;
        leave();
      } else {
        say(box.getAttribute(presses === 1 ? "data-press1" : "data-press2"));
        clearTimeout(window_);
        window_ = setTimeout(expire, timeout());
      }
    } else if (window_ !== null) {
      expire();
    }
    // A Shift keyup after "Shift+A" comes with shiftKey false, but the A's
    // keyup had shiftKey true: that Shift was a modifier.
    lastWasModifier = event.shiftKey;
  }, true);

  window.addEventListener("pageshow", function () {
    html.classList.remove("quick-exit-hidden");
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
    clearTimeout(window_);
    window_ = null;
    presses = 0;
    show(0);
    say("");
  });
})();

// The encrypted partner area (site.toml: [partners] protection =
// "encrypted"): a page's content is encrypted at build time; the
// password a partner types gives a key (PBKDF2-SHA256, the iterations and
// salt the page carries) that opens the area's key, which opens the page
// (AES-256-GCM, bound to the page's address). The area's key is kept for
// the tab only (session storage), so that the next page opens at once;
// « Fermer l'espace » and the quick exit forget it.
(function () {
  "use strict";
  var box = document.getElementById("area-content");
  var panel = document.getElementById("area-unlock");
  if (!box || !box.hasAttribute("data-sealed") || !panel || !window.crypto || !window.crypto.subtle) {
    return;
  }
  var subtle = window.crypto.subtle;
  var form = panel.querySelector("form");
  var wrong = document.getElementById("area-wrong");
  var close = document.getElementById("area-close");
  var enc = new TextEncoder();
  function bytes(s) {
    var b = atob(s);
    var out = new Uint8Array(b.length);
    for (var i = 0; i < b.length; i++) {
      out[i] = b.charCodeAt(i);
    }
    return out;
  }
  function text(buf) {
    var b = new Uint8Array(buf);
    var s = "";
    for (var i = 0; i < b.length; i++) {
      s += String.fromCharCode(b[i]);
    }
    return btoa(s);
  }
  function aes(raw) {
    return subtle.importKey("raw", raw, "AES-GCM", false, ["decrypt"]);
  }
  function show(master) {
    return aes(master).then(function (key) {
      return subtle.decrypt({ name: "AES-GCM", iv: bytes(box.getAttribute("data-nonce")),
        additionalData: enc.encode(box.getAttribute("data-aad")) }, key, bytes(box.getAttribute("data-sealed")));
    }).then(function (plain) {
      box.innerHTML = new TextDecoder().decode(plain);
      box.hidden = false;
      var title = document.getElementById("area-title");
      if (title) {
        title.hidden = true; // the page's own heading is back
      }
      form.hidden = true;
      close.hidden = false;
    });
  }
  function unlock(password) {
    var lock = JSON.parse(box.getAttribute("data-lock"));
    return subtle.importKey("raw", enc.encode(password), "PBKDF2", false, ["deriveBits"]).then(function (base) {
      return subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: bytes(lock.salt), iterations: lock.iter }, base, 256);
    }).then(aes).then(function (kek) {
      // The partner's copy of the area's key is the one this key opens.
      var tries = lock.keys.map(function (k) {
        return subtle.decrypt({ name: "AES-GCM", iv: bytes(k.n), additionalData: enc.encode("relais-area") }, kek, bytes(k.k))
          .then(function (m) { return m; }, function () { return null; });
      });
      return Promise.all(tries);
    }).then(function (found) {
      var master = found.filter(Boolean)[0];
      if (!master) {
        return false;
      }
      try {
        sessionStorage.setItem("relais.area", text(master));
      } catch (err) {}
      return show(master).then(function () { return true; });
    });
  }
  panel.hidden = false;
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var input = form.querySelector("input[type=password]");
    wrong.hidden = true;
    unlock(input.value).then(function (ok) {
      input.value = "";
      if (!ok) {
        wrong.hidden = false;
        input.focus();
      } else {
        box.focus();
      }
    }, function () {
      wrong.hidden = false;
    });
  });
  close.addEventListener("click", function () {
    try {
      sessionStorage.removeItem("relais.area");
    } catch (err) {}
    window.location.reload();
  });
  var kept = null;
  try {
    kept = sessionStorage.getItem("relais.area");
  } catch (err) {}
  if (kept) {
    show(bytes(kept)).catch(function () {
      // A key of an earlier build (a partner was removed): ask again.
      try {
        sessionStorage.removeItem("relais.area");
      } catch (err) {}
    });
  }
})();

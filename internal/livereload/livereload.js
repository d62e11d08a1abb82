// relais serve: live reload. Served by the dev server only.
(function () {
  "use strict";
  var me = document.currentScript;
  var base = me ? me.src.replace(/_relais\/livereload\.js.*$/, "") : "/";
  // The version of the site this page was served at.
  var version = me ? new URL(me.src).searchParams.get("v") : null;
  var overlay = null;

  function showError(text, heading) {
    if (!document.querySelector("link[data-relais-overlay]")) {
      var css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = base + "_relais/livereload.css";
      css.setAttribute("data-relais-overlay", "");
      document.head.appendChild(css);
    }
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "relais-error";
      overlay.setAttribute("role", "alert");
      var title = document.createElement("p");
      title.className = "relais-error-title";
      title.textContent = heading || "relais: the build failed";
      var pre = document.createElement("pre");
      overlay.appendChild(title);
      overlay.appendChild(pre);
      document.body.appendChild(overlay);
    }
    overlay.querySelector(".relais-error-title").textContent = heading || "relais: the build failed";
    overlay.querySelector("pre").textContent = text;
  }

  function hideError() {
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
  }

  function swapCSS(paths) {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    links.forEach(function (link) {
      var url = new URL(link.href, location.href);
      var match = paths.some(function (p) { return url.pathname === p; });
      if (!match) {
        return;
      }
      var fresh = link.cloneNode();
      url.searchParams.set("relais", String(Date.now()));
      fresh.href = url.toString();
      fresh.addEventListener("load", function () { link.remove(); });
      link.after(fresh);
    });
  }

  function connect() {
    var es = new EventSource(base + "_relais/events");
    es.onmessage = function (event) {
      var msg = JSON.parse(event.data);
      if (msg.type === "hello") {
        // Tells tools (and tests) that the page follows the server.
        document.documentElement.setAttribute("data-relais", "connected");
        // The site changed, or the server restarted, since this page was
        // served: what is shown may be stale.
        if (version && msg.version !== version) {
          if (msg.navigate && msg.navigate !== location.pathname) {
            location.assign(msg.navigate);
          } else {
            location.reload();
          }
        }
        return;
      }
      if (msg.type === "error") {
        showError(msg.error, msg.title);
        return;
      }
      if (msg.type === "ok") {
        hideError();
        return;
      }
      hideError();
      if (msg.type === "css") {
        swapCSS(msg.css || []);
        return;
      }
      if (msg.type === "reload") {
        if (msg.navigate && msg.navigate !== location.pathname) {
          location.assign(msg.navigate);
        } else {
          location.reload();
        }
      }
    };
    es.onerror = function () {
      // The browser retries by itself (retry: 500), except when it gives
      // up on a connection that failed outright: then try again here.
      if (es.readyState === EventSource.CLOSED) {
        es.close();
        setTimeout(connect, 500);
      }
    };
  }
  connect();
})();

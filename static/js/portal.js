// The portal's own script: small, no inline code (the CSP forbids it).
(function () {
  "use strict";
  document.documentElement.classList.remove("no-js");

  var ready = false;  // declared before the first init() call, so the handlers bind once
  document.body && init();
  document.addEventListener("DOMContentLoaded", init, { once: true });

  function init() {
    if (ready || !document.body) return;
    ready = true;
    document.body.addEventListener("flash", function (event) {
      if (event.detail && event.detail.value) announce(event.detail.value, "success");
    });
    // Buttons that ask before a destructive action: data-confirm="Question?"
    document.body.addEventListener("submit", function (event) {
      var form = event.target;
      var question = form.getAttribute && form.getAttribute("data-confirm");
      if (question && !window.confirm(question)) {
        event.preventDefault();
        event.stopPropagation();
      }
    }, true);
    document.body.addEventListener("htmx:beforeSwap", beforeSwap);
    // A link to a file (marked `download`) is a plain link: never boosted into an AJAX swap.
    document.body.addEventListener("htmx:beforeProcessNode", function (event) {
      var node = event.target;
      if (node.matches && node.matches("a[download]")) node.setAttribute("hx-boost", "false");
    });
    document.body.addEventListener("htmx:sendError", function () {
      announce("The portal could not be reached. Check your connection; nothing was lost: try again.", "error");
    });
  }

  // Success (`flash`) and error messages go to the polite live region at the top of the page.
  function announce(message, kind) {
    var region = document.getElementById("flash-region");
    if (!region) return;
    var alert = document.createElement("div");
    alert.className = "usa-alert usa-alert--" + kind + " usa-alert--slim";
    var body = document.createElement("div");
    body.className = "usa-alert__body";
    var text = document.createElement("p");
    text.className = "usa-alert__text";
    text.textContent = message;
    body.appendChild(text);
    alert.appendChild(body);
    region.replaceChildren(alert);
    if (kind === "error") region.scrollIntoView({ block: "nearest" });
  }

  function beforeSwap(event) {
    var detail = event.detail;
    var xhr = detail.xhr;
    // A file (CSV, XLSX, PDF, JSON, ICS...) is never swapped into the page: let the browser fetch
    // it as a download, the way it would without JavaScript.
    var disposition = xhr.getResponseHeader("Content-Disposition") || "";
    var type = xhr.getResponseHeader("Content-Type") || "";
    if (xhr.status < 400 && (/^\s*attachment/i.test(disposition) || (type && type.indexOf("text/html") !== 0))) {
      detail.shouldSwap = false;
      window.location.assign(detail.pathInfo && detail.pathInfo.requestPath || xhr.responseURL);
      return;
    }
    if (xhr.status < 400 || xhr.status === 422) return;
    // Every other refusal (403, 404, 409, 413, 429, 5xx) shows its message: a boosted link gets the
    // whole error page, as without JavaScript; a form or fragment request keeps the page (and
    // what the user typed) and announces the server's message in the live region.
    var verb = detail.requestConfig && detail.requestConfig.verb;
    if (detail.boosted && verb === "get") {
      detail.shouldSwap = true;
      detail.isError = false;
      return;
    }
    announce(errorMessage(xhr), "error");
  }

  function errorMessage(xhr) {
    try {
      var page = new DOMParser().parseFromString(xhr.responseText, "text/html");
      var section = page.querySelector(".portal-error");
      if (section) {
        var parts = [];
        section.querySelectorAll("h1, .usa-intro, p:not(:last-child)").forEach(function (node) {
          var text = node.textContent.trim();
          if (text && parts.indexOf(text) < 0) parts.push(text);
        });
        if (parts.length) return parts.join(" ");
      }
    } catch (ignored) { /* fall through to the status */ }
    return "The portal answered " + xhr.status + ": the change was not made. Reload the page and try again.";
  }
})();

// The portal's own script: small, no inline code (the CSP forbids it).
(function () {
  "use strict";
  document.documentElement.classList.remove("no-js");

  // Success messages from htmx responses (HX-Trigger: {"flash": "..."}) go to the polite live region.
  document.body && init();
  document.addEventListener("DOMContentLoaded", init, { once: true });

  var ready = false;
  function init() {
    if (ready || !document.body) return;
    ready = true;
    document.body.addEventListener("flash", function (event) {
      var region = document.getElementById("flash-region");
      if (!region || !event.detail || !event.detail.value) return;
      var alert = document.createElement("div");
      alert.className = "usa-alert usa-alert--success usa-alert--slim";
      var body = document.createElement("div");
      body.className = "usa-alert__body";
      var text = document.createElement("p");
      text.className = "usa-alert__text";
      text.textContent = event.detail.value;
      body.appendChild(text);
      alert.appendChild(body);
      region.replaceChildren(alert);
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
    document.body.addEventListener("htmx:confirm", function (event) {
      var form = event.target.closest && event.target.closest("form[data-confirm]");
      if (form && !event.detail.question) {
        // handled by the submit listener above
      }
    });
  }
})();

// The desk's progressive enhancements. Every feature works without this file.
(function () {
  "use strict";

  // Markdown preview: fetch the server's sanitized rendering instead of reloading the page.
  document.querySelectorAll("[data-preview-url]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      var form = button.form;
      var target = document.getElementById(button.getAttribute("data-preview-target"));
      if (!form || !target || !window.fetch) {
        return; // the plain form submission renders the preview
      }
      event.preventDefault();
      var data = new FormData();
      data.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
      var source = form.querySelector("[name=explanation]");
      data.append("explanation", source ? source.value : "");
      target.setAttribute("aria-busy", "true");
      fetch(button.getAttribute("data-preview-url"), {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" },
      })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(response.status);
          }
          return response.text();
        })
        .then(function (html) {
          target.innerHTML = html; // sanitized by the server (nh3)
        })
        .catch(function () {
          form.requestSubmit(button); // fall back to the full-page preview
        })
        .finally(function () {
          target.removeAttribute("aria-busy");
        });
    });
  });

  // Open the panel a failed form came back to, and bring it into view.
  var open = document.querySelector("details[data-open-on-load]");
  if (open) {
    open.open = true;
    open.scrollIntoView({ block: "start" });
    var firstInvalid = open.querySelector(".is-invalid");
    if (firstInvalid) {
      firstInvalid.focus();
    }
  }
})();

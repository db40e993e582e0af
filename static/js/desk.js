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

  // Never lose typed work. A workflow button sends only its own form ("Submit for review" sends the
  // verdict form, which the server saves first), so text typed in any other form would go with the page.
  // The step is not sent then: the person is told which form holds the changes and taken to it.
  // Forms are compared with what they held when the page was shown; one shown again after a refusal
  // (data-unsaved-on-load) holds unsaved text from the start.
  var tracked = Array.prototype.slice.call(document.querySelectorAll("form[data-unsaved-name]"));
  var shownWith = new Map();

  function fieldsOf(form) {
    return Array.prototype.filter.call(form.elements, function (field) {
      return field.name && !/^(hidden|submit|button|reset)$/.test(field.type);
    });
  }

  function valueOf(field) {
    if (field.type === "checkbox" || field.type === "radio") {
      return String(field.checked);
    }
    if (field.tagName === "SELECT") {
      return Array.prototype.map.call(field.options, function (option) {
        return option.selected ? "1" : "0";
      }).join("");
    }
    return field.value;
  }

  function firstChanged(form) {
    var fields = fieldsOf(form);
    if (form.hasAttribute("data-unsaved-on-load")) {
      return form.querySelector(".is-invalid") || fields[0] || null;
    }
    for (var i = 0; i < fields.length; i++) {
      if (valueOf(fields[i]) !== shownWith.get(fields[i])) {
        return fields[i];
      }
    }
    return null;
  }

  tracked.forEach(function (form) {
    fieldsOf(form).forEach(function (field) {
      shownWith.set(field, valueOf(field));
    });
  });

  var warning = document.getElementById("unsaved-warning");
  var leavingWith = null; // the form being sent: its own changes are not lost

  function refuse(form, field, button) {
    var panel = form.closest("details");
    if (panel) {
      panel.open = true;
    }
    var message = document.createElement("p");
    message.className = "alert alert-warning py-2 mb-3";
    message.textContent = warning
      .getAttribute("data-template")
      .replace("%(form)s", form.getAttribute("data-unsaved-name"))
      .replace("%(step)s", button.textContent.trim().toLowerCase());
    warning.replaceChildren(message); // a new node, so the same message is announced again
    field.focus();
  }

  document.addEventListener("submit", function (event) {
    if (event.defaultPrevented) {
      return;
    }
    var form = event.target;
    var button = event.submitter;
    if (warning && button && button.closest("[data-workflow]")) {
      for (var i = 0; i < tracked.length; i++) {
        var field = tracked[i] !== form && firstChanged(tracked[i]);
        if (field) {
          event.preventDefault();
          refuse(tracked[i], field, button);
          return;
        }
      }
    }
    leavingWith = form;
  });

  window.addEventListener("beforeunload", function (event) {
    var sent = leavingWith;
    leavingWith = null;
    var unsaved = tracked.some(function (form) {
      return form !== sent && firstChanged(form);
    });
    if (unsaved) {
      event.preventDefault();
      event.returnValue = ""; // older browsers ask only when this is set
    }
  });
})();

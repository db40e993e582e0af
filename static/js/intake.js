// Intake: tick all / untick all and a live count of the ticked candidates. The form works without it.
(function () {
  "use strict";

  var form = document.querySelector("[data-intake-form]");
  if (!form) {
    return;
  }
  var boxes = Array.prototype.slice.call(form.querySelectorAll(".candidate-keep input[type=checkbox]"));
  var count = form.querySelector("[data-intake-count]");

  function refresh() {
    var ticked = 0;
    boxes.forEach(function (box) {
      var card = box.closest(".candidate");
      if (card) {
        card.classList.toggle("is-kept", box.checked);
      }
      if (box.checked) {
        ticked += 1;
      }
    });
    if (count) {
      count.textContent = ticked + " of " + boxes.length + " ticked";
    }
  }

  form.querySelectorAll("[data-intake-select]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var checked = button.getAttribute("data-intake-select") === "all";
      boxes.forEach(function (box) {
        box.checked = checked;
      });
      refresh();
    });
  });
  boxes.forEach(function (box) {
    box.addEventListener("change", refresh);
  });
  refresh();

  // Come back to the first problem after a refused save.
  var invalid = form.querySelector(".is-invalid");
  if (invalid) {
    invalid.focus();
  }
})();

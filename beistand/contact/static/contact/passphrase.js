/* Copy and print buttons for the passphrase page. Without JavaScript the page
   works as it is: the passphrase can be selected in its field and printed with
   the browser's own menu. Served from this site (the CSP allows no inline code). */
(function () {
  "use strict";
  var tools = document.querySelector(".passphrase-tools");
  if (!tools) { return; }
  var status = document.querySelector(".copy-status");
  tools.hidden = false;

  var copy = tools.querySelector("[data-copy]");
  if (copy) {
    copy.addEventListener("click", function () {
      var field = document.getElementById(copy.getAttribute("data-copy"));
      var done = function () { if (status) { status.textContent = copy.getAttribute("data-done"); } };
      field.focus();
      field.select();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, function () {});
      } else if (document.execCommand && document.execCommand("copy")) {
        done();
      }
    });
  }

  var print = tools.querySelector("[data-print]");
  if (print) {
    print.addEventListener("click", function () { window.print(); });
  }
}());

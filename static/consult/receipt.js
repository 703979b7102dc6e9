// The anonymous receipt (grievances/receipt.html): copy both codes, and ask before the page is
// left or reloaded until the person says they saved them (the secret is shown only once).
(function () {
  var receipt = document.querySelector("[data-warn-before-leaving]");
  if (!receipt) return;
  var saved = document.getElementById("receipt-saved");
  var copy = document.getElementById("copy-receipt");
  var status = document.getElementById("copy-status");
  var leaving = false; // the download form submits without leaving the page

  window.addEventListener("beforeunload", function (event) {
    if ((saved && saved.checked) || leaving) {
      leaving = false;
      return;
    }
    event.preventDefault();
    event.returnValue = "";
  });
  var download = document.getElementById("receipt-download");
  if (download) {
    download.addEventListener("submit", function () {
      leaving = true; // an attachment: the page stays
    });
  }
  if (copy) {
    copy.addEventListener("click", function () {
      var text = copy.dataset.copyText;
      var done = function () {
        if (status) status.textContent = copy.dataset.copied;
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, function () {});
      } else {
        var area = document.createElement("textarea");
        area.value = text;
        document.body.appendChild(area);
        area.select();
        try {
          document.execCommand("copy");
          done();
        } finally {
          document.body.removeChild(area);
        }
      }
    });
  }
})();

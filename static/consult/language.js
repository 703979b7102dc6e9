// The language switch in the header submits itself (no inline handlers: CSP script-src 'self').
document.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
  select.addEventListener("change", function () {
    select.form.submit();
  });
});

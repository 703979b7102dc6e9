// Steps that cannot be undone ask first: a form with data-confirm="…" submits only when the
// person confirms the question (no inline handlers: CSP script-src 'self').
document.querySelectorAll("form[data-confirm]").forEach(function (form) {
  form.addEventListener("submit", function (event) {
    if (!window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });
});

// Steps that cannot be undone ask first: a form, or the button that submits it, with
// data-confirm="…" submits only when the person confirms the question (the button's question
// wins, so one form may carry two steps). No inline handlers: CSP script-src 'self'.
document.addEventListener("submit", function (event) {
  var button = event.submitter;
  var question = (button && button.dataset.confirm) || event.target.dataset.confirm;
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

// Destructive actions ask first: a form, or the button that submits it, may carry
// data-confirm="question". Without JavaScript the action goes ahead as before;
// the pages that need it (deleting an account) ask on the page itself as well.
document.addEventListener("submit", function (event) {
  var button = event.submitter;
  var question = (button && button.getAttribute("data-confirm")) ||
    event.target.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
}, true);

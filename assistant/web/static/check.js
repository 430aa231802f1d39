// /check: when a report arrives, move focus to it so it is announced and in view (the form
// posts to /check#results, so without this file the page still scrolls to the results).
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var results = document.getElementById("results");
  if (results) results.focus();
  var error = document.querySelector(".error[role=alert]");
  if (!results && error) {
    var field = document.getElementById("text");
    if (field) field.focus();
  }
})();

// clinicsite questionnaire: shows the result as the patient answers.
// Answers stay in this page: nothing is sent, stored or put in the URL.
// The rules come from questionnaire-data.js, generated from the same data as
// the Rust reference evaluator; this follows it exactly.
(function () {
  "use strict";
  var form = document.getElementById("qn");
  var data = window.clinicsiteQuestionnaire;
  if (!form || !data) { return; }
  form.classList.add("qn--js");
  var status = document.getElementById("qn-status");
  var pending = form.querySelector(".qn-pending");
  var body = form.querySelector(".qn-result-body");
  var reasonsBox = form.querySelector(".qn-reasons");

  function answers() {
    var result = [];
    for (var qi = 0; qi < data.questions.length; qi++) {
      var checked = form.querySelector("input[name=\"q" + qi + "\"]:checked");
      if (!checked) { return null; }
      result.push(Number(checked.id.slice(checked.id.indexOf("a") + 1)));
    }
    return result;
  }

  function evaluate(given) {
    var matched = data.rules.filter(function (rule) {
      return rule.conditions.every(function (c) { return c[1].indexOf(given[c[0]]) !== -1; });
    });
    matched.sort(function (a, b) { return a.outcome - b.outcome || a.number - b.number; });
    return {
      outcome: matched.length ? matched[0].outcome : data.outcomes.length - 1,
      reasons: matched.map(function (r) { return r.number; })
    };
  }

  function setActive(element, on) { if (element) { element.classList.toggle("is-active", on); } }

  var lastAnnounced = "";
  function update() {
    var given = answers();
    var result = given ? evaluate(given) : null;
    setActive(body, !!result);
    if (pending) { pending.classList.toggle("is-hidden", !!result); }
    var outcomes = form.querySelectorAll(".qn-outcome");
    for (var i = 0; i < outcomes.length; i++) {
      setActive(outcomes[i], !!result && outcomes[i].classList.contains("qn-outcome--" + result.outcome));
    }
    var reasons = form.querySelectorAll(".qn-reason");
    for (var j = 0; j < reasons.length; j++) {
      setActive(reasons[j], !!result && result.reasons.indexOf(Number(reasons[j].getAttribute("data-rule"))) !== -1);
    }
    setActive(reasonsBox, !!result && result.reasons.length > 0);
    var message = result ? "Your result: " + data.outcomes[result.outcome] + ". The reasons are shown under Your result." : "";
    if (status && message !== lastAnnounced) {
      status.textContent = message;
      lastAnnounced = message;
    }
  }

  form.addEventListener("change", update);
  form.addEventListener("reset", function () { window.setTimeout(update, 0); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  update();
}());

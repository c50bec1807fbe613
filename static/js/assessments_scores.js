// ITA score entry: beside an indicator with sub-indicators, show the mean of the
// sub-indicator scores typed so far, so a mistyped score stands out. Only a hint while
// typing: the server validates every score and computes every figure on save.
(function () {
  "use strict";

  function parse(value) {
    var text = String(value).trim();
    if (!/^\d{1,3}(\.\d{1,2})?$/.test(text)) return null;
    var n = parseFloat(text);
    return n >= 0 && n <= 100 ? n : null;
  }

  function update(form, number) {
    var out = form.querySelector('[data-mean-of="' + number + '"]');
    if (!out) return;
    var values = [];
    form.querySelectorAll('tr[data-sub-of="' + number + '"] input').forEach(function (input) {
      var n = parse(input.value);
      if (n !== null) values.push(n);
    });
    if (!values.length) { out.textContent = ""; return; }
    var mean = values.reduce(function (a, b) { return a + b; }, 0) / values.length;
    out.textContent = "ค่าเฉลี่ยตัวชี้วัดย่อย " + mean.toFixed(2);
  }

  document.querySelectorAll("form[data-scores]").forEach(function (form) {
    form.addEventListener("input", function (event) {
      var row = event.target.closest("tr[data-sub-of]");
      if (row) update(form, row.getAttribute("data-sub-of"));
    });
    form.querySelectorAll("[data-mean-of]").forEach(function (out) { update(form, out.getAttribute("data-mean-of")); });
  });
})();

// Print buttons without inline script (Content-Security-Policy friendly).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});

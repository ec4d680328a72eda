// /redoc: start Redoc on the app's OpenAPI document (no inline script: the CSP allows none).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var target = document.getElementById("redoc");
    // disableSearch: Redoc's search runs in a worker made from a blob: URL, which the CSP refuses.
    window.Redoc.init(target.dataset.openapiUrl, { nativeScrollbars: true, disableSearch: true }, target);
  });
})();

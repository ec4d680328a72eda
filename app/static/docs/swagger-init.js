// /docs: start Swagger UI on the app's OpenAPI document (no inline script: the CSP allows none).
// "Try it out" sends the page's form token, as the app's own pages do (see app/core/csrf.py).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var target = document.getElementById("swagger-ui");
    var meta = document.querySelector('meta[name="csrf-token"]');
    var token = meta ? meta.content : "";
    window.SwaggerUIBundle({
      url: target.dataset.openapiUrl,
      dom_id: "#swagger-ui",
      layout: "BaseLayout",
      validatorUrl: null, // never send the document's address to swagger.io's validator
      deepLinking: true,
      showExtensions: true,
      showCommonExtensions: true,
      presets: [window.SwaggerUIBundle.presets.apis],
      requestInterceptor: function (request) {
        if (token && request.method && request.method.toUpperCase() !== "GET") request.headers["X-CSRF-Token"] = token;
        return request;
      },
    });
  });
})();

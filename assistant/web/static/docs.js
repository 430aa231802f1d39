// Starts Swagger UI on /docs from files this app serves itself: no CDN, no inline script.
(function () {
  "use strict";
  var holder = document.getElementById("swagger-ui");
  if (!holder || typeof window.SwaggerUIBundle !== "function") return;
  window.SwaggerUIBundle({
    url: holder.getAttribute("data-spec"),
    dom_id: "#swagger-ui",
    deepLinking: true,
    layout: "BaseLayout",
    defaultModelsExpandDepth: 0,
    docExpansion: "list",
    validatorUrl: null
  });
})();

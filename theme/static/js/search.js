/* Full-text search with Pagefind. The index and Pagefind's own UI are files of this site
   (built by tools/build.py into pagefind/), so searching needs no other host and no network
   beyond this site. ?q=word in the address starts a search, so results can be linked to. */
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box || typeof window.PagefindUI !== "function") return;
  var bundle = new URL(box.getAttribute("data-bundle"), document.baseURI);
  var ui = new window.PagefindUI({
    element: "#search",
    bundlePath: bundle.pathname,
    baseUrl: new URL("..", bundle).pathname,
    showSubResults: true,
    showImages: false,
    excerptLength: 40, // words: enough to show the sentence that matched
    resetStyles: false,
    translations: { placeholder: "Search this site" }
  });
  var fallback = document.getElementById("search-fallback");
  if (fallback) fallback.hidden = true;
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    ui.triggerSearch(query);
    var header = document.getElementById("header-search-q");
    if (header) header.value = query;
  }
})();

/*
 * Progressive enhancements; every page works without them.
 *
 * 1. The stories filter: its links lead to the country and theme pages. With JavaScript
 *    they filter the cards in place instead, and the address keeps the filter
 *    (?country=<country address name>, ?theme=<theme id>), so it can be shared and
 *    survives a reload.
 * 2. "Copy link" on story pages, shown only where the browser can copy.
 * 3. A name for Material's search dialog, which has none (axe and screen readers ask
 *    one of every dialog). Search needs JavaScript anyway, so naming it here suffices.
 */
(function () {
  "use strict";

  function setUpFilter(nav) {
    var list = document.querySelector("[data-ss-filterable]");
    if (!list) {
      return;
    }
    var cards = Array.prototype.slice.call(list.children);
    var links = Array.prototype.slice.call(nav.querySelectorAll("a[data-ss-filter]"));
    var status = nav.querySelector(".ss-filter__status");
    var reset = nav.querySelector(".ss-filter__reset");

    function matches(card, kind, value) {
      if (kind === "country") {
        return card.getAttribute("data-country") === value;
      }
      return (" " + card.getAttribute("data-themes") + " ").indexOf(" " + value + " ") !== -1;
    }

    function apply(kind, value) {
      var link = links.filter(function (candidate) {
        return candidate.getAttribute("data-ss-filter") === kind && candidate.getAttribute("data-ss-value") === value;
      })[0];
      if (!link) {
        kind = null;
      }
      var shown = 0;
      cards.forEach(function (card) {
        var visible = !kind || matches(card, kind, value);
        card.hidden = !visible;
        shown += visible ? 1 : 0;
      });
      links.forEach(function (candidate) {
        if (candidate === link) {
          candidate.setAttribute("aria-current", "true");
        } else {
          candidate.removeAttribute("aria-current");
        }
      });
      status.hidden = !kind;
      reset.hidden = !kind;
      status.textContent = kind
        ? "Showing " + shown + (shown === 1 ? " story" : " stories") + ": " + link.getAttribute("data-ss-label")
        : "";
    }

    function fromAddress() {
      var params = new URLSearchParams(window.location.search);
      var kind = params.has("country") ? "country" : params.has("theme") ? "theme" : null;
      apply(kind, kind ? params.get(kind) : null);
    }

    function go(kind, value) {
      var url = new URL(window.location.href);
      url.search = kind ? "?" + kind + "=" + encodeURIComponent(value) : "";
      window.history.pushState(null, "", url.toString());
      apply(kind, value);
    }

    links.forEach(function (link) {
      link.addEventListener("click", function (event) {
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
          return; // a new tab or window: let the link lead to the country or theme page
        }
        event.preventDefault();
        go(link.getAttribute("data-ss-filter"), link.getAttribute("data-ss-value"));
      });
    });
    reset.addEventListener("click", function () {
      go(null, null);
    });
    window.addEventListener("popstate", fromAddress);
    fromAddress();
  }

  function setUpCopy(button) {
    if (!navigator.clipboard || !window.isSecureContext) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.getAttribute("data-ss-copy")).then(function () {
        button.textContent = "Link copied";
      });
    });
  }

  var search = document.querySelector('.md-search[role="dialog"]');
  if (search && !search.hasAttribute("aria-label")) {
    search.setAttribute("aria-label", "Search");
  }

  Array.prototype.forEach.call(document.querySelectorAll(".ss-filter"), setUpFilter);
  Array.prototype.forEach.call(document.querySelectorAll("[data-ss-copy]"), setUpCopy);
})();

/*
 * Progressive enhancements; every page works without them.
 *
 * 1. The stories filter: its links lead to the country and theme pages. With JavaScript
 *    they show that country's or theme's stories in place instead, all of them: the page
 *    holds only its own 24 cards, so the cards come from the country's or theme's own
 *    pages (same origin), fetched one page at a time ("Show more stories"), read with
 *    DOMParser and moved in as nodes (never HTML built from strings), their addresses
 *    made absolute first. The address keeps the filter (?country=<country address
 *    name>, ?theme=<theme id>), so it can be shared and survives a reload. Should a
 *    page not load, the link leads to it as it would without JavaScript.
 * 2. "Copy link" on story pages, shown only where the browser can copy.
 * 3. A name for Material's search dialog, which has none (axe and screen readers ask
 *    one of every dialog). Search needs JavaScript anyway, so naming it here suffices.
 */
(function () {
  "use strict";

  // The addresses in a card moved from the page at `base` to this one, made absolute.
  function absolute(node, base) {
    Array.prototype.forEach.call(node.querySelectorAll("[href]"), function (element) {
      element.setAttribute("href", new URL(element.getAttribute("href"), base).href);
    });
    Array.prototype.forEach.call(node.querySelectorAll("[src]"), function (element) {
      element.setAttribute("src", new URL(element.getAttribute("src"), base).href);
    });
    Array.prototype.forEach.call(node.querySelectorAll("[srcset]"), function (element) {
      var candidates = element.getAttribute("srcset").split(",").map(function (candidate) {
        var parts = candidate.trim().split(/\s+/);
        parts[0] = new URL(parts[0], base).href;
        return parts.join(" ");
      });
      element.setAttribute("srcset", candidates.join(", "));
    });
    return node;
  }

  function setUpFilter(nav) {
    var list = document.querySelector("[data-ss-filterable]");
    var results = document.querySelector("[data-ss-results]");
    if (!list || !results) {
      return;
    }
    var pages = document.querySelector("[data-ss-pages]");
    var moreLine = document.querySelector(".ss-filter__more-line");
    var more = moreLine.querySelector("button");
    var panel = nav.querySelector("details");
    var links = Array.prototype.slice.call(nav.querySelectorAll("a[data-ss-filter]"));
    var status = nav.querySelector(".ss-filter__status");
    var reset = nav.querySelector(".ss-filter__reset");
    var chosen = null; // the link of the filter in use
    var next = null; // the address of the chosen list's next page, if any
    var loading = 0; // increases with every choice: an answer to an older one is dropped

    function report() {
      var shown = results.children.length;
      var total = Number(chosen.getAttribute("data-ss-count"));
      var label = chosen.getAttribute("data-ss-label");
      status.textContent = next
        ? "Showing " + shown + " of " + total + " stories: " + label
        : "Showing " + shown + (shown === 1 ? " story" : " stories") + ": " + label;
    }

    // Appends the cards of the list page at `address`; `first` is the card to focus.
    function load(address, focusFirst) {
      var ticket = loading;
      more.disabled = true;
      return fetch(address, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok || new URL(response.url).origin !== window.location.origin) {
          throw new Error("not loaded");
        }
        return response.text().then(function (text) {
          return { base: response.url, page: new DOMParser().parseFromString(text, "text/html") };
        });
      }).then(function (loaded) {
        if (ticket !== loading) {
          return;
        }
        var cards = loaded.page.querySelector("[data-ss-cards]");
        if (!cards) {
          throw new Error("no cards");
        }
        var added = Array.prototype.map.call(cards.children, function (card) {
          return results.appendChild(absolute(document.importNode(card, true), loaded.base));
        });
        var following = loaded.page.querySelector('[data-ss-pages] a[rel="next"]');
        next = following ? new URL(following.getAttribute("href"), loaded.base).href : null;
        moreLine.hidden = !next;
        more.disabled = false;
        report();
        if (focusFirst && added.length) {
          var link = added[0].querySelector("a[href]");
          if (link) {
            link.focus();
          }
        }
      }).catch(function () {
        if (ticket === loading) {
          window.location.assign(address); // the page itself, as without JavaScript
        }
      });
    }

    function apply(kind, value) {
      var link = links.filter(function (candidate) {
        return candidate.getAttribute("data-ss-filter") === kind && candidate.getAttribute("data-ss-value") === value;
      })[0] || null;
      loading += 1;
      chosen = link;
      next = null;
      links.forEach(function (candidate) {
        if (candidate === link) {
          candidate.setAttribute("aria-current", "true");
        } else {
          candidate.removeAttribute("aria-current");
        }
      });
      while (results.firstChild) {
        results.removeChild(results.firstChild);
      }
      list.hidden = !!link;
      results.hidden = !link;
      if (pages) {
        pages.hidden = !!link;
      }
      moreLine.hidden = true;
      status.hidden = !link;
      reset.hidden = !link;
      status.textContent = link ? "Loading the stories: " + link.getAttribute("data-ss-label") + "…" : "";
      if (link) {
        load(link.href, false);
      }
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
        if (panel) {
          panel.open = false;
        }
        go(link.getAttribute("data-ss-filter"), link.getAttribute("data-ss-value"));
        reset.focus();
      });
    });
    reset.addEventListener("click", function () {
      go(null, null);
      if (panel) {
        panel.querySelector("summary").focus();
      }
    });
    more.addEventListener("click", function () {
      if (next) {
        load(next, true);
      }
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

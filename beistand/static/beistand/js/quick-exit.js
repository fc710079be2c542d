/* "Leave this page quickly" on every public page (templates/public/base.html).

   Without JavaScript the control is a plain link to a neutral website with
   rel="noreferrer", and the visit stays in the history like any other page.
   This script adds what a browser allows on top:
   - the link and the Esc key hide the page at once and load the neutral site
     with location.replace(), so the page the person was on is overwritten in
     the history and the Back button does not lead back to it;
   - earlier pages of this site in the same tab are still in the history (no
     page can erase history). A flag in sessionStorage makes each of them leave
     again when somebody reaches it with Back or Forward, whether the browser
     restores it from its back/forward cache or loads it anew. Any ordinary
     visit clears the flag, so the person can come back later.
   sessionStorage lives as long as the tab, is never sent to the server and
   holds nothing but the flag. The browsing history itself stays; the safety
   tips on every page say so and recommend a private window.
   Served from this site: the Content Security Policy forbids inline code. */
(function () {
  "use strict";
  var link = document.querySelector("[data-quick-exit]");
  if (!link) { return; }
  var FLAG = "quick-exit";

  function setFlag(on) {
    try {
      if (on) { window.sessionStorage.setItem(FLAG, "1"); } else { window.sessionStorage.removeItem(FLAG); }
    } catch (error) { /* storage switched off: replace() alone still leaves */ }
  }

  function flagIsSet() {
    try { return window.sessionStorage.getItem(FLAG) === "1"; } catch (error) { return false; }
  }

  function leave() {
    setFlag(true);
    // Nothing of this page stays on the screen while the neutral site loads.
    document.body.hidden = true;
    document.title = "";
    window.location.replace(link.href);
  }

  function reachedThroughHistory(event) {
    if (event.persisted) { return true; }  // restored from the back/forward cache
    var entries = window.performance && performance.getEntriesByType ? performance.getEntriesByType("navigation") : [];
    return entries.length > 0 && entries[0].type === "back_forward";
  }

  // Loaded anew through Back or Forward after leaving: leave before anything else happens.
  if (flagIsSet() && reachedThroughHistory({ persisted: false })) {
    leave();
    return;
  }

  link.addEventListener("click", function (event) {
    event.preventDefault();
    leave();
  });

  document.addEventListener("keydown", function (event) {
    var escape = event.key === "Escape" || event.key === "Esc";
    // A widget that handles Esc itself (and an input method composing text) keeps it.
    if (escape && !event.defaultPrevented && !event.isComposing) {
      event.preventDefault();
      leave();
    }
  });

  window.addEventListener("pageshow", function (event) {
    if (flagIsSet() && reachedThroughHistory(event)) {
      leave();
      return;
    }
    setFlag(false);
    document.body.hidden = false;
  });

  link.setAttribute("aria-keyshortcuts", "Escape");
  var hint = document.querySelector("[data-quick-exit-hint]");
  if (hint) { hint.hidden = false; }
}());

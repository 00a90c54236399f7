/* Session time limits people can see and extend (WCAG 2.2.1), and what they typed kept across a re-login.
 *
 * The page says (on #session-dialog) how many seconds of inactivity end the session and how many remain before
 * its absolute limit. Two minutes before the idle limit a dialog asks whether to stay signed in; "Stay signed in"
 * asks the server to extend the session. Every request the page makes (htmx) counts as activity. When the time
 * is up the browser goes to the login page, which says that the session ended.
 *
 * Forms marked data-keep-draft keep what is typed in the tab's sessionStorage (gone when the tab is closed) until
 * they are sent; if the session ended before sending, the form offers to restore the text after logging in again.
 */
(function () {
  "use strict";
  var WARN_BEFORE = 120; // seconds

  function initSessionDialog() {
    var dialog = document.getElementById("session-dialog");
    if (!dialog || typeof dialog.showModal !== "function") { return; }
    var idle = parseInt(dialog.dataset.idleSeconds, 10);
    var absoluteEnd = Date.now() + 1000 * parseInt(dialog.dataset.absoluteRemaining, 10);
    var idleEnd = Date.now() + 1000 * idle;
    var message = dialog.querySelector("[data-session-remaining]");
    var extend = dialog.querySelector("[data-session-extend]");
    var csrf = dialog.dataset.csrf;

    function remaining() { return Math.min(idleEnd, absoluteEnd) - Date.now(); }
    function minutesText(ms) {
      var minutes = Math.max(1, Math.ceil(ms / 60000));
      return dialog.dataset["minutes" + (minutes === 1 ? "One" : (minutes % 10 >= 2 && minutes % 10 <= 4 && (minutes % 100 < 12 || minutes % 100 > 14)) ? "Few" : "Many")].replace("{n}", minutes);
    }
    function touched() { idleEnd = Date.now() + 1000 * idle; }

    function tick() {
      var left = remaining();
      if (left <= 0) {
        window.location.assign(dialog.dataset.loginUrl + "?next=" + encodeURIComponent(window.location.pathname + window.location.search));
        return;
      }
      if (left <= WARN_BEFORE * 1000) {
        var atLimit = absoluteEnd <= idleEnd;
        extend.hidden = atLimit;
        dialog.querySelector("[data-session-final]").hidden = !atLimit;
        message.textContent = minutesText(left);
        if (!dialog.open) { dialog.showModal(); (atLimit ? dialog.querySelector("[data-session-close]") : extend).focus(); }
      }
    }

    extend.addEventListener("click", function () {
      fetch(dialog.dataset.extendUrl, {method: "POST", credentials: "same-origin", headers: {"X-CSRFToken": csrf}})
        .then(function (response) {
          if (!response.ok) { throw new Error("session"); }
          return response.json();
        })
        .then(function (data) {
          idle = data.idle_seconds; touched();
          absoluteEnd = Date.now() + 1000 * data.absolute_remaining;
          dialog.close();
        })
        .catch(function () { window.location.assign(dialog.dataset.loginUrl); });
    });
    dialog.querySelector("[data-session-close]").addEventListener("click", function () { dialog.close(); });
    document.body.addEventListener("htmx:afterRequest", touched);
    window.setInterval(tick, 1000);
  }

  function initDrafts() {
    document.querySelectorAll("form[data-keep-draft]").forEach(function (form) {
      var key = "draft:" + form.dataset.keepDraft;
      var fields = form.querySelectorAll("textarea, input[type=text], input[type=email], input[type=tel], input[type=url], input[type=number], input[type=date]");
      var saved = null;
      try { saved = JSON.parse(window.sessionStorage.getItem(key) || "null"); } catch (e) { saved = null; }
      var differs = saved && Array.prototype.some.call(fields, function (f) {
        return f.name in saved && saved[f.name] !== f.value;
      });
      if (saved && !differs) { window.sessionStorage.removeItem(key); }
      if (differs) {
        var notice = document.getElementById(form.dataset.keepDraft + "-restore");
        if (notice) {
          notice.hidden = false;
          notice.querySelector("button").addEventListener("click", function () {
            fields.forEach(function (f) { if (f.name in saved) { f.value = saved[f.name]; } });
            notice.hidden = true;
            if (fields.length) { fields[0].focus(); }
          });
        }
      }
      form.addEventListener("input", function () {
        var data = {};
        fields.forEach(function (f) { data[f.name] = f.value; });
        window.sessionStorage.setItem(key, JSON.stringify(data));
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { initSessionDialog(); initDrafts(); });
})();

/* The application form saves itself as the person types, and loses nothing.
 *
 * - Every change is copied at once into localStorage (this browser), then sent to the server a moment
 *   after typing stops (debounced). The copy is dropped once the server has it.
 * - A lost connection, a closed tab or an expired session leaves the copy: the next time the form
 *   opens, the copy is put back into the fields and sent again.
 * - Someone else of the organisation saved meanwhile (409): the message says so, and the person's own
 *   text stays in the fields and in the copy; nothing is overwritten silently.
 * - The submit button works once: a double click sends one form.
 */
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave-url]");
  document.querySelectorAll("[data-confirm]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      if (!window.confirm(button.getAttribute("data-confirm"))) event.preventDefault();
    });
  });
  document.querySelectorAll("form").forEach(function (anyForm) {
    anyForm.addEventListener("submit", function (event) {
      var submitter = event.submitter;
      if (anyForm.dataset.sent === "1") { event.preventDefault(); return; }
      anyForm.dataset.sent = "1";
      if (submitter && submitter.name) {
        // A disabled button is not sent: keep its value in a hidden field.
        var hidden = document.createElement("input");
        hidden.type = "hidden"; hidden.name = submitter.name; hidden.value = submitter.value;
        anyForm.appendChild(hidden);
      }
      anyForm.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
    });
  });
  if (!form) return;

  // The budget table: one more empty line, numbered after the last.
  var addLine = form.querySelector("[data-add-budget-line]");
  if (addLine) {
    addLine.addEventListener("click", function () {
      var body = form.querySelector(".budget-table tbody");
      var last = body.lastElementChild;
      var index = body.children.length;
      var row = last.cloneNode(true);
      row.querySelectorAll("input").forEach(function (input) {
        input.name = input.name.replace(/^budget-\d+-/, "budget-" + index + "-");
        input.value = "";
      });
      body.appendChild(row);
      row.querySelector("input").focus();
    });
  }

  var url = form.getAttribute("data-autosave-url");
  var key = form.getAttribute("data-storage-key");
  var status = form.querySelector(".autosave-status");
  var version = form.querySelector("input[name=version]");
  var timer = null, inFlight = false, again = false;
  var DELAY = 800;

  function say(name) { if (status) status.textContent = status.getAttribute("data-" + name) || name; }
  function sayText(text) { if (status) status.textContent = text; }

  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.type !== "file" && el.type !== "submit" && el.type !== "button" &&
        el.name !== "csrfmiddlewaretoken" && el.name !== "version" && el.name !== "submission_key";
    });
  }
  function snapshot() {
    var data = {};
    fields().forEach(function (el) { data[el.name] = el.value; });
    return data;
  }
  function remember() {
    try { localStorage.setItem(key, JSON.stringify({ values: snapshot(), version: version.value })); } catch (e) { /* private mode */ }
  }
  function forget() { try { localStorage.removeItem(key); } catch (e) { /* ignore */ } }

  function send() {
    if (inFlight) { again = true; return; }
    inFlight = true;
    say("saving");
    var body = new FormData();
    body.append("csrfmiddlewaretoken", form.querySelector("input[name=csrfmiddlewaretoken]").value);
    body.append("version", version.value);
    var values = snapshot();
    Object.keys(values).forEach(function (name) { body.append(name, values[name]); });
    fetch(url, { method: "POST", body: body, credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (type.indexOf("application/json") === -1) { throw new Error("not saved"); } // e.g. signed out
        return response.json().then(function (json) { return { status: response.status, json: json }; });
      })
      .then(function (result) {
        if (result.status === 200) {
          version.value = result.json.version;
          if (JSON.stringify(snapshot()) === JSON.stringify(values)) forget(); else remember();
          say("saved");
        } else {
          if (result.status === 409 && result.json.version) {
            // Told once: the next save applies this person's text over the other's, deliberately.
            version.value = result.json.version;
            remember();
          }
          sayText(result.json.message || "");
          status.classList.add("error");
        }
      })
      .catch(function () { say("offline"); })
      .then(function () {
        inFlight = false;
        if (again) { again = false; send(); }
      });
  }

  function changed() {
    if (status) status.classList.remove("error");
    remember();
    clearTimeout(timer);
    timer = setTimeout(send, DELAY);
  }

  // Put back what this browser kept and the server never got.
  try {
    var kept = JSON.parse(localStorage.getItem(key) || "null");
    if (kept && kept.values) {
      var differs = false;
      // Lines added in the budget table before the copy was made: add them again first.
      var rows = form.querySelectorAll(".budget-table tbody tr").length;
      Object.keys(kept.values).forEach(function (name) {
        var match = /^budget-(\d+)-/.exec(name);
        while (match && addLine && rows <= Number(match[1])) { addLine.click(); rows += 1; }
      });
      fields().forEach(function (el) {
        if (Object.prototype.hasOwnProperty.call(kept.values, el.name) && el.value !== kept.values[el.name]) {
          el.value = kept.values[el.name];
          differs = true;
        }
      });
      // The copy was made on the version it names: if someone saved since, the server answers 409.
      if (differs) { if (kept.version) version.value = kept.version; say("restored"); send(); } else { forget(); }
    }
  } catch (e) { /* a broken copy: ignore it */ }

  form.addEventListener("input", changed);
  form.addEventListener("change", function (event) { if (event.target.type !== "file") changed(); });
  window.addEventListener("online", function () { if (localStorage.getItem(key)) send(); });
  form.addEventListener("submit", function () { remember(); });
})();

/* Minimal staff page: the key stays in sessionStorage; all text goes through textContent. */
(function () {
  "use strict";
  var key = sessionStorage.getItem("staff-key") || "";
  var $ = function (sel) { return document.querySelector(sel); };

  function api(method, path, body) {
    var opts = { method: method, headers: { Authorization: "Bearer " + key } };
    if (body) { opts.headers["Content-Type"] = "application/json"; opts.body = JSON.stringify(body); }
    return fetch("/api/v1/staff" + path, opts).then(function (res) {
      if (res.status === 204) return null;
      return res.json().then(function (data) {
        if (!res.ok) throw new Error((data.error && data.error.message) || res.statusText);
        return data;
      });
    });
  }
  function row(cells) {
    var tr = document.createElement("tr");
    cells.forEach(function (c) {
      var td = document.createElement("td");
      if (c instanceof Node) td.appendChild(c); else td.textContent = c == null ? "" : String(c);
      tr.appendChild(td);
    });
    return tr;
  }
  function fill(id, rows) {
    var body = $("#" + id + " tbody");
    body.textContent = "";
    rows.forEach(function (r) { body.appendChild(row(r)); });
  }
  function when(iso) { return new Date(iso).toLocaleString("ja-JP"); }

  function refresh() {
    return Promise.all([
      api("GET", "/settings").then(function (s) {
        var f = $("#settings");
        f.display_name.value = s.display_name;
        f.allowed_origins.value = s.allowed_origins.join("\n");
        f.contact_text.value = s.contact_text;
        f.theme_color.value = s.theme_color;
        f.default_furigana.value = s.default_furigana;
      }),
      api("GET", "/unanswered").then(function (rows) {
        fill("unanswered", rows.map(function (r) { return [when(r.created_at), r.text, r.reason]; }));
      }),
      api("GET", "/handoffs").then(function (rows) {
        fill("handoffs", rows.map(function (r) {
          var status = document.createElement("select");
          status.setAttribute("aria-label", "状態");
          [["new", "未対応"], ["contacted", "連絡した"], ["closed", "完了"]].forEach(function (o) {
            var opt = document.createElement("option");
            opt.value = o[0];
            opt.textContent = o[1];
            status.appendChild(opt);
          });
          status.value = r.status;
          status.addEventListener("change", function () {
            api("PUT", "/handoffs/" + r.id + "/status", { status: status.value });
          });
          return [when(r.created_at), r.name, r.contact, r.preferred_time, r.message, status];
        }));
      }),
      api("GET", "/directory").then(function (rows) {
        fill("directory", rows.map(function (r) {
          var del = document.createElement("button");
          del.type = "button";
          del.textContent = "削除";
          del.setAttribute("aria-label", r.name + " を削除");
          del.addEventListener("click", function () { api("DELETE", "/directory/" + r.id).then(refresh); });
          return [r.name, r.category, r.area_of_life, r.municipality, r.phone, r.hours, r.notes, del];
        }));
      })
    ]);
  }

  $("#login").addEventListener("submit", function (e) {
    e.preventDefault();
    key = $("#key").value.trim();
    refresh().then(function () {
      sessionStorage.setItem("staff-key", key);
      $("#login").hidden = true;
      $("#content").hidden = false;
    }, function (err) { $("#login-error").textContent = err.message; });
  });
  $("#settings").addEventListener("submit", function (e) {
    e.preventDefault();
    var f = e.target;
    api("PUT", "/settings", {
      display_name: f.display_name.value,
      allowed_origins: f.allowed_origins.value.split("\n").map(function (s) { return s.trim(); }).filter(Boolean),
      contact_text: f.contact_text.value,
      theme_color: f.theme_color.value,
      default_furigana: f.default_furigana.value
    }).then(function () { $("#settings-status").textContent = "保存しました。"; refresh(); },
            function (err) { $("#settings-status").textContent = err.message; });
  });
  $("#new-entry").addEventListener("submit", function (e) {
    e.preventDefault();
    var f = e.target, body = {};
    ["name", "category", "area_of_life", "municipality", "phone", "url", "hours", "notes"].forEach(function (n) { body[n] = f[n].value; });
    api("POST", "/directory", body).then(function () { f.reset(); $("#entry-status").textContent = "追加しました。"; refresh(); },
                                         function (err) { $("#entry-status").textContent = err.message; });
  });
  if (key) {
    refresh().then(function () { $("#login").hidden = true; $("#content").hidden = false; }, function () { sessionStorage.removeItem("staff-key"); });
  }
})();
